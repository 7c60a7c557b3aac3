package io.sealpost.smtp.config;

import java.nio.file.Path;

/**
 * The client certificate and key, presented only when the server asks (SPEC §4.5).
 *
 * @param keystore      {@code tls.keystore} (or {@code javax.net.ssl.keyStore}), or null
 * @param keystoreType  {@code tls.keystore.type}, or null to infer
 * @param password      {@code tls.keystore.password}, or null
 * @param alias         {@code tls.key.alias}, or null for the single key entry
 * @param keyPassword   {@code tls.key.password}, or null for the keystore password
 * @param pemCertificate {@code tls.cert}: PEM chain, leaf first, or null
 * @param pemKey        {@code tls.key}: PEM PKCS#8 private key, or null
 */
public record IdentitySource(
        Path keystore, String keystoreType, Secret password, String alias, Secret keyPassword,
        Path pemCertificate, Path pemKey) {
    public static final IdentitySource NONE = new IdentitySource(null, null, null, null, null, null, null);

    public boolean none() {
        return keystore == null && pemCertificate == null;
    }
}
