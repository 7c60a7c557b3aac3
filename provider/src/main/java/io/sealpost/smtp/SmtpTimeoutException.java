package io.sealpost.smtp;

import jakarta.mail.MessagingException;

/** A phase of the session did not complete within its timeout; the connection was closed. */
public final class SmtpTimeoutException extends MessagingException {
    private static final long serialVersionUID = 1L;

    /** Which kind of wait ran out, and so which key sets its limit. */
    public enum Phase {
        /** TCP connect (and proxy tunnel); {@code mail.<protocol>.connectiontimeout}. */
        CONNECT,
        /** Waiting for a reply or a handshake message; {@code mail.<protocol>.timeout}. */
        READ,
        /** Writing commands or message data; {@code mail.<protocol>.writetimeout}. */
        WRITE
    }

    private final Phase phase;
    private final String step;

    public SmtpTimeoutException(Phase phase, String step, String message, Exception cause) {
        super(message, cause);
        this.phase = phase;
        this.step = step;
    }

    public Phase phase() {
        return phase;
    }

    /** What the client was doing, for example {@code "reading the reply to EHLO"}. */
    public String step() {
        return step;
    }
}
