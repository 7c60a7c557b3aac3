package io.sealpost.smtp;

/** The server's certificate failed the configured verification ({@code tls.verify}, {@code tls.pins}). */
public final class CertificateRejectedException extends SmtpSecurityException {
    private static final long serialVersionUID = 1L;

    /** Why the certificate was rejected. */
    public enum Reason {
        EXPIRED, NOT_YET_VALID, UNTRUSTED, NAME_MISMATCH, PIN_MISMATCH, WEAK_KEY, WEAK_SIGNATURE
    }

    private final Reason reason;

    public CertificateRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CertificateRejectedException(Reason reason, String message, Exception cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
