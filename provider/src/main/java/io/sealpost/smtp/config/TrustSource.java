package io.sealpost.smtp.config;

import java.nio.file.Path;

/**
 * Where trust anchors come from. With no keystore and no PEM file, the JVM's default trust is used as
 * the JDK reads it ({@code javax.net.ssl.trustStore*}, else cacerts). When both a keystore and a PEM file
 * are given, the anchors of both are trusted.
 *
 * @param keystore     {@code tls.truststore}, or null
 * @param keystoreType {@code tls.truststore.type}, or null for the type inferred from the file (PKCS12, JKS)
 * @param password     {@code tls.truststore.password}, or null
 * @param pemFile      {@code tls.trustcerts}, or null
 */
public record TrustSource(Path keystore, String keystoreType, Secret password, Path pemFile) {
    public static final TrustSource JVM_DEFAULT = new TrustSource(null, null, null, null);

    public boolean jvmDefault() {
        return keystore == null && pemFile == null;
    }
}
