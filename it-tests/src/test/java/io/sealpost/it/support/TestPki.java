package io.sealpost.it.support;

import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.cli.ThrowawayCa.Issued;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of one test run, from {@link ThrowawayCa}, written as the files that servers and
 * Session properties name: {@code ca.pem}, the server's {@code server-cert.pem}/{@code server-key.pem}
 * (for {@code localhost} and {@code 127.0.0.1}), and the client identity as {@code client.p12}
 * (alias {@value #CLIENT_ALIAS}) and as PEM.
 */
public final class TestPki {
    public static final String CLIENT_ALIAS = "client";
    public static final String KEYSTORE_PASSWORD = "changeit";
    public static final String CLIENT_SUBJECT = "CN=sealpost-it-client";

    private final Path directory;
    private final ThrowawayCa ca;
    private final Issued server;
    private final Issued client;

    private TestPki(Path directory) {
        this.directory = directory;
        this.ca = ThrowawayCa.create("Sealpost IT CA");
        this.server = ca.issue("localhost").dnsNames("localhost").ipAddresses("127.0.0.1").issue();
        this.client = ca.issue("sealpost-it-client").clientAuth().issue();
    }

    /** Issues a fresh CA, server and client certificate and writes them under {@code directory}. */
    public static TestPki createIn(Path directory) {
        TestPki pki = new TestPki(directory);
        try {
            Files.createDirectories(directory);
            Files.writeString(pki.caPem(), pem("CERTIFICATE", pki.ca.certificate().getEncoded()));
            Files.writeString(pki.serverCertPem(), chainPem(pki.server));
            Files.writeString(pki.serverKeyPem(), pem("PRIVATE KEY", pki.server.key().getEncoded()));
            Files.writeString(pki.clientCertPem(), chainPem(pki.client));
            Files.writeString(pki.clientKeyPem(), pem("PRIVATE KEY", pki.client.key().getEncoded()));
            try (OutputStream out = Files.newOutputStream(pki.clientKeystore())) {
                pki.client.keyStore(CLIENT_ALIAS, KEYSTORE_PASSWORD.toCharArray()).store(out, KEYSTORE_PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode test certificates", e);
        }
        return pki;
    }

    public Path caPem() { return directory.resolve("ca.pem"); }
    public Path serverCertPem() { return directory.resolve("server-cert.pem"); }
    public Path serverKeyPem() { return directory.resolve("server-key.pem"); }
    public Path clientCertPem() { return directory.resolve("client-cert.pem"); }
    public Path clientKeyPem() { return directory.resolve("client-key.pem"); }
    public Path clientKeystore() { return directory.resolve("client.p12"); }

    public X509Certificate clientCertificate() {
        return client.certificate();
    }

    /** The server side for {@link RecordingSmtpServer}: the server identity, and the CA to check client certificates. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(server.keyStore("server", KEYSTORE_PASSWORD.toCharArray()), KEYSTORE_PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ca.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the test server's TLS context", e);
        }
    }

    /** A JDK client context trusting the CA and holding the client identity: for proving the harness with Angus. */
    public SSLContext clientContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(client.keyStore(CLIENT_ALIAS, KEYSTORE_PASSWORD.toCharArray()), KEYSTORE_PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(ca.trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the test client's TLS context", e);
        }
    }

    public KeyStore trustStore() {
        return ca.trustStore();
    }

    private static String chainPem(Issued issued) throws GeneralSecurityException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : issued.chain()) {
            text.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        return text.toString();
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
