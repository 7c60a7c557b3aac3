package io.sealpost.smtp;

import jakarta.mail.MessagingException;

/** A reply line exceeded 4 KiB or a whole reply exceeded 64 KiB; the session was aborted. */
public final class ReplyTooLongException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public ReplyTooLongException(String message) {
        super(message);
    }
}
