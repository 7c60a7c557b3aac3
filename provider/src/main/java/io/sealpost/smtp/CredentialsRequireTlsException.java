package io.sealpost.smtp;

/**
 * Credentials are configured but the connection is not protected by verified TLS, and
 * {@code mail.<protocol>.auth.insecure} is not {@code true}. No credential was sent.
 */
public final class CredentialsRequireTlsException extends SmtpSecurityException {
    private static final long serialVersionUID = 1L;

    public CredentialsRequireTlsException(String message) {
        super(message);
    }
}
