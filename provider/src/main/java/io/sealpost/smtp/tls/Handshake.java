package io.sealpost.smtp.tls;

/**
 * One handshake in progress: what the server has to prove, and what the engine's callbacks saw.
 * Used by one thread only: {@link TlsClient#handshake} binds it while {@code startHandshake()} runs, and
 * both engines call the trust and key managers on that thread.
 */
final class Handshake {
    private final String host;
    private final String referenceName;
    private final boolean requireVerified;
    private Verdict serverVerdict;
    private boolean clientCertificateWithheld;

    Handshake(String host, String referenceName, boolean requireVerified) {
        this.host = host;
        this.referenceName = referenceName;
        this.requireVerified = requireVerified;
    }

    String host() {
        return host;
    }

    String referenceName() {
        return referenceName;
    }

    boolean requireVerified() {
        return requireVerified;
    }

    void serverCertificateJudged(Verdict verdict) {
        this.serverVerdict = verdict;
    }

    /**
     * The verdict on the certificate the server sent in this handshake, or null if it sent none. A resumed
     * session (RFC 5077, RFC 8446 §2.2) carries no certificate, so this is also how resumption is detected:
     * both engines call the trust manager on every full handshake and never on an abbreviated one.
     */
    Verdict serverVerdict() {
        return serverVerdict;
    }

    boolean fullHandshake() {
        return serverVerdict != null;
    }

    void clientCertificateWithheld() {
        this.clientCertificateWithheld = true;
    }

    boolean wasClientCertificateWithheld() {
        return clientCertificateWithheld;
    }
}
