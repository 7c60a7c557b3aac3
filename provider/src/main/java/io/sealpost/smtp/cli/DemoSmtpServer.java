package io.sealpost.smtp.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small SMTP server on 127.0.0.1 for the demo and for the command line's tests: greeting, EHLO/HELO,
 * STARTTLS (RFC 3207) or implicit TLS (RFC 8314) with the JDK's own TLS engine, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT. It keeps every message with the TLS state it arrived under, and every command with whether
 * it came encrypted, so a test can assert on what the server actually received. Not a mail server: it
 * relays nothing and knows no AUTH.
 *
 * <p>It stops by itself: on {@link #close()}, and after {@link #IDLE_LIMIT} without a new connection.
 * All its threads are daemons, so it never keeps a JVM alive.
 */
public final class DemoSmtpServer implements AutoCloseable {
    /** The name in the greeting and EHLO reply, and the name the demo certificate is issued for. */
    public static final String NAME = "localhost";
    /** Without a new connection for this long, the server shuts itself down. */
    public static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final long MAX_MESSAGE_SIZE = 10 * 1024 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private final Options options;
    private final SSLSocketFactory tls;
    private final ServerSocket listener;
    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    /**
     * What a scenario changes: the certificate it presents, whether it offers STARTTLS, whether it
     * speaks TLS from the first byte.
     */
    public record Options(ThrowawayCa.Issued identity, boolean offerStartTls, boolean implicitTls) {
    }

    /**
     * One message as the server received it.
     *
     * @param clientName  the name the client gave in EHLO or HELO
     * @param mailFrom    the reverse-path of MAIL FROM, without angle brackets
     * @param recipients  the forward-paths of every accepted RCPT TO
     * @param content     the message after un-dot-stuffing, CRLF line ends
     * @param tlsProtocol the TLS version it arrived under, or null when it came in plaintext
     * @param cipherSuite the TLS cipher suite, or null in plaintext
     */
    public record Received(String clientName, String mailFrom, List<String> recipients, String content,
            String tlsProtocol, String cipherSuite) {
        public Received {
            recipients = List.copyOf(recipients);
        }

        public boolean overTls() {
            return tlsProtocol != null;
        }
    }

    /** A server that offers STARTTLS with {@code identity}'s certificate. */
    public static DemoSmtpServer start(ThrowawayCa.Issued identity) throws IOException {
        return start(new Options(identity, true, false));
    }

    public static DemoSmtpServer start(Options options) throws IOException {
        return new DemoSmtpServer(options);
    }

    private DemoSmtpServer(Options options) throws IOException {
        this.options = options;
        this.tls = serverContext(options.identity()).getSocketFactory();
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.setSoTimeout((int) IDLE_LIMIT.toMillis());
        Thread acceptor = new Thread(this::acceptConnections, "demo-smtp-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static SSLContext serverContext(ThrowawayCa.Issued identity) throws IOException {
        try {
            char[] password = "demo".toCharArray();
            KeyStore keys = identity.keyStore("server", password);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the demo server's TLS: " + e.getMessage(), e);
        }
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every message accepted so far, in order. */
    public List<Received> messages() {
        return List.copyOf(messages);
    }

    /** Every command received, prefixed {@code "plaintext: "} or {@code "tls: "}. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** How many TCP connections the server accepted. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptConnections() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                connections.incrementAndGet();
                socket.setSoTimeout(READ_TIMEOUT_MS);
                open.add(socket);
                Thread conversation = new Thread(() -> converse(socket), "demo-smtp-" + socket.getPort());
                conversation.setDaemon(true);
                conversation.start();
            } catch (SocketTimeoutException idle) {
                close();
            } catch (IOException e) {
                if (!closed) {
                    close();
                }
            }
        }
    }

    private void converse(Socket socket) {
        try {
            new Conversation(socket).run();
        } catch (IOException e) {
            // The client went away, timed out, or failed the handshake: the conversation is over.
        } finally {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    /** One connection's state: the streams (replaced by TLS ones), the greeting name and the transaction. */
    private final class Conversation {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private SSLSocket secured;
        private String clientName;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();

        Conversation(Socket socket) throws IOException {
            attach(socket);
        }

        private void attach(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            if (options.implicitTls()) {
                upgrade();
            }
            reply("220 " + NAME + " ESMTP Sealpost demo server");
            while (true) {
                String line = readLine();
                if (line == null) {
                    return;
                }
                commands.add((secured == null ? "plaintext: " : "tls: ") + line);
                if (!answer(line)) {
                    return;
                }
            }
        }

        /** Answers one command; false ends the conversation. */
        private boolean answer(String line) throws IOException {
            String verb = (line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line).toUpperCase(Locale.ROOT);
            String argument = line.length() > verb.length() ? line.substring(verb.length()).trim() : "";
            switch (verb) {
                case "EHLO" -> {
                    clientName = argument;
                    resetTransaction();
                    reply(ehloReply());
                }
                case "HELO" -> {
                    clientName = argument;
                    resetTransaction();
                    reply("250 " + NAME);
                }
                case "STARTTLS" -> {
                    if (!options.offerStartTls() || secured != null) {
                        reply("502 5.5.1 STARTTLS not available");
                        return true;
                    }
                    if (in.available() > 0) {
                        // Bytes that came with STARTTLS, before our 220, were pipelined in plaintext and would
                        // be taken as if they came under TLS (CVE-2011-0411): a careful server drops them and
                        // the connection. (After the 220 the client's ClientHello may arrive at any time.)
                        reply("554 5.5.0 Commands pipelined after STARTTLS; closing");
                        return false;
                    }
                    reply("220 2.0.0 Ready to start TLS");
                    upgrade();
                    clientName = null; // RFC 3207 §4.2: the client must say EHLO again.
                    resetTransaction();
                }
                case "MAIL" -> mail(argument);
                case "RCPT" -> recipient(argument);
                case "DATA" -> data();
                case "RSET" -> {
                    resetTransaction();
                    reply("250 2.0.0 Ok");
                }
                case "NOOP" -> reply("250 2.0.0 Ok");
                case "QUIT" -> {
                    reply("221 2.0.0 Bye");
                    return false;
                }
                default -> reply("502 5.5.2 Command not recognised");
            }
            return true;
        }

        private String ehloReply() {
            List<String> lines = new ArrayList<>();
            lines.add(NAME + " greets " + clientName);
            lines.add("PIPELINING");
            lines.add("8BITMIME");
            lines.add("SIZE " + MAX_MESSAGE_SIZE);
            if (options.offerStartTls() && secured == null) {
                lines.add("STARTTLS");
            }
            StringBuilder reply = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                reply.append(i == 0 ? "" : "\r\n").append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            }
            return reply.toString();
        }

        private void mail(String argument) throws IOException {
            if (clientName == null) {
                reply("503 5.5.1 Say EHLO first");
            } else if (mailFrom != null) {
                reply("503 5.5.1 Nested MAIL command");
            } else if (!argument.toUpperCase(Locale.ROOT).startsWith("FROM:")) {
                reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            } else {
                mailFrom = path(argument.substring(5));
                reply("250 2.1.0 Ok");
            }
        }

        private void recipient(String argument) throws IOException {
            if (mailFrom == null) {
                reply("503 5.5.1 Need MAIL first");
            } else if (!argument.toUpperCase(Locale.ROOT).startsWith("TO:")) {
                reply("501 5.5.4 Syntax: RCPT TO:<address>");
            } else {
                recipients.add(path(argument.substring(3)));
                reply("250 2.1.5 Ok");
            }
        }

        private void data() throws IOException {
            if (recipients.isEmpty()) {
                reply("503 5.5.1 Need RCPT first");
                return;
            }
            reply("354 End data with <CR><LF>.<CR><LF>");
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                String line = readLine();
                if (line == null) {
                    throw new IOException("connection closed during DATA");
                }
                if (line.equals(".")) {
                    break;
                }
                // RFC 5321 §4.5.2: a leading dot was doubled by the client.
                String unstuffed = line.startsWith(".") ? line.substring(1) : line;
                if (content.size() + unstuffed.length() > MAX_MESSAGE_SIZE) {
                    throw new IOException("message larger than SIZE");
                }
                content.write(unstuffed.getBytes(StandardCharsets.UTF_8));
                content.write('\r');
                content.write('\n');
            }
            messages.add(new Received(clientName, mailFrom, recipients, content.toString(StandardCharsets.UTF_8),
                    secured == null ? null : secured.getSession().getProtocol(),
                    secured == null ? null : secured.getSession().getCipherSuite()));
            resetTransaction();
            reply("250 2.0.0 Ok: queued as " + messages.size());
        }

        private String path(String argument) {
            String path = argument.trim();
            int end = path.indexOf('>');
            if (path.startsWith("<") && end > 0) {
                return path.substring(1, end);
            }
            int space = path.indexOf(' ');
            return space < 0 ? path : path.substring(0, space);
        }

        private void resetTransaction() {
            mailFrom = null;
            recipients.clear();
        }

        /** Replaces the plaintext streams by TLS ones, on the same TCP connection. */
        private void upgrade() throws IOException {
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            secured = ssl;
            attach(ssl);
        }

        /** One line without its CRLF (a bare LF is accepted), or null at the end of the stream. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                if (line.size() >= MAX_LINE) {
                    throw new IOException("line too long");
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }

        private void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Best effort: the server is going away either way.
        }
    }
}
