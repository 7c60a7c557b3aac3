package io.sealpost.it.support;

import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.testserver.TestCertificates;
import io.sealpost.smtp.tls.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link TestCertificates} written as the files that servers and Session properties name: {@code ca.pem},
 * the server's {@code server-cert.pem}/{@code server-key.pem} (for Postfix; {@code SmtpTestServer} presents
 * the same identity) and the client identity as {@code client.p12} (alias {@value #CLIENT_ALIAS}).
 */
public final class TestPki {
    public static final String CLIENT_ALIAS = "client";
    public static final String KEYSTORE_PASSWORD = "changeit";

    private final Path directory;

    private TestPki(Path directory) {
        this.directory = directory;
    }

    /** Writes the files under {@code directory}. */
    public static TestPki createIn(Path directory) {
        TestPki pki = new TestPki(directory);
        ThrowawayCa.Issued server = TestCertificates.server();
        try {
            Files.createDirectories(directory);
            ThrowawayCa.writePem(pki.caPem(), TestCertificates.ca().certificate());
            ThrowawayCa.writePem(pki.serverCertPem(), server.chain().toArray(new X509Certificate[0]));
            ThrowawayCa.writePem(pki.serverKeyPem(), server.key());
            Pki.writeIdentities(pki.clientKeystore(), KEYSTORE_PASSWORD, CLIENT_ALIAS, TestCertificates.client());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the test certificates to " + directory, e);
        }
        return pki;
    }

    public Path caPem() { return directory.resolve("ca.pem"); }
    public Path serverCertPem() { return directory.resolve("server-cert.pem"); }
    public Path serverKeyPem() { return directory.resolve("server-key.pem"); }
    public Path clientKeystore() { return directory.resolve("client.p12"); }

    /** A JDK client context trusting the CA and holding the client identity: for proving a harness with Angus. */
    public static SSLContext clientContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(TestCertificates.client().keyStore(CLIENT_ALIAS, KEYSTORE_PASSWORD.toCharArray()),
                    KEYSTORE_PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(TestCertificates.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the test client's TLS context", e);
        }
    }
}
