package io.sealpost.smtp.testserver;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened on one TCP connection, written by its server thread and read by the test. Read it after
 * {@link SmtpTestServer#awaitConnectionsEnded(int)} for a settled picture.
 */
public final class ConnectionRecord {

    /** How a connection ended. */
    public enum End {
        /** The server answered QUIT with 221 and closed. */
        QUIT,
        /** The client closed or reset the connection without QUIT. */
        CLIENT_CLOSED,
        /** The server's read timed out: the client went silent. */
        TIMEOUT,
        /** The TLS handshake failed; see {@link #handshakeFailure()}. */
        HANDSHAKE_FAILED,
        /** A handler closed it, or the server was closed. */
        SERVER_CLOSED,
        /** A handler threw something other than an I/O error: a bug in the test. */
        HANDLER_FAILED
    }

    /** How TLS came up on a connection. */
    public enum TlsStart { NONE, STARTTLS, IMPLICIT }

    private final int index;
    private final InetSocketAddress clientAddress;
    private final List<AuthAttempt> authAttempts = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream bytesBeforeHandshake = new ByteArrayOutputStream();
    private volatile TlsStart tlsStart = TlsStart.NONE;
    private volatile String tlsProtocol = "";
    private volatile String cipherSuite = "";
    private volatile String serverName = "";
    private volatile List<X509Certificate> clientCertificates = List.of();
    private volatile Throwable handshakeFailure;
    private volatile Throwable handlerFailure;
    private volatile End end;

    ConnectionRecord(int index, InetSocketAddress clientAddress) {
        this.index = index;
        this.clientAddress = clientAddress;
    }

    /** 0 for the first connection the server accepted, then 1, 2… */
    public int index() {
        return index;
    }

    /** The client's end of the connection as the server accepted it: local address and port of the client's socket. */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    public boolean tls() {
        return tlsStart != TlsStart.NONE;
    }

    public TlsStart tlsStart() {
        return tlsStart;
    }

    /** The negotiated TLS version, {@code ""} without TLS. */
    public String tlsProtocol() {
        return tlsProtocol;
    }

    /** The negotiated cipher suite, {@code ""} without TLS. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The SNI host name the client sent (RFC 6066), {@code ""} when it sent none. */
    public String serverName() {
        return serverName;
    }

    /** The client's certificate chain as the server saw it, leaf first; empty when it sent none. */
    public List<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    /** Why the TLS handshake failed, when it did. */
    public Optional<Throwable> handshakeFailure() {
        return Optional.ofNullable(handshakeFailure);
    }

    /** What a handler threw, when one did (also reported by {@link SmtpTestServer#close()}). */
    public Optional<Throwable> handlerFailure() {
        return Optional.ofNullable(handlerFailure);
    }

    /** Plaintext bytes the client sent after the STARTTLS command and before its TLS handshake. */
    public byte[] bytesBeforeHandshake() {
        synchronized (bytesBeforeHandshake) {
            return bytesBeforeHandshake.toByteArray();
        }
    }

    /** Whether the client sent plaintext after STARTTLS before its handshake: a protocol violation (RFC 3207 §4). */
    public boolean sentPlaintextBeforeHandshake() {
        return bytesBeforeHandshake().length > 0;
    }

    public List<AuthAttempt> authAttempts() {
        return List.copyOf(authAttempts);
    }

    /** How the connection ended; empty while it is open. */
    public Optional<End> end() {
        return Optional.ofNullable(end);
    }

    public boolean ended() {
        return end != null;
    }

    void tlsEstablished(TlsStart start, String protocol, String suite, String sni, List<X509Certificate> chain) {
        this.tlsProtocol = protocol;
        this.cipherSuite = suite;
        this.serverName = sni;
        this.clientCertificates = List.copyOf(chain);
        this.tlsStart = start;
    }

    void handshakeFailed(Throwable failure) {
        this.handshakeFailure = failure;
    }

    void handlerFailed(Throwable failure) {
        this.handlerFailure = failure;
    }

    void beforeHandshake(byte[] bytes) {
        synchronized (bytesBeforeHandshake) {
            bytesBeforeHandshake.writeBytes(bytes);
        }
    }

    void authenticated(AuthAttempt attempt) {
        authAttempts.add(attempt);
    }

    /** Sets the end once; the first cause wins. */
    synchronized boolean ended(End how) {
        if (end != null) {
            return false;
        }
        end = how;
        return true;
    }

    @Override
    public String toString() {
        return "connection #" + index + ": " + (tls() ? tlsProtocol + " " + cipherSuite + " via " + tlsStart : "plaintext")
                + (sentPlaintextBeforeHandshake()
                        ? ", plaintext before handshake '" + new String(bytesBeforeHandshake(), StandardCharsets.ISO_8859_1) + "'" : "")
                + (handshakeFailure != null ? ", handshake failed: " + handshakeFailure : "")
                + ", " + (end == null ? "open" : "ended " + end);
    }
}
