package io.sealpost.smtp.protocol;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.ProtocolViolationException;
import io.sealpost.smtp.SmtpTimeoutException;
import io.sealpost.smtp.TlsHandshakeException;
import io.sealpost.smtp.config.ProxySettings;
import io.sealpost.smtp.config.SmtpSettings;
import io.sealpost.smtp.tls.TlsClient;
import io.sealpost.smtp.tls.TlsConnection;
import jakarta.mail.MessagingException;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP connection: the one place that opens sockets (directly, through an HTTP CONNECT or a SOCKS
 * proxy), writes commands, reads replies, and swaps the plaintext streams for TLS ones. Every wait is
 * bounded by a timeout, and every I/O failure is turned into a typed error naming the step.
 */
public final class SmtpConnection implements Closeable {
    /** Output buffer: a full TLS record's worth of plaintext, so buffered writes coalesce into full records. */
    private static final int OUTPUT_BUFFER = 16 * 1024;

    private final SmtpSettings settings;
    private final SmtpTrace trace;
    private Socket socket;
    private ReplyReader reader;
    private WriteTimeoutOutputStream timedOutput;
    private OutputStream output;
    private TlsConnection tls;

    private SmtpConnection(SmtpSettings settings, SmtpTrace trace, Socket socket) throws IOException {
        this.settings = settings;
        this.trace = trace;
        attach(socket);
    }

