package io.sealpost.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP receiver on loopback for the integration tests: STARTTLS (RFC 3207) or implicit TLS
 * (RFC 8314), optional client certificate request, AUTH PLAIN/LOGIN after TLS only, and a record of every
 * accepted message with how it was protected. It only receives and records; attacks on the client are
 * the provider's unit tests' business.
 */
public final class RecordingSmtpServer implements AutoCloseable {

    public enum Mode { STARTTLS, IMPLICIT_TLS }

    /** One accepted message and what protected the session that carried it. */
    public record Received(String mailFrom, List<String> recipients, byte[] data, String tlsProtocol,
                           String cipherSuite, boolean startTls, Optional<String> clientCertificateSubject,
                           Optional<String> authenticatedUser) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        public boolean encrypted() {
            return !tlsProtocol.isEmpty();
        }
    }

    private final Mode mode;
    private final SSLContext tls;
    private final boolean requestClientCertificate;
    private final Map<String, String> users;
    private final ServerSocket listener;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "recording-smtp");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());

    private RecordingSmtpServer(Mode mode, SSLContext tls, boolean requestClientCertificate,
                                Map<String, String> users, int port) throws IOException {
        this.mode = mode;
        this.tls = tls;
        this.requestClientCertificate = requestClientCertificate;
        this.users = Map.copyOf(users);
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        sessions.execute(this::acceptLoop);
    }

    /**
     * Starts a receiver on 127.0.0.1.
     *
     * @param port 0 for any free port
     * @param users accepted AUTH credentials (user to password); empty: AUTH not offered
     */
    public static RecordingSmtpServer start(Mode mode, SSLContext tls, boolean requestClientCertificate,
                                            Map<String, String> users, int port) throws IOException {
        return new RecordingSmtpServer(mode, tls, requestClientCertificate, users, port);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next accepted message; fails after {@code timeout} with the session transcript so far. */
    public Received awaitMessage(Duration timeout) throws InterruptedException {
        Received message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout + "; transcript: " + transcript);
        }
        return message;
    }

    /** Client commands seen so far, AUTH payloads removed. */
    public List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sessions.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sessions.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            Socket socket = plain;
            if (mode == Mode.IMPLICIT_TLS) {
                socket = handshake(plain);
            }
            new Session(socket).run();
        } catch (IOException e) {
            transcript.add("! " + e);
        }
    }

    private SSLSocket handshake(Socket plain) throws IOException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        secure.setUseClientMode(false);
        secure.setWantClientAuth(requestClientCertificate);
        secure.startHandshake();
        return secure;
    }

    /** One SMTP session: the state of RFC 5321 §4.1.4 that a receiver needs, nothing more. */
    private final class Session {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();
        private String authenticatedUser;
        private boolean startTls;

        Session(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket next) throws IOException {
            socket = next;
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void run() throws IOException {
            reply("220 recording.test ESMTP");
            String line;
            while ((line = readLine()) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                transcript.add(upper.startsWith("AUTH") ? "AUTH ..." : line);
                if (upper.startsWith("EHLO")) {
                    StringBuilder ehlo = new StringBuilder("250-recording.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n");
                    if (!encrypted()) {
                        ehlo.append(mode == Mode.STARTTLS ? "250-STARTTLS\r\n" : "");
                    } else if (!users.isEmpty()) {
                        ehlo.append("250-AUTH PLAIN LOGIN\r\n");
                    }
                    reply(ehlo.append("250 SIZE 52428800").toString());
                } else if (upper.startsWith("HELO")) {
                    reply("250 recording.test");
                } else if (upper.equals("STARTTLS") && mode == Mode.STARTTLS && !encrypted()) {
                    reply("220 2.0.0 go ahead");
                    use(handshake(socket));
                    startTls = true;
                    reset();
                } else if (upper.startsWith("AUTH ") && encrypted() && !users.isEmpty()) {
                    authenticate(line.substring(5).trim());
                } else if (upper.startsWith("MAIL FROM:")) {
                    reset();
                    mailFrom = address(line.substring(10));
                    reply("250 2.1.0 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    recipients.add(address(line.substring(8)));
                    reply("250 2.1.5 ok");
                } else if (upper.equals("DATA")) {
                    reply("354 end with <CRLF>.<CRLF>");
                    byte[] data = readData();
                    received.add(record(data));
                    reply("250 2.0.0 queued");
                    reset();
                } else if (upper.equals("RSET")) {
                    reset();
                    reply("250 2.0.0 ok");
                } else if (upper.equals("NOOP")) {
                    reply("250 2.0.0 ok");
                } else if (upper.equals("QUIT")) {
                    reply("221 2.0.0 bye");
                    return;
                } else {
                    reply("502 5.5.1 not implemented");
                }
            }
        }

        private boolean encrypted() {
            return socket instanceof SSLSocket;
        }

        private void reset() {
            mailFrom = null;
            recipients.clear();
        }

        private void authenticate(String arguments) throws IOException {
            String[] words = arguments.split(" ", 2);
            String user;
            String password;
            if (words[0].equalsIgnoreCase("PLAIN")) {
                String initial = words.length > 1 ? words[1] : challenge("");
                String[] parts = new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8).split("\0", -1);
                user = parts[1];
                password = parts[2];
            } else if (words[0].equalsIgnoreCase("LOGIN")) {
                user = decode(words.length > 1 ? words[1] : challenge("VXNlcm5hbWU6"));
                password = decode(challenge("UGFzc3dvcmQ6"));
            } else {
                reply("504 5.5.4 mechanism not supported");
                return;
            }
            if (password.equals(users.get(user))) {
                authenticatedUser = user;
                reply("235 2.7.0 authenticated");
            } else {
                reply("535 5.7.8 bad credentials");
            }
        }

        private String challenge(String base64) throws IOException {
            reply("334 " + base64);
            return readLine();
        }

        private Received record(byte[] data) {
            String protocol = "";
            String suite = "";
            Optional<String> clientSubject = Optional.empty();
            if (socket instanceof SSLSocket secure) {
                protocol = secure.getSession().getProtocol();
                suite = secure.getSession().getCipherSuite();
                try {
                    clientSubject = Optional.of(((X509Certificate) secure.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName());
                } catch (SSLPeerUnverifiedException e) {
                    clientSubject = Optional.empty();
                }
            }
            return new Received(mailFrom, List.copyOf(recipients), data, protocol, suite, startTls,
                    clientSubject, Optional.ofNullable(authenticatedUser));
        }

        private byte[] readData() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            String line;
            while ((line = readLineRaw()) != null && !line.equals(".")) {
                byte[] bytes = (line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1);
                data.write(bytes);
                data.write('\r');
                data.write('\n');
            }
            return data.toByteArray();
        }

        private String readLine() throws IOException {
            String raw = readLineRaw();
            return raw == null ? null : new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }

        /** A line as ISO-8859-1 (one char per byte), without its CRLF. */
        private String readLineRaw() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
            return line.length() == 0 ? null : line.toString();
        }

        private void reply(String text) throws IOException {
            try {
                out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (SocketException e) {
                throw new IOException("client went away", e);
            }
        }

        private static String address(String path) {
            String trimmed = path.trim();
            int close = trimmed.indexOf('>');
            return trimmed.startsWith("<") && close > 0 ? trimmed.substring(1, close) : trimmed.split(" ")[0];
        }

        private static String decode(String base64) {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        }
    }
}
