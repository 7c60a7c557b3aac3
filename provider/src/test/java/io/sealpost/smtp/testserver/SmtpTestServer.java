package io.sealpost.smtp.testserver;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A scriptable SMTP server on loopback for attacking the client: real sockets, real TLS, and a record of
 * everything it received, so that a test proves what did (and did not) leave the client.
 *
 * <pre>{@code
 * try (SmtpTestServer server = SmtpTestServer.startTls()
 *         .on("STARTTLS", "454 4.7.0 TLS not available")
 *         .start()) {
 *     // point the client at server.host(), server.port(), trust TestCertificates.ca()
 *     server.awaitConnectionsEnded(1);
 *     assertEquals(List.of("EHLO", "STARTTLS", "QUIT"), server.plaintextVerbs());
 * }
 * }</pre>
 *
 * Without a hook every command gets a well-behaved ESMTP answer; {@link Builder#on(String, CommandHandler)}
 * replaces the answer to one verb, and {@link ServerSession} offers the moves an attacker needs.
 */
public final class SmtpTestServer implements AutoCloseable {

    /** The server's name in the banner, EHLO reply and certificates of {@link TestCertificates}. */
    public static final String HOSTNAME = "mail.test";

    /** The EHLO keywords of a well-behaved server, without STARTTLS; the default after TLS. */
    public static final List<String> DEFAULT_CAPABILITIES = List.of(
            "PIPELINING", "SIZE 10485760", "8BITMIME", "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES", "AUTH PLAIN LOGIN XOAUTH2");

    /**
     * The pseudo-verb for the end of a message: the "." line after DATA, or the end of the BDAT LAST chunk.
     * A hook on it gives the final reply; the message is recorded whatever the hook does.
     */
    public static final String END_OF_DATA = ".";

    /** How the server offers TLS. */
    public enum Mode {
        /** No TLS; STARTTLS gets 454. */
        PLAINTEXT,
        /** Plaintext first, TLS after STARTTLS (RFC 3207). */
        STARTTLS,
        /** TLS from the first byte (RFC 8314). */
        IMPLICIT_TLS
    }

    /** Plaintext only. */
    public static Builder plain() {
        return new Builder(Mode.PLAINTEXT, null);
    }

    /** STARTTLS with {@link TestCertificates#server()}. */
    public static Builder startTls() {
        return startTls(TestCertificates.server());
    }

    /** STARTTLS presenting {@code identity}: any certificate, good or bad. */
    public static Builder startTls(ThrowawayCa.Issued identity) {
        return new Builder(Mode.STARTTLS, Objects.requireNonNull(identity));
    }

    /** Implicit TLS with {@link TestCertificates#server()}. */
    public static Builder implicitTls() {
        return implicitTls(TestCertificates.server());
    }

    /** Implicit TLS presenting {@code identity}. */
    public static Builder implicitTls(ThrowawayCa.Issued identity) {
        return new Builder(Mode.IMPLICIT_TLS, Objects.requireNonNull(identity));
    }

    /** A scenario: what the server says and does. Not thread-safe; {@link #start()} freezes a copy. */
    public static final class Builder {
        private final Mode mode;
        private final ThrowawayCa.Issued identity;
        private final Map<String, CommandHandler> hooks = new HashMap<>();
        private final Map<String, String> rejectedRecipients = new LinkedHashMap<>();
        private List<String> banner = List.of("220 " + HOSTNAME + " ESMTP");
        private boolean silent;
        private List<String> capabilities;
        private List<String> capabilitiesAfterTls = DEFAULT_CAPABILITIES;
        private final List<String> extraCapabilities = new ArrayList<>();
        private boolean withoutStartTls;
        private String username = "alice";
        private String secret = "secret";
        private boolean requireAuthentication;
        private ServerTls.ClientAuth clientAuth = ServerTls.ClientAuth.NONE;
        private List<X509Certificate> clientTrust = List.of();
        private List<String> tlsProtocols = List.of();
        private List<String> cipherSuites = List.of();
        private boolean conscrypt;
        private Duration readTimeout = Duration.ofSeconds(10);
        private int port;

        private Builder(Mode mode, ThrowawayCa.Issued identity) {
            this.mode = mode;
            this.identity = identity;
            List<String> before = new ArrayList<>(DEFAULT_CAPABILITIES);
            if (mode == Mode.STARTTLS) {
                before.add(before.size() - 1, "STARTTLS");
            }
            this.capabilities = List.copyOf(before);
        }

        /** The greeting, one string per line with its code, e.g. {@code "554 5.3.2 No service"}. */
        public Builder banner(String... lines) {
            this.banner = List.of(lines);
            return this;
        }

        /** Accepts connections and never sends a byte (no banner, no replies); still records what arrives. */
        public Builder silent() {
            this.silent = true;
            return this;
        }

        /** The exact EHLO keywords before TLS (in STARTTLS mode, include "STARTTLS" yourself). */
        public Builder capabilities(String... keywords) {
            this.capabilities = List.of(keywords);
            return this;
        }

        /** The exact EHLO keywords after TLS; default {@link #DEFAULT_CAPABILITIES}. */
        public Builder capabilitiesAfterTls(String... keywords) {
            this.capabilitiesAfterTls = List.of(keywords);
            return this;
        }

        /** Adds keywords to both lists, e.g. {@code advertise("CHUNKING")}. */
        public Builder advertise(String... keywords) {
            this.extraCapabilities.addAll(List.of(keywords));
            return this;
        }

        /** STARTTLS stripped from the pre-TLS EHLO reply, as by a man in the middle; the command still works. */
        public Builder withoutStartTls() {
            this.withoutStartTls = true;
            return this;
        }

        /** The credentials AUTH accepts (the bearer token is the secret for XOAUTH2); default alice / secret. */
        public Builder credentials(String username, String secret) {
            this.username = username;
            this.secret = secret;
            return this;
        }

        /** MAIL before a successful AUTH gets 530, like a submission server (RFC 6409). */
        public Builder requireAuthentication() {
            this.requireAuthentication = true;
            return this;
        }

        /** RCPT TO this address gets 550 5.1.1. */
        public Builder rejectRecipient(String address) {
            return rejectRecipient(address, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
        }

        /** RCPT TO this address (case-insensitive) gets {@code reply}, e.g. {@code "451 4.7.1 Greylisted"}. */
        public Builder rejectRecipient(String address, String reply) {
            this.rejectedRecipients.put(address.toLowerCase(Locale.ROOT), reply);
            return this;
        }

        /** Replaces the server's answer to {@code verb} (or {@link #END_OF_DATA}) with {@code handler}. */
        public Builder on(String verb, CommandHandler handler) {
            this.hooks.put(verb.toUpperCase(Locale.ROOT), Objects.requireNonNull(handler));
            return this;
        }

        /** Answers {@code verb} with these reply lines and nothing else (no TLS after a 220 to STARTTLS). */
        public Builder on(String verb, String... replyLines) {
            return on(verb, (session, command) -> session.reply(replyLines));
        }

        /** Asks for a client certificate and accepts any (or one chaining to {@code trustAnchors}); records it. */
        public Builder requestClientCertificate(X509Certificate... trustAnchors) {
            this.clientAuth = ServerTls.ClientAuth.WANT;
            this.clientTrust = List.of(trustAnchors);
            return this;
        }

        /** Fails the handshake without a client certificate (or one not chaining to {@code trustAnchors}). */
        public Builder requireClientCertificate(X509Certificate... trustAnchors) {
            this.clientAuth = ServerTls.ClientAuth.NEED;
            this.clientTrust = List.of(trustAnchors);
            return this;
        }

        /** Only these TLS versions; naming TLSv1 or TLSv1.1 switches the server to Conscrypt (see {@link ServerTls}). */
        public Builder tlsProtocols(String... protocols) {
            this.tlsProtocols = List.of(protocols);
            return this;
        }

        /** Only these cipher suites (names as the engine knows them). */
        public Builder cipherSuites(String... suites) {
            this.cipherSuites = List.of(suites);
            return this;
        }

        /** Runs TLS on Conscrypt instead of SunJSSE. */
        public Builder conscrypt() {
            this.conscrypt = true;
            return this;
        }

        /** How long the server waits for the client before it drops the connection; at most (and default) 10 s. */
        public Builder readTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("read timeout must be in (0, 10 s]: " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Listens on this port instead of an ephemeral one, for clients whose configuration can hold only
         * constants (a {@code @MailSessionDefinition} in a deployed application).
         */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be in [1, 65535]: " + port);
            }
            this.port = port;
            return this;
        }

        /** Binds 127.0.0.1 on an ephemeral port (or {@link #port(int)}) and starts accepting. */
        public SmtpTestServer start() throws IOException {
            return new SmtpTestServer(this);
        }
    }

    // The scenario, frozen.
    final Mode mode;
    final List<String> banner;
    final boolean silent;
    final List<String> capabilities;
    final List<String> capabilitiesAfterTls;
    final String username;
    final String secret;
    final boolean requireAuthentication;
    final Map<String, CommandHandler> hooks;
    final Map<String, String> rejectedRecipients;
    final ServerTls tls;
    final int readTimeoutMillis;

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<ServerSession> sessions = new CopyOnWriteArrayList<>();
    private final List<ReceivedLine> transcript = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder dialogue = new StringBuilder();
    private final Object endings = new Object();
    private int ended;
    private volatile boolean closed;

    private SmtpTestServer(Builder builder) throws IOException {
        this.mode = builder.mode;
        this.banner = builder.banner;
        this.silent = builder.silent;
        List<String> before = new ArrayList<>(builder.capabilities);
        if (builder.withoutStartTls) {
            before.removeIf(keyword -> keyword.equalsIgnoreCase("STARTTLS"));
        }
        before.addAll(builder.extraCapabilities);
        List<String> after = new ArrayList<>(builder.capabilitiesAfterTls);
        after.addAll(builder.extraCapabilities);
        this.capabilities = List.copyOf(before);
        this.capabilitiesAfterTls = List.copyOf(after);
        this.username = builder.username;
        this.secret = builder.secret;
        this.requireAuthentication = builder.requireAuthentication;
        this.hooks = Map.copyOf(builder.hooks);
        this.rejectedRecipients = Map.copyOf(builder.rejectedRecipients);
        this.tls = builder.identity == null ? null : new ServerTls(builder.identity, builder.clientAuth,
                builder.clientTrust, builder.tlsProtocols, builder.cipherSuites, builder.conscrypt);
        this.readTimeoutMillis = (int) builder.readTimeout.toMillis();
        this.listener = new ServerSocket();
        // A fixed port is bound again by the next test while the last one's connections sit in TIME_WAIT.
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), builder.port), 50);
        this.acceptor = new Thread(this::acceptLoop, "smtp-test-server-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            ServerSession session = new ServerSession(this, socket, new ConnectionRecord(sessions.size(),
                    (InetSocketAddress) socket.getRemoteSocketAddress()));
            sessions.add(session);
            if (closed) {
                session.abort();
            }
            Thread thread = new Thread(session::run, "smtp-test-server-" + listener.getLocalPort() + "-conn-" + session.index());
            thread.setDaemon(true);
            session.thread = thread;
            thread.start();
        }
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return listener.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    /** How many TCP connections the server has accepted. */
    public int connectionCount() {
        return sessions.size();
    }

    public List<ConnectionRecord> connections() {
        return sessions.stream().map(ServerSession::record).toList();
    }

    /** The {@code index}-th connection; fails the test when there were not that many. */
    public ConnectionRecord connection(int index) {
        if (index >= sessions.size()) {
            throw new AssertionError("expected at least " + (index + 1) + " connections, the server accepted "
                    + sessions.size() + "\n" + dialogue());
        }
        return sessions.get(index).record();
    }

    /** Every line received outside message data, on every connection, in order. */
    public List<ReceivedLine> transcript() {
        return List.copyOf(transcript);
    }

    /** The verbs of the lines that arrived in plaintext, e.g. {@code [EHLO, STARTTLS]}; AUTH responses count as AUTH. */
    public List<String> plaintextVerbs() {
        return transcript.stream().filter(line -> !line.tls()).map(ReceivedLine::verb).toList();
    }

    /** The verbs of the lines that arrived inside TLS. */
    public List<String> tlsVerbs() {
        return transcript.stream().filter(ReceivedLine::tls).map(ReceivedLine::verb).toList();
    }

    /** Every message received up to its end of data, accepted or not. */
    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /** The one message received; fails the test when there was not exactly one. */
    public ReceivedMessage onlyMessage() {
        List<ReceivedMessage> all = messages();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one message, received " + all.size() + ": " + all + "\n" + dialogue());
        }
        return all.get(0);
    }

    /** Every AUTH exchange on every connection. */
    public List<AuthAttempt> authAttempts() {
        return sessions.stream().flatMap(session -> session.record().authAttempts().stream()).toList();
    }

    /** Both directions of every connection, for failure messages: {@code #0 plain C: EHLO x}. */
    public String dialogue() {
        synchronized (dialogue) {
            return dialogue.toString();
        }
    }

    /** Waits (at most 10 s) until {@code count} connections have ended; fails the test otherwise. */
    public void awaitConnectionsEnded(int count) {
        awaitConnectionsEnded(count, Duration.ofSeconds(10));
    }

    public void awaitConnectionsEnded(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (endings) {
            while (ended < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("expected " + count + " connections to end within " + timeout + "; accepted "
                            + sessions.size() + ", ended " + ended + "\n" + connections().stream().map(Object::toString)
                            .collect(Collectors.joining("\n")) + "\n" + dialogue());
                }
                try {
                    endings.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while awaiting connections", e);
                }
            }
        }
    }

    /**
     * Stops accepting, drops every connection and waits briefly for the threads. Fails the test when a handler
     * threw something other than an I/O error, which would otherwise show up only as a confusing timeout.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sessions.forEach(ServerSession::abort);
        join(acceptor);
        sessions.forEach(session -> join(session.thread));
        AssertionError failure = null;
        for (ServerSession session : sessions) {
            Throwable thrown = session.record().handlerFailure().orElse(null);
            if (thrown != null) {
                if (failure == null) {
                    failure = new AssertionError("a test server handler failed on connection #" + session.index(), thrown);
                } else {
                    failure.addSuppressed(thrown);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    boolean closing() {
        return closed;
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void received(ReceivedLine line) {
        transcript.add(line);
        log(line.connection(), line.tls(), line.kind() == ReceivedLine.Kind.BEFORE_HANDSHAKE ? "C(before handshake)" : "C", line.text());
    }

    void received(ReceivedMessage message) {
        messages.add(message);
    }

    void log(int connection, boolean tls, String who, String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "… (" + text.length() + " chars)" : text;
        synchronized (dialogue) {
            if (dialogue.length() < 256 * 1024) {
                dialogue.append('#').append(connection).append(tls ? " tls   " : " plain ").append(who).append(": ")
                        .append(shown).append('\n');
            }
        }
    }

    void connectionEnded() {
        synchronized (endings) {
            ended++;
            endings.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "SMTP test server " + mode + " on 127.0.0.1:" + port();
    }
}
