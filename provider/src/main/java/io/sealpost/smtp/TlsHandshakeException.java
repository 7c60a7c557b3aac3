package io.sealpost.smtp;

/** The TLS handshake failed before any certificate verdict (no common protocol or suite, alert, reset). */
public final class TlsHandshakeException extends SmtpSecurityException {
    private static final long serialVersionUID = 1L;
    private final String alert;

    public TlsHandshakeException(String message, String alert, Exception cause) {
        super(message, cause);
        this.alert = alert;
    }

    /** The TLS alert or engine message that ended the handshake. */
    public String alert() {
        return alert;
    }
}
