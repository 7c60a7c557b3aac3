package io.sealpost.smtp;

/** The policy is {@code mandatory} and the server's EHLO reply did not offer STARTTLS (RFC 3207). */
public final class StartTlsNotOfferedException extends SmtpSecurityException {
    private static final long serialVersionUID = 1L;

    public StartTlsNotOfferedException(String message) {
        super(message);
    }
}
