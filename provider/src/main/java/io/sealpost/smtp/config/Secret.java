package io.sealpost.smtp.config;

import java.util.Arrays;

/**
 * A password, keystore password or token. Its {@code toString} never shows the value, so a secret
 * cannot reach a log, an exception message or the debug trace by accident (SPEC §4.8).
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Null in, null out: absence of a secret stays visible to the caller. */
    public static Secret of(String value) {
        return value == null ? null : new Secret(value.toCharArray());
    }

    public char[] chars() {
        return value.clone();
    }

    public String reveal() {
        return new String(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Arrays.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "******";
    }
}
