package io.sealpost.smtp.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The engine's view of {@link ServerCertificateVerifier}: judges the chain a server sends during a full
 * handshake and, when the connection requires a verified server, fails the handshake right there, so the
 * client certificate (sent after the server's certificate in TLS 1.2 and 1.3) never reaches that server.
 *
 * <p>It sets no endpoint identification algorithm and relies on none: the name is checked by
 * {@link ServerIdentity}. Outside {@link TlsClient#handshake} (a server-initiated renegotiation, say) it
 * has no expectations to check against and refuses every certificate.
 */
final class ServerTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];

    interface HandshakeStep {
        void run() throws IOException;
    }

    private final ServerCertificateVerifier verifier;
    private final ThreadLocal<Handshake> inProgress = new ThreadLocal<>();

    ServerTrustManager(ServerCertificateVerifier verifier) {
        this.verifier = verifier;
    }

    /** Runs {@code step} (the engine's {@code startHandshake()}) with {@code handshake} as the expectations. */
    void during(Handshake handshake, HandshakeStep step) throws IOException {
        inProgress.set(handshake);
        try {
            step.run();
        } finally {
            inProgress.remove();
        }
    }

    /** The handshake running on this thread, or null. */
    Handshake current() {
        return inProgress.get();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        judge(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        judge(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(chain);
    }

    private void judge(X509Certificate[] chain) throws CertificateException {
        Handshake handshake = inProgress.get();
        if (handshake == null) {
            throw new CertificateException("Sealpost checks server certificates only during TlsClient.handshake()");
        }
        Verdict verdict = verifier.verify(List.of(chain), handshake.host(), handshake.referenceName());
        handshake.serverCertificateJudged(verdict);
        if (verdict.isRejected() && handshake.requireVerified()) {
            throw new CertificateException(verdict.failure().orElseThrow());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("Sealpost is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("Sealpost is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("Sealpost is a TLS client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE; // a client sends no certificate_authorities list
    }
}
