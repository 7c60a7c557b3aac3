package io.sealpost.smtp;

import jakarta.mail.Provider;

/**
 * Registers {@link SmtpTransport} for {@code smtp} through {@code ServiceLoader}
 * ({@code META-INF/services/jakarta.mail.Provider}), seen by jakarta.mail-api 2.1.x (SPEC §2).
 */
public final class SmtpProvider extends Provider {
    public SmtpProvider() {
        super(Type.TRANSPORT, "smtp", SmtpTransport.class.getName(), Version.VENDOR, Version.VERSION);
    }
}