    /** Opens the TCP connection (through the configured proxy), bounded by {@code connectiontimeout}. */
    public static SmtpConnection open(SmtpSettings settings, String host, int port, SmtpTrace trace) throws MessagingException {
        int connectTimeout = (int) settings.connectTimeout().toMillis();
        Socket socket = null;
        try {
            ProxySettings proxy = settings.proxy();
            socket = proxy.type() == ProxySettings.Type.SOCKS
                    ? new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(proxy.host(), proxy.port())))
                    : new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.readTimeout().toMillis());
            if (settings.localAddress() != null || settings.localPort() > 0) {
                InetAddress local = settings.localAddress() == null ? null : InetAddress.getByName(settings.localAddress());
                socket.bind(new InetSocketAddress(local, settings.localPort()));
            }
            if (proxy.type() == ProxySettings.Type.HTTP) {
                socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), connectTimeout);
                HttpConnectTunnel.establish(socket, proxy, host, port);
            } else {
                InetSocketAddress target = proxy.type() == ProxySettings.Type.SOCKS
                        ? InetSocketAddress.createUnresolved(host, port) : new InetSocketAddress(host, port);
                socket.connect(target, connectTimeout);
            }
            trace.note("connected to " + host + ":" + port + describe(proxy));
            return new SmtpConnection(settings, trace, socket);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new SmtpTimeoutException(SmtpTimeoutException.Phase.CONNECT, "connecting",
                    "Could not connect to " + host + ":" + port + " within " + connectTimeout + " ms ("
                            + settings.key("connectiontimeout") + ")", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new MessagingException("Could not connect to " + host + ":" + port + describe(settings.proxy())
                    + ": " + e.getMessage(), e);
        }
    }

    private static String describe(ProxySettings proxy) {
        return proxy.type() == ProxySettings.Type.DIRECT ? ""
                : " through " + proxy.type() + " proxy " + proxy.host() + ":" + proxy.port();
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new ReplyReader(socket.getInputStream());
        this.timedOutput = new WriteTimeoutOutputStream(socket.getOutputStream(), socket, settings.writeTimeout().toMillis());
        this.output = new BufferedOutputStream(timedOutput, OUTPUT_BUFFER);
    }

    /** Reads one reply; {@code step} says what the client is doing, for timeout and error messages. */
    public Reply readReply(String step) throws MessagingException {
        try {
            Reply reply = reader.read();
            trace.server(reply);
            return reply;
        } catch (IOException e) {
            throw failure(e, step);
        }
    }

    /** Queues a command line; it leaves with the next {@link #flush} (pipelining-ready, RFC 2920). */
    public void write(String line) throws MessagingException {
        trace.client(line);
        writeLine(line, line);
    }

    /** Queues a line that carries a secret (an AUTH payload): the trace shows {@code redacted} instead. */
    public void writeSecret(String line, String redacted) throws MessagingException {
        trace.client(redacted);
        writeLine(line, redacted);
    }

    private void writeLine(String line, String shown) throws MessagingException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            // A CR or LF in an argument would let it inject a command (SMTP smuggling, CVE-2023-51766 class).
            throw new ProtocolViolationException("Refusing to send a command containing CR or LF: " + ReplyReader.printable(shown));
        }
        try {
            output.write(line.getBytes(StandardCharsets.UTF_8));
            output.write('\r');
            output.write('\n');
        } catch (IOException e) {
            throw failure(e, "sending " + verb(shown));
        }
    }

    public void flush(String step) throws MessagingException {
        try {
            output.flush();
        } catch (IOException e) {
            throw failure(e, step);
        }
    }

    /** Writes one command and reads its reply. */
    public Reply command(String line) throws MessagingException {
        write(line);
        flush("sending " + verb(line));
        return readReply("reading the reply to " + verb(line));
    }

    /** Writes one secret line (AUTH) and reads its reply; the trace shows {@code redacted}. */
    public Reply secretCommand(String line, String redacted) throws MessagingException {
        writeSecret(line, redacted);
        flush("sending " + verb(redacted));
        return readReply("reading the reply to " + verb(redacted));
    }

    /**
     * Streams message content into DATA: {@code body} writes the message through a dot-stuffing,
     * CRLF-normalising stream, then CRLF.CRLF ends it. Nothing is held in memory beyond the buffer.
     */
    public void data(MessageBody body) throws MessagingException {
        DotStuffingOutputStream stuffed = new DotStuffingOutputStream(output);
        try {
            body.writeTo(stuffed);
            stuffed.finish();
            output.flush();
        } catch (IOException e) {
            throw failure(e, "sending the message content");
        }
        trace.client("<message content, dot-stuffed> .");
    }

    /** Writes message content; may fail with the MIME layer's MessagingException. */
    @FunctionalInterface
    public interface MessageBody {
        void writeTo(OutputStream out) throws IOException, MessagingException;
    }

    /**
     * After the server's 220 to STARTTLS: refuses to go on if the server already sent more bytes
     * (they would be read as if protected by TLS — CVE-2011-0411), then runs the handshake and
     * replaces both streams, so nothing buffered in plaintext survives (RFC 3207 §4.2).
     */
    public TlsConnection startTls(TlsClient client, String host, int port, boolean requireVerified) throws MessagingException {
        if (reader.buffered() > 0) {
            throw new ProtocolViolationException("The server sent " + reader.buffered()
                    + " bytes of plaintext after its 220 reply to STARTTLS; they could be injected commands "
                    + "(CVE-2011-0411 class). The connection was aborted before the TLS handshake.");
        }
        return handshake(client, host, port, requireVerified);
    }

    /** Implicit TLS (RFC 8314): the handshake is the first thing on the connection. */
    public TlsConnection handshake(TlsClient client, String host, int port, boolean requireVerified) throws MessagingException {
        try {
            TlsConnection connection = client.handshake(socket, host, port, requireVerified);
            attach(connection.socket());
            this.tls = connection;
            trace.note("TLS established: " + connection.protocol() + " " + connection.cipherSuite()
                    + (connection.verified() ? ", certificate verified" : ", certificate NOT verified"
                    + connection.verificationFailure().map(why -> " (" + why + ")").orElse(""))
                    + (connection.sessionResumed() ? ", session resumed" : ""));
            return connection;
        } catch (TlsHandshakeException | CertificateRejectedException e) {
            trace.note("TLS failed: " + e.getMessage());
            throw e;
        } catch (IOException e) {
            throw failure(e, "the TLS handshake");
        }
    }

    /** The TLS state, or null while the connection is in plaintext. */
    public TlsConnection tls() {
        return tls;
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    private MessagingException failure(IOException e, String step) {
        closeQuietly(socket);
        if (timedOutput.timedOut()) {
            return new SmtpTimeoutException(SmtpTimeoutException.Phase.WRITE, step, "Timed out " + step + " after "
                    + settings.writeTimeout().toMillis() + " ms (" + settings.key("writetimeout") + ")", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new SmtpTimeoutException(SmtpTimeoutException.Phase.READ, step, "Timed out " + step + " after "
                    + settings.readTimeout().toMillis() + " ms (" + settings.key("timeout") + ")", e);
        }
        return new MessagingException("Connection failed while " + step + ": " + e, e);
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        return verb.equalsIgnoreCase("MAIL") || verb.equalsIgnoreCase("RCPT") ? line.substring(0, Math.min(line.length(), 7)).trim() : verb;
    }

    /** Closes the socket without a word to the server (after a protocol violation or a policy failure). */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is best effort; the connection is abandoned either way.
            }
        }
    }
}
