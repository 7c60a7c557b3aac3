package io.sealpost.smtp.tls;

import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.config.PinSyntax;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Public key pins ({@code tls.pins}): {@code sha256/<base64>} of a certificate's DER-encoded
 * SubjectPublicKeyInfo, the format of HPKP (RFC 7469 §2.4) and OkHttp's {@code CertificatePinner}. A pin
 * on the SPKI, not the certificate, survives the renewal of a certificate with the same key.
 *
 * <p>A chain matches when any certificate in it matches any pin: pin the leaf to pin one server, the
 * intermediate or root to pin a CA.
 */
public final class Pins {
    private final String key;
    private final List<String> pins;
    private final List<byte[]> digests;

    private Pins(String key, List<String> pins, List<byte[]> digests) {
        this.key = key;
        this.pins = List.copyOf(pins);
        this.digests = List.copyOf(digests);
    }

    /** The pin of a certificate, {@code sha256/<base64 of SHA-256 of its SubjectPublicKeyInfo>}. */
    public static String pinOf(X509Certificate certificate) {
        return PinSyntax.of(digestOf(certificate));
    }

    /** Parses {@code tls.pins}; each must be {@code sha256/} and 32 bytes of standard Base64. */
    static Pins parse(List<String> pins, String key) throws InvalidConfigurationException {
        List<String> normalised = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        for (String pin : pins) {
            String trimmed = pin.trim();
            byte[] digest;
            try {
                digest = PinSyntax.digest(trimmed);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(key, key + ": '" + trimmed + "' is not a pin (" + e.getMessage()
                        + "); expected sha256/<base64 of the SHA-256 of the SubjectPublicKeyInfo>", e);
            }
            normalised.add(PinSyntax.of(digest));
            digests.add(digest);
        }
        return new Pins(key, normalised, digests);
    }

    boolean isEmpty() {
        return pins.isEmpty();
    }

    boolean matchesAny(Collection<X509Certificate> chain) {
        for (X509Certificate certificate : chain) {
            byte[] digest = digestOf(certificate);
            for (byte[] pin : digests) {
                if (MessageDigest.isEqual(pin, digest)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What was expected and what was seen, in the shape of OkHttp's pinning failure. */
    String mismatch(Collection<X509Certificate> chain) {
        StringBuilder message = new StringBuilder("no certificate in the chain matches ").append(key);
        message.append("\n  Peer certificate chain:");
        for (X509Certificate certificate : chain) {
            message.append("\n    ").append(pinOf(certificate)).append(": ")
                    .append(certificate.getSubjectX500Principal().getName());
        }
        message.append("\n  Pinned (").append(key).append("):");
        for (String pin : pins) {
            message.append("\n    ").append(pin);
        }
        return message.toString();
    }

    @Override
    public String toString() {
        return pins.toString();
    }

    private static byte[] digestOf(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
