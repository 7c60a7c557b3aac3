package io.sealpost.smtp.tls;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.conscrypt.Conscrypt;

/**
 * A tiny TLS server on 127.0.0.1 for handshake tests: accepts connections one after another, completes the
 * handshake, records what it saw, sends one line (so a TLS 1.3 client also reads the session tickets that
 * follow the handshake), reads until the client's line or end of stream, and closes. Every read is bounded.
 */
final class TlsPeer implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 5_000;
    private static final char[] PASSWORD = "peer".toCharArray();

    /** What the peer saw on one connection; {@code failure} is set when its handshake failed. */
    record Accepted(String protocol, List<X509Certificate> clientChain, List<String> serverNames, Exception failure) {
        X509Certificate clientCertificate() {
            return clientChain.isEmpty() ? null : clientChain.get(0);
        }
    }

    private final SSLServerSocket server;
    private final Thread acceptor;
    private final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
    private final List<X509Certificate[]> clientChainsChecked = java.util.Collections.synchronizedList(new ArrayList<>());

    private TlsPeer(SSLServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::serve, "tls-peer-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    static Builder jdk(ThrowawayCa.Issued identity) {
        return new Builder(identity, false);
    }

    /** Conscrypt as the server: it still enables TLS 1.0 and 1.1 on request, which the JDK 17 disables by policy. */
    static Builder conscrypt(ThrowawayCa.Issued identity) {
        return new Builder(identity, true);
    }

    static final class Builder {
        private final ThrowawayCa.Issued identity;
        private final boolean conscrypt;
        private String[] protocols;
        private X509Certificate clientCa;

        private Builder(ThrowawayCa.Issued identity, boolean conscrypt) {
            this.identity = identity;
            this.conscrypt = conscrypt;
        }

        Builder protocols(String... protocols) {
            this.protocols = protocols;
            return this;
        }

        /** The peer demands a client certificate issued by {@code ca} (needClientAuth). */
        Builder requireClientCertificate(X509Certificate ca) {
            this.clientCa = ca;
            return this;
        }

        TlsPeer start() throws GeneralSecurityException, IOException {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.keyStore("server", PASSWORD), PASSWORD);
            SSLContext context = conscrypt
                    ? SSLContext.getInstance("TLS", Conscrypt.newProvider())
                    : SSLContext.getInstance("TLS", "SunJSSE");
            TlsPeer[] self = new TlsPeer[1];
            TrustManager[] trust = null;
            if (clientCa != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("client-ca", clientCa);
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
                factory.init(store);
                X509TrustManager delegate = (X509TrustManager) factory.getTrustManagers()[0];
                trust = new TrustManager[] {new RecordingClientTrust(delegate, chain -> self[0].clientChainsChecked.add(chain))};
            }
            context.init(keys.getKeyManagers(), trust, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
            if (protocols != null) {
                server.setEnabledProtocols(protocols);
            }
            server.setNeedClientAuth(clientCa != null);
            TlsPeer peer = new TlsPeer(server);
            self[0] = peer;
            peer.acceptor.start();
            return peer;
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next connection the peer finished with (handshake done or failed), waiting at most 5 s. */
    Accepted nextAccepted() throws InterruptedException {
        Accepted next = accepted.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("the peer accepted no connection within " + TIMEOUT_MILLIS + " ms");
        }
        return next;
    }

    /** Every client chain the peer's trust manager was asked about: empty if no client certificate was sent. */
    List<X509Certificate[]> clientChainsChecked() {
        return List.copyOf(clientChainsChecked);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                try {
                    socket.startHandshake();
                } catch (IOException e) {
                    accepted.add(new Accepted(null, List.of(), List.of(), e));
                    continue;
                }
                accepted.add(new Accepted(socket.getSession().getProtocol(), clientChain(socket), serverNames(socket), null));
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write("220 tls-peer ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    readLine(socket.getInputStream());
                } catch (IOException clientWentAway) {
                    // after the handshake, what the client does is the test's business
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    accepted.add(new Accepted(null, List.of(), List.of(), e));
                }
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readLine(InputStream in) throws IOException {
        int c;
        do {
            c = in.read();
        } while (c != -1 && c != '\n');
    }

    private static List<X509Certificate> clientChain(SSLSocket socket) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : socket.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    private static List<String> serverNames(SSLSocket socket) {
        List<String> names = new ArrayList<>();
        if (socket.getSession() instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    names.add(host.getAsciiName());
                }
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        server.close();
        join(acceptor);
    }

    /** Delegates the decision, records what the client sent. */
    private static final class RecordingClientTrust implements X509TrustManager {
        private final X509TrustManager delegate;
        private final java.util.function.Consumer<X509Certificate[]> record;

        RecordingClientTrust(X509TrustManager delegate, java.util.function.Consumer<X509Certificate[]> record) {
            this.delegate = delegate;
            this.record = record;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            record.accept(chain);
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the peer is a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** A TCP server that accepts and then says nothing: the client's handshake must time out. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        Silent() throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-peer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            join(acceptor);
        }
    }

    /** A TCP server that resets every connection once the client has started its ClientHello. */
    static final class Hangup implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        Hangup() throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        socket.setSoTimeout(TIMEOUT_MILLIS);
                        socket.getInputStream().read(); // the ClientHello has started
                        socket.setSoLinger(true, 0); // then RST, as a middlebox that kills TLS does
                    } catch (IOException closed) {
                        if (server.isClosed()) {
                            return;
                        }
                    }
                }
            }, "hangup-peer");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            join(acceptor);
        }
    }
}
