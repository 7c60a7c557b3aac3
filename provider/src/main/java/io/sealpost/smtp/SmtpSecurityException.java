package io.sealpost.smtp;

import jakarta.mail.MessagingException;

/**
 * The TLS policy stopped the session: nothing protected by the policy (MAIL, RCPT, DATA, AUTH,
 * message bytes, credentials) was sent. Catch this to handle every "refused to downgrade" case.
 */
public abstract class SmtpSecurityException extends MessagingException {
    private static final long serialVersionUID = 1L;

    protected SmtpSecurityException(String message) {
        super(message);
    }

    protected SmtpSecurityException(String message, Exception cause) {
        super(message, cause);
    }
}
