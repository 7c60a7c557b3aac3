package io.sealpost.smtp.testserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on 127.0.0.1 that understands only CONNECT (RFC 9110 §9.3.6): it records every request,
 * answers with the configured status line, and on 2xx relays bytes to the requested loopback target.
 *
 * <pre>{@code
 * try (HttpConnectProxy proxy = HttpConnectProxy.answering("HTTP/1.1 407 Proxy Authentication Required")) {
 *     ... mail.smtp.proxy.host = proxy.host(), mail.smtp.proxy.port = proxy.port()
 *     assertEquals("CONNECT 127.0.0.1:2525 HTTP/1.1", proxy.requests().get(0).requestLine());
 * }
 * }</pre>
 */
public final class HttpConnectProxy extends TunnelRelay {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** One CONNECT request as the proxy received it. */
    public record Request(String requestLine, List<String> headers) {
        /** The value of the first header with this name (case-insensitive). */
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst();
        }
    }

    private final String statusLine;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private HttpConnectProxy(String statusLine) throws IOException {
        super();
        this.statusLine = statusLine;
    }

    /** A proxy that opens every tunnel: {@code HTTP/1.1 200 Connection established}. */
    public static HttpConnectProxy start() throws IOException {
        return answering("HTTP/1.1 200 Connection established");
    }

    /** A proxy that answers every CONNECT with {@code statusLine}; only a 2xx opens the tunnel. */
    public static HttpConnectProxy answering(String statusLine) throws IOException {
        HttpConnectProxy proxy = new HttpConnectProxy(statusLine);
        proxy.startAccepting();
        return proxy;
    }

    /** Every CONNECT request received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    InetSocketAddress negotiate(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        String requestLine = readLine(in);
        List<String> headers = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headers.add(line);
        }
        requests.add(new Request(requestLine, List.copyOf(headers)));
        if (!statusLine.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
            client.getOutputStream().write((statusLine + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[0].equals("CONNECT")) {
            throw new IOException("not a CONNECT request: " + requestLine);
        }
        String authority = parts[1];
        int colon = authority.lastIndexOf(':');
        String host = authority.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(authority.substring(colon + 1)));
    }

    @Override
    void connected(Socket client) throws IOException {
        client.getOutputStream().write((statusLine + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("the client closed the connection inside the CONNECT request");
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("CONNECT request line too long");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
