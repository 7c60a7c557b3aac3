package io.sealpost.smtp.testserver;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One connection, seen from the server: the well-behaved ESMTP dialogue, and the moves a hook makes
 * instead ({@link #reply}, {@link #writeRaw}, {@link #startTlsHandshake}, {@link #stall}, {@link #close}).
 * Runs on its own thread; hooks run on it too.
 */
public final class ServerSession {
    /** The first byte of a TLS handshake record (RFC 8446 §5.1, ContentType handshake). */
    private static final int TLS_HANDSHAKE = 0x16;
    private static final int MAX_LINE = 1 << 20;
    private static final long MAX_MESSAGE = 64L << 20;
    private static final long ENDLESS_LIMIT = 16L << 20;

    private final SmtpTestServer server;
    private final Socket plainSocket;
    private final ConnectionRecord record;
    volatile Thread thread;
    private volatile Socket socket;
    private volatile boolean closed;
    private InputStream in;
    private OutputStream out;
    private boolean tls;
    private Command current;
    private String lastReply = "";

    // SMTP state (RFC 5321 §4.1.4): greeting, authentication, the open transaction.
    private boolean greeted;
    private String authenticatedAs = "";
    private Transaction transaction;
    private int queued;

    private static final class Transaction {
        final String from;
        final List<String> parameters;
        final List<String> recipients = new ArrayList<>();
        final Map<String, List<String>> recipientParameters = new LinkedHashMap<>();
        final List<String> rejected = new ArrayList<>();
        final List<byte[]> chunks = new ArrayList<>();

        Transaction(String from, List<String> parameters) {
            this.from = from;
            this.parameters = parameters;
        }
    }

    ServerSession(SmtpTestServer server, Socket socket, ConnectionRecord record) {
        this.server = server;
        this.plainSocket = socket;
        this.socket = socket;
        this.record = record;
    }

    // ---------------------------------------------------------------- what hooks use

    /** The connection's index: 0 for the first one the server accepted. */
    public int index() {
        return record.index();
    }

    /** Whether the connection is inside TLS now. */
    public boolean isTls() {
        return tls;
    }

    /** What has been recorded on this connection so far. */
    public ConnectionRecord record() {
        return record;
    }

    /** Sends reply lines, each with its code ({@code "250-first"}, {@code "250 last"}), in one write. */
    public void reply(String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
            server.log(index(), tls, "S", line);
        }
        write(text.toString().getBytes(StandardCharsets.UTF_8));
        if (lines.length > 0) {
            lastReply = lines[lines.length - 1];
        }
    }

    /** Sends exactly these bytes in one write (one TCP segment in plaintext), e.g. a reply and an injected one. */
    public void writeRaw(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        server.log(index(), tls, "S(raw)", text.replace("\r", "\\r").replace("\n", "\\n"));
        write(bytes);
        String[] lines = text.split("\r\n");
        if (lines.length > 0) {
            lastReply = lines[lines.length - 1];
        }
    }

    /** {@link #writeRaw(byte[])} of UTF-8 text; write the CRLFs yourself. */
    public void writeRaw(String text) throws IOException {
        writeRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code chunk} again and again: a reply that never ends ({@code "250-xxx\r\n"}) or a line that never
     * ends ({@code "x"}). Returns when the client drops the connection (by throwing the I/O error), or after 16 MiB.
     */
    public long writeEndlessly(String chunk) throws IOException {
        int length = chunk.getBytes(StandardCharsets.UTF_8).length;
        byte[] block = chunk.repeat(Math.max(1, 8192 / Math.max(1, length))).getBytes(StandardCharsets.UTF_8);
        server.log(index(), tls, "S(endless)", chunk.replace("\r", "\\r").replace("\n", "\\n") + " …");
        long written = 0;
        while (written < ENDLESS_LIMIT && !closed) {
            out.write(block);
            written += block.length;
        }
        out.flush();
        return written;
    }

    /**
     * Turns the connection into TLS (after your own 220 to STARTTLS). First records any plaintext the client
     * sent before its ClientHello: bytes pipelined behind STARTTLS, or sent after the 220 (RFC 3207 §4).
     */
    public void startTlsHandshake() throws IOException {
        if (tls) {
            throw new IllegalStateException("the connection is already inside TLS");
        }
        if (server.tls == null) {
            throw new IllegalStateException("a plaintext server has no certificate; use startTls(identity)");
        }
        recordPlaintextBeforeHandshake();
        handshake(ConnectionRecord.TlsStart.STARTTLS);
        // RFC 3207 §4.2: both sides forget everything learned before TLS.
        greeted = false;
        authenticatedAs = "";
        transaction = null;
    }

    /** Answers the current command as the well-behaved server would. */
    public void proceed() throws IOException {
        answer(current);
    }

    /**
     * Stops answering: records whatever the client still sends, and returns when the client closes the
     * connection, the server's read times out or the server is closed. The connection is then closed.
     */
    public void stall() {
        try {
            while (!closed && readLine(ReceivedLine.Kind.COMMAND) != null) {
                server.log(index(), tls, "S", "(no answer)");
            }
            record.ended(ConnectionRecord.End.CLIENT_CLOSED);
        } catch (SocketTimeoutException e) {
            record.ended(ConnectionRecord.End.TIMEOUT);
        } catch (IOException e) {
            record.ended(closed ? ConnectionRecord.End.SERVER_CLOSED : ConnectionRecord.End.CLIENT_CLOSED);
        } finally {
            close();
        }
    }

    /** Drops the connection now, without a reply. */
    public void close() {
        if (!closed) {
            closed = true;
            record.ended(ConnectionRecord.End.SERVER_CLOSED);
            server.log(index(), tls, "S", "(closes the connection)");
        }
        closeQuietly();
    }

    // ---------------------------------------------------------------- the connection's life

    void abort() {
        closed = true;
        record.ended(ConnectionRecord.End.SERVER_CLOSED);
        abortSocket();
    }

    void run() {
        try {
            plainSocket.setSoTimeout(server.readTimeoutMillis);
            plainSocket.setTcpNoDelay(true);
            in = new BufferedInputStream(plainSocket.getInputStream());
            out = plainSocket.getOutputStream();
            if (server.mode == SmtpTestServer.Mode.IMPLICIT_TLS) {
                handshake(ConnectionRecord.TlsStart.IMPLICIT);
            }
            if (server.silent) {
                stall();
                return;
            }
            reply(server.banner.toArray(new String[0]));
            while (!closed) {
                String line = readLine(ReceivedLine.Kind.COMMAND);
                if (line == null) {
                    record.ended(ConnectionRecord.End.CLIENT_CLOSED);
                    return;
                }
                Command command = Command.parse(line, tls);
                current = command;
                CommandHandler hook = server.hooks.get(command.verb());
                if (hook != null) {
                    hook.handle(this, command);
                } else {
                    answer(command);
                }
            }
        } catch (SocketTimeoutException e) {
            record.ended(ConnectionRecord.End.TIMEOUT);
        } catch (IOException e) {
            record.ended(closed || server.closing() ? ConnectionRecord.End.SERVER_CLOSED : ConnectionRecord.End.CLIENT_CLOSED);
        } catch (RuntimeException | Error e) {
            record.handlerFailed(e);
            record.ended(ConnectionRecord.End.HANDLER_FAILED);
        } finally {
            closed = true;
            closeQuietly();
            server.log(index(), tls, "-", "connection ended: " + record.end().map(Enum::name).orElse("?"));
            server.connectionEnded();
        }
    }

    private void handshake(ConnectionRecord.TlsStart start) throws IOException {
        SSLSocket tlsSocket;
        try {
            tlsSocket = server.tls.handshake(plainSocket, in);
        } catch (IOException | RuntimeException e) {
            record.handshakeFailed(e);
            record.ended(ConnectionRecord.End.HANDSHAKE_FAILED);
            server.log(index(), false, "-", "TLS handshake failed: " + e);
            throw e;
        }
        socket = tlsSocket;
        SSLSession session = tlsSocket.getSession();
        record.tlsEstablished(start, session.getProtocol(), session.getCipherSuite(), serverName(session), peerChain(session));
        in = new BufferedInputStream(tlsSocket.getInputStream());
        out = tlsSocket.getOutputStream();
        tls = true;
        server.log(index(), true, "-", "TLS established: " + session.getProtocol() + " " + session.getCipherSuite());
    }

    private void recordPlaintextBeforeHandshake() throws IOException {
        in.mark(1);
        int first = in.read();
        in.reset();
        if (first == -1) {
            throw new EOFException("the client closed the connection instead of starting TLS");
        }
        if (first == TLS_HANDSHAKE) {
            return;
        }
        // Read whole lines while more plaintext is already here; stop at the ClientHello or when the client waits.
        do {
            byte[] line = readLineBytes();
            if (line == null) {
                return;
            }
            record.beforeHandshake(line);
            server.received(new ReceivedLine(index(), stripEol(line), false, ReceivedLine.Kind.BEFORE_HANDSHAKE));
            in.mark(1);
            first = in.available() > 0 ? in.read() : -1;
            in.reset();
        } while (first != -1 && first != TLS_HANDSHAKE);
    }

    private static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            try {
                for (SNIServerName name : extended.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        return host.getAsciiName();
                    }
                }
            } catch (UnsupportedOperationException ignored) {
                // an engine that does not keep the name
            }
        }
        return "";
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Sends close_notify without waiting for the client's: SunJSSE's {@code SSLSocket.close()} under TLS 1.3
     * blocks for up to the read timeout reading the peer's, so the TCP socket is closed first.
     */
    private void closeQuietly() {
        Socket current = socket;
        if (current != plainSocket) {
            try {
                current.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // Conscrypt does not support it; the connection is going anyway
            }
        }
        abortSocket();
        if (current != plainSocket) {
            try {
                current.close();
            } catch (IOException | RuntimeException ignored) {
                // the TCP socket under it is already closed
            }
        }
    }

    /** From any thread: closing the TCP socket wakes a session thread blocked in read or write. */
    private void abortSocket() {
        try {
            plainSocket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ---------------------------------------------------------------- reading

    /** One line up to and including LF; null at end of stream before any byte. */
    private byte[] readLineBytes() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (line.size() < MAX_LINE) {
                line.write(b);
            }
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private String readLine(ReceivedLine.Kind kind) throws IOException {
        byte[] bytes = readLineBytes();
        if (bytes == null) {
            return null;
        }
        String line = stripEol(bytes);
        server.received(new ReceivedLine(index(), line, tls, kind));
        return line;
    }

    private static String stripEol(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private String readAuthResponse() throws IOException {
        String line = readLine(ReceivedLine.Kind.AUTH_RESPONSE);
        if (line == null) {
            throw new EOFException("the client closed the connection inside AUTH");
        }
        return line;
    }

    /** DATA: every line up to the lone "." line (RFC 5321 §4.1.1.4), still dot-stuffed. */
    private byte[] readData() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLineBytes();
            if (line == null) {
                throw new EOFException("the client closed the connection inside DATA");
            }
            if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
                return data.toByteArray();
            }
            if (data.size() + line.length > MAX_MESSAGE) {
                throw new IOException("message larger than " + MAX_MESSAGE + " bytes");
            }
            data.writeBytes(line);
        }
    }

    /** RFC 5321 §4.5.2: drop the leading dot of every line that starts with one. */
    static byte[] unstuff(byte[] raw) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(raw.length);
        boolean lineStart = true;
        for (byte b : raw) {
            if (!(lineStart && b == '.')) {
                content.write(b);
            }
            lineStart = b == '\n';
        }
        return content.toByteArray();
    }

    private byte[] readExactly(long size) throws IOException {
        if (size > MAX_MESSAGE) {
            throw new IOException("BDAT chunk larger than " + MAX_MESSAGE + " bytes");
        }
        byte[] chunk = in.readNBytes((int) size);
        if (chunk.length != size) {
            throw new EOFException("the client closed the connection inside a BDAT chunk");
        }
        return chunk;
    }

    // ---------------------------------------------------------------- the well-behaved server

    private void answer(Command command) throws IOException {
        switch (command.verb()) {
            case "EHLO" -> ehlo(command);
            case "HELO" -> helo(command);
            case "STARTTLS" -> startTls(command);
            case "AUTH" -> auth(command);
            case "MAIL" -> mail(command);
            case "RCPT" -> rcpt(command);
            case "DATA" -> data(command);
            case "BDAT" -> bdat(command);
            case SmtpTestServer.END_OF_DATA -> reply("250 2.0.0 Ok: queued as " + (++queued));
            case "RSET" -> {
                transaction = null;
                reply("250 2.0.0 Ok");
            }
            case "NOOP" -> reply("250 2.0.0 Ok");
            case "QUIT" -> {
                reply("221 2.0.0 Bye");
                record.ended(ConnectionRecord.End.QUIT);
                closed = true;
                closeQuietly();
            }
            case "" -> reply("500 5.5.2 Error: bad syntax");
            default -> reply("500 5.5.2 Error: command not recognized");
        }
    }

    private List<String> advertised() {
        return tls ? server.capabilitiesAfterTls : server.capabilities;
    }

    private boolean advertises(String keyword) {
        return advertised().stream().anyMatch(k -> k.toUpperCase(Locale.ROOT).split(" ")[0].equals(keyword));
    }

    private void ehlo(Command command) throws IOException {
        if (command.argument().isBlank()) {
            reply("501 5.5.4 Syntax: EHLO hostname");
            return;
        }
        greeted = true;
        transaction = null;
        List<String> keywords = advertised();
        String[] lines = new String[keywords.size() + 1];
        lines[0] = (keywords.isEmpty() ? "250 " : "250-") + SmtpTestServer.HOSTNAME;
        for (int i = 0; i < keywords.size(); i++) {
            lines[i + 1] = (i == keywords.size() - 1 ? "250 " : "250-") + keywords.get(i);
        }
        reply(lines);
    }

    private void helo(Command command) throws IOException {
        if (command.argument().isBlank()) {
            reply("501 5.5.4 Syntax: HELO hostname");
            return;
        }
        greeted = true;
        transaction = null;
        reply("250 " + SmtpTestServer.HOSTNAME);
    }

    private void startTls(Command command) throws IOException {
        if (!command.argument().isEmpty()) {
            reply("501 5.5.4 Syntax: STARTTLS");
        } else if (tls) {
            reply("554 5.5.1 Error: TLS already active");
        } else if (server.tls == null) {
            reply("454 4.7.0 TLS not available");
        } else {
            reply("220 2.0.0 Ready to start TLS");
            startTlsHandshake();
        }
    }

    // ---------------------------------------------------------------- AUTH (RFC 4954, 4616; LOGIN; XOAUTH2)

    private void auth(Command command) throws IOException {
        String[] words = command.argument().trim().split(" +");
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length > 1 ? words[1] : null;
        if (!greeted) {
            reply("503 5.5.1 Error: send HELO/EHLO first");
        } else if (!authenticatedAs.isEmpty()) {
            reply("503 5.5.1 Error: already authenticated");
        } else if (transaction != null) {
            reply("503 5.5.1 Error: MAIL transaction in progress");
        } else if (!advertises("AUTH")) {
            reply("503 5.5.1 Error: authentication not enabled");
        } else if (!offeredMechanisms().contains(mechanism)) {
            reply("504 5.5.4 Unsupported authentication mechanism");
        } else {
            switch (mechanism) {
                case "PLAIN" -> authPlain(initial);
                case "LOGIN" -> authLogin(initial);
                case "XOAUTH2" -> authXoauth2(initial);
                default -> reply("504 5.5.4 Unsupported authentication mechanism");
            }
        }
    }

    private List<String> offeredMechanisms() {
        List<String> mechanisms = new ArrayList<>();
        for (String keyword : advertised()) {
            String[] words = keyword.toUpperCase(Locale.ROOT).split("[ =]");
            if (words[0].equals("AUTH")) {
                mechanisms.addAll(List.of(words).subList(1, words.length));
            }
        }
        return mechanisms;
    }

    private void authPlain(String initial) throws IOException {
        String response = initial;
        if (response == null) {
            reply("334 ");
            response = readAuthResponse();
        }
        String decoded = decode(response);
        if (decoded == null) {
            return;
        }
        String[] parts = decoded.split("\0", -1);
        if (parts.length != 3) {
            reply("501 5.5.2 Error: malformed PLAIN response");
            return;
        }
        finishAuth("PLAIN", parts[0], parts[1], parts[2]);
    }

    private void authLogin(String initial) throws IOException {
        String user = initial;
        if (user == null) {
            reply("334 " + base64("Username:"));
            user = readAuthResponse();
        }
        String username = decode(user);
        if (username == null) {
            return;
        }
        reply("334 " + base64("Password:"));
        String password = decode(readAuthResponse());
        if (password == null) {
            return;
        }
        finishAuth("LOGIN", "", username, password);
    }

    /** Google's XOAUTH2: {@code user=…^Aauth=Bearer …^A^A}; a failure is a 334 JSON challenge, then 535. */
    private void authXoauth2(String initial) throws IOException {
        String response = initial;
        if (response == null) {
            reply("334 ");
            response = readAuthResponse();
        }
        String decoded = decode(response);
        if (decoded == null) {
            return;
        }
        String username = "";
        String token = "";
        for (String field : decoded.split("\u0001")) {
            if (field.startsWith("user=")) {
                username = field.substring(5);
            } else if (field.startsWith("auth=Bearer ")) {
                token = field.substring(12);
            }
        }
        boolean accepted = username.equals(server.username) && token.equals(server.secret);
        record.authenticated(new AuthAttempt(index(), "XOAUTH2", "", username, token, tls, accepted));
        if (accepted) {
            authenticatedAs = username;
            reply("235 2.7.0 Accepted");
        } else {
            reply("334 " + base64("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}"));
            readAuthResponse();
            reply("535 5.7.8 Username and Password not accepted");
        }
    }

    private void finishAuth(String mechanism, String authorizationId, String username, String password) throws IOException {
        boolean accepted = username.equals(server.username) && password.equals(server.secret);
        record.authenticated(new AuthAttempt(index(), mechanism, authorizationId, username, password, tls, accepted));
        if (accepted) {
            authenticatedAs = username;
            reply("235 2.7.0 Authentication successful");
        } else {
            reply("535 5.7.8 Error: authentication failed");
        }
    }

    /** Decodes a client response, answering 501 to a cancel ("*") or bad base64 and returning null then. */
    private String decode(String response) throws IOException {
        if (response.equals("*")) {
            reply("501 5.7.0 Authentication cancelled");
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(response.equals("=") ? "" : response), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            reply("501 5.5.2 Error: cannot decode response");
            return null;
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- the mail transaction

    private void mail(Command command) throws IOException {
        Path path = Path.parse(command.argument(), "FROM:");
        if (!greeted) {
            reply("503 5.5.1 Error: send HELO/EHLO first");
        } else if (transaction != null) {
            reply("503 5.5.1 Error: nested MAIL command");
        } else if (path == null) {
            reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        } else if (server.requireAuthentication && authenticatedAs.isEmpty()) {
            reply("530 5.7.0 Authentication required");
        } else {
            transaction = new Transaction(path.address(), path.parameters());
            reply("250 2.1.0 Ok");
        }
    }

    private void rcpt(Command command) throws IOException {
        Path path = Path.parse(command.argument(), "TO:");
        if (transaction == null) {
            reply("503 5.5.1 Error: need MAIL command");
        } else if (path == null || path.address().isEmpty()) {
            reply("501 5.5.4 Syntax: RCPT TO:<address>");
        } else {
            String rejection = server.rejectedRecipients.get(path.address().toLowerCase(Locale.ROOT));
            if (rejection != null) {
                transaction.rejected.add(path.address());
                reply(rejection);
            } else {
                transaction.recipients.add(path.address());
                transaction.recipientParameters.put(path.address(), path.parameters());
                reply("250 2.1.5 Ok");
            }
        }
    }

    private void data(Command command) throws IOException {
        if (!command.argument().isEmpty()) {
            reply("501 5.5.4 Syntax: DATA");
        } else if (transaction == null) {
            reply("503 5.5.1 Error: need MAIL command");
        } else if (transaction.recipients.isEmpty()) {
            reply("554 5.5.1 Error: no valid recipients");
        } else {
            reply("354 End data with <CR><LF>.<CR><LF>");
            byte[] raw = readData();
            endOfData(raw, unstuff(raw));
        }
    }

    /** RFC 3030: {@code BDAT <size> [LAST]}, exactly size bytes follow the command line. */
    private void bdat(Command command) throws IOException {
        if (!advertises("CHUNKING")) {
            reply("500 5.5.2 Error: command not recognized");
            return;
        }
        String[] words = command.argument().trim().split(" +");
        long size;
        try {
            size = Long.parseLong(words[0]);
        } catch (NumberFormatException e) {
            size = -1;
        }
        boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
        if (size < 0 || words.length > 2 || (words.length == 2 && !last)) {
            reply("501 5.5.4 Syntax: BDAT size [LAST]");
            return;
        }
        byte[] chunk = readExactly(size);
        if (transaction == null) {
            reply("503 5.5.1 Error: need MAIL command");
        } else if (transaction.recipients.isEmpty()) {
            reply("554 5.5.1 Error: no valid recipients");
        } else {
            transaction.chunks.add(chunk);
            if (!last) {
                reply("250 2.0.0 Ok: " + size + " octets received");
            } else {
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                transaction.chunks.forEach(whole::writeBytes);
                endOfData(whole.toByteArray(), whole.toByteArray());
            }
        }
    }

    /** The message is complete: the END_OF_DATA hook (or 250) answers it, and it is recorded either way. */
    private void endOfData(byte[] raw, byte[] content) throws IOException {
        Transaction done = transaction;
        transaction = null;
        lastReply = "";
        Command end = new Command(".", SmtpTestServer.END_OF_DATA, "", tls);
        current = end;
        try {
            CommandHandler hook = server.hooks.get(SmtpTestServer.END_OF_DATA);
            if (hook != null) {
                hook.handle(this, end);
            } else {
                answer(end);
            }
        } finally {
            server.received(new ReceivedMessage(index(), done.from, done.parameters, done.recipients,
                    done.recipientParameters, done.rejected, raw, content, done.chunks, tls, record.tlsProtocol(),
                    record.clientCertificates(), authenticatedAs, lastReply));
        }
    }

    /** A reverse or forward path with its ESMTP parameters (RFC 5321 §4.1.2). */
    private record Path(String address, List<String> parameters) {
        static Path parse(String argument, String prefix) {
            if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return null;
            }
            String rest = argument.substring(prefix.length()).stripLeading();
            if (!rest.startsWith("<")) {
                return null;
            }
            int close = rest.indexOf('>');
            if (close < 0) {
                return null;
            }
            String after = rest.substring(close + 1).trim();
            List<String> parameters = after.isEmpty() ? List.of() : List.of(after.split(" +"));
            return new Path(rest.substring(1, close), parameters);
        }
    }
}
