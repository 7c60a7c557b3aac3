package io.sealpost.smtp.tls;

import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.config.TrustSource;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The CA certificates a server chain must lead to, loaded once per {@link TlsClient}.
 *
 * <p>{@link TrustSource#JVM_DEFAULT} asks the JDK's own trust manager for its anchors, so the JDK's rules
 * for finding them apply unchanged ({@code javax.net.ssl.trustStore}, {@code .trustStoreType},
 * {@code .trustStorePassword}, else {@code jssecacerts}, else {@code cacerts}) and Angus set-ups keep
 * working. A keystore and a PEM file together trust the union of both.
 */
final class TrustAnchors {
    private final Map<X500Principal, List<X509Certificate>> bySubject;
    private final String description;

    private TrustAnchors(List<X509Certificate> anchors, String description) {
        Map<X500Principal, List<X509Certificate>> index = new HashMap<>();
        for (X509Certificate anchor : anchors) {
            index.computeIfAbsent(anchor.getSubjectX500Principal(), subject -> new ArrayList<>()).add(anchor);
        }
        index.replaceAll((subject, list) -> List.copyOf(list));
        this.bySubject = Collections.unmodifiableMap(index);
        this.description = description;
    }

    /** For tls.verify=fingerprint and none with the JVM's default trust: nothing to load. */
    static TrustAnchors none() {
        return new TrustAnchors(List.of(), "no trust store (tls.verify needs none)");
    }

    static TrustAnchors load(TrustSource source, String keyPrefix) throws InvalidConfigurationException {
        if (source.jvmDefault()) {
            return new TrustAnchors(jvmDefault(keyPrefix), "the JVM's default trust store (javax.net.ssl.trustStore, else cacerts)");
        }
        List<X509Certificate> anchors = new ArrayList<>();
        List<String> from = new ArrayList<>();
        if (source.keystore() != null) {
            String key = keyPrefix + "tls.truststore";
            KeyStore store = KeyStores.load(source.keystore(), source.keystoreType(), source.password(), key);
            List<X509Certificate> certificates = certificatesOf(store, key);
            if (certificates.isEmpty()) {
                throw new InvalidConfigurationException(key, key + "=" + source.keystore() + " holds no certificate to trust");
            }
            anchors.addAll(certificates);
            from.add(key + "=" + source.keystore());
        }
        if (source.pemFile() != null) {
            String key = keyPrefix + "tls.trustcerts";
            anchors.addAll(Pem.certificates(source.pemFile(), key));
            from.add(key + "=" + source.pemFile());
        }
        return new TrustAnchors(anchors, String.join(" and ", from));
    }

    /** The anchors with this subject; usually one, several during a CA's key rollover. */
    List<X509Certificate> withSubject(X500Principal subject) {
        return bySubject.getOrDefault(subject, List.of());
    }

    boolean contains(X509Certificate certificate) {
        return withSubject(certificate.getSubjectX500Principal()).contains(certificate);
    }

    /** Where the anchors came from, for messages: what the chain was expected to lead to. */
    String description() {
        return description;
    }

    private static List<X509Certificate> jvmDefault(String keyPrefix) throws InvalidConfigurationException {
        try {
            TrustManagerFactory factory = sunJsseTrustManagerFactory();
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
            throw new IllegalStateException("the JDK's trust manager factory made no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(keyPrefix + "tls.truststore",
                    "the JVM's default trust store cannot be loaded (check javax.net.ssl.trustStore*, or set "
                            + keyPrefix + "tls.truststore or " + keyPrefix + "tls.trustcerts): " + e.getMessage(), e);
        }
    }

    /** The JDK's own, even if another provider (Conscrypt, Bouncy Castle) was inserted first by the host. */
    private static TrustManagerFactory sunJsseTrustManagerFactory() throws GeneralSecurityException {
        try {
            return TrustManagerFactory.getInstance("PKIX", "SunJSSE");
        } catch (GeneralSecurityException notAnOpenJdk) {
            return TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        }
    }

    /** As the JDK's trust manager does: trusted-certificate entries, and the certificate of each key entry. */
    private static List<X509Certificate> certificatesOf(KeyStore store, String key) throws InvalidConfigurationException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(key, key + " cannot be read: " + e.getMessage(), e);
        }
        return certificates;
    }
}
