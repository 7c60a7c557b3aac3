package io.sealpost.smtp.config;

import io.sealpost.smtp.InvalidConfigurationException;
import java.util.Properties;

/** Session properties to {@link SmtpSettings}: every default and every validation of SPEC §3 in one place. */
public final class SettingsParser {
    private SettingsParser() {
    }

    /**
     * Parses the keys of {@code protocol} ("smtp" or "smtps").
     *
     * @throws InvalidConfigurationException naming the key, for any value Sealpost cannot honour
     */
    public static SmtpSettings parse(Properties properties, String protocol) throws InvalidConfigurationException {
        throw new UnsupportedOperationException("to be written");
    }
}
