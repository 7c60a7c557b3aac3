package io.sealpost.smtp;

import jakarta.mail.MessagingException;

/**
 * The server broke the SMTP protocol in a way that could be an attack or a fault: a malformed reply,
 * plaintext bytes buffered after the 220 to STARTTLS (CVE-2011-0411 class), a failed post-TLS EHLO.
 * The connection was aborted.
 */
public final class ProtocolViolationException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }
}
