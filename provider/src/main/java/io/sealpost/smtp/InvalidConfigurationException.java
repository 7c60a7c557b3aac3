package io.sealpost.smtp;

import jakarta.mail.MessagingException;

/** A Session property has a value Sealpost cannot honour; thrown by connect() before any network traffic. */
public final class InvalidConfigurationException extends MessagingException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    public InvalidConfigurationException(String key, String message, Exception cause) {
        super(message, cause);
        this.key = key;
    }

    /** The full property name, for example {@code mail.smtp.tls.policy}. */
    public String key() {
        return key;
    }
}
