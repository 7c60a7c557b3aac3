package io.sealpost.smtp;

import jakarta.mail.Provider;

/** Registers {@link SmtpsTransport} for {@code smtps} through {@code ServiceLoader} (SPEC §2). */
public final class SmtpsProvider extends Provider {
    public SmtpsProvider() {
        super(Type.TRANSPORT, "smtps", SmtpsTransport.class.getName(), Version.VENDOR, Version.VERSION);
    }
}
