package io.sealpost.smtp.config;

import java.util.Base64;

/**
 * The one definition of a {@code tls.pins} entry: {@code sha256/} and the standard Base64 of a 32-byte
 * SHA-256 digest of a SubjectPublicKeyInfo (RFC 7469 §2.4). The parser validates with it and the TLS
 * client decodes with it, so the two can never disagree on what a pin is.
 */
public final class PinSyntax {
    public static final String PREFIX = "sha256/";
    public static final int DIGEST_BYTES = 32;

    private PinSyntax() {
    }

    /**
     * The digest a pin names.
     *
     * @throws IllegalArgumentException saying what is wrong: the prefix, the Base64 or the length
     */
    public static byte[] digest(String pin) {
        if (!pin.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("no sha256/ prefix");
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(pin.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
        }
        if (digest.length != DIGEST_BYTES) {
            throw new IllegalArgumentException(digest.length + " bytes, not " + DIGEST_BYTES);
        }
        return digest;
    }

    /** The canonical spelling of a digest as a pin. */
    public static String of(byte[] digest) {
        return PREFIX + Base64.getEncoder().encodeToString(digest);
    }
}
