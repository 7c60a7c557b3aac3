package io.sealpost.smtp.testserver;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.conscrypt.Conscrypt;

/**
 * The server side of TLS: one SSLContext for the server's life, applied to each connection in one place.
 * SunJSSE by default; Conscrypt when asked for, or when the test enables TLSv1/TLSv1.1, which Java 17's
 * {@code jdk.tls.disabledAlgorithms} forbids SunJSSE to negotiate (a security property read once per JVM,
 * so it cannot be relaxed inside a shared test JVM).
 */
final class ServerTls {
    enum ClientAuth { NONE, WANT, NEED }

    private static final char[] KEY_PASSWORD = "test-server".toCharArray();

    private final SSLSocketFactory factory;
    private final boolean conscrypt;
    private final ClientAuth clientAuth;
    private final List<String> protocols;
    private final List<String> cipherSuites;

    ServerTls(ThrowawayCa.Issued identity, ClientAuth clientAuth, List<X509Certificate> clientTrust,
              List<String> protocols, List<String> cipherSuites, boolean conscrypt) {
        this.conscrypt = conscrypt || protocols.stream().anyMatch(p -> p.equals("TLSv1") || p.equals("TLSv1.1"));
        this.clientAuth = clientAuth;
        this.protocols = List.copyOf(protocols);
        this.cipherSuites = List.copyOf(cipherSuites);
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.keyStore("server", KEY_PASSWORD), KEY_PASSWORD);
            SSLContext context = this.conscrypt
                    ? SSLContext.getInstance("TLS", Conscrypt.newProvider())
                    : SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trustManagers(clientTrust), null);
            SSLSocketFactory socketFactory = context.getSocketFactory();
            if (this.conscrypt) {
                // The file-descriptor socket needs a real socket implementation under it; ours is layered.
                Conscrypt.setUseEngineSocket(socketFactory, true);
            }
            this.factory = socketFactory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the test server's TLS", e);
        }
    }

    boolean conscrypt() {
        return conscrypt;
    }

    /**
     * Runs the server handshake over {@code plain}, reading through {@code buffered} so that nothing the
     * command reader already holds is lost. The peer's address is passed as a string: Conscrypt 2.5 on
     * Java 17 otherwise reflects into {@code java.net.InetAddress} to find a host name and fails.
     */
    SSLSocket handshake(Socket plain, InputStream buffered) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(
                new BufferedSocket(plain, buffered), plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        if (!protocols.isEmpty()) {
            tls.setEnabledProtocols(protocols.toArray(new String[0]));
        }
        if (!cipherSuites.isEmpty()) {
            tls.setEnabledCipherSuites(cipherSuites.toArray(new String[0]));
        }
        switch (clientAuth) {
            case NEED -> tls.setNeedClientAuth(true);
            case WANT -> tls.setWantClientAuth(true);
            case NONE -> { }
        }
        tls.startHandshake();
        return tls;
    }

    /** PKIX against the given anchors; with none, any client certificate is accepted and only recorded. */
    private static TrustManager[] trustManagers(List<X509Certificate> anchors) throws GeneralSecurityException {
        if (anchors.isEmpty()) {
            return new TrustManager[] {new AnyClientCertificate()};
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(store);
            return trust.getTrustManagers();
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the client trust store", e);
        }
    }

    /** Accepts every client certificate: the test asserts on what was presented, not on its validity. */
    private static final class AnyClientCertificate extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("server side only");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("server side only");
        }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("server side only");
        }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
