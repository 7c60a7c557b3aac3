package io.sealpost.smtp.protocol;

import io.sealpost.smtp.config.ProxySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An HTTP CONNECT tunnel (RFC 9110 §9.3.6) through {@code mail.<protocol>.proxy.*}, as Angus Mail offers. */
final class HttpConnectTunnel {
    private static final int MAX_HEADER_LINE = 8192;

    private HttpConnectTunnel() {
    }

    static void establish(Socket socket, ProxySettings proxy, String host, int port) throws IOException {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (proxy.user() != null && proxy.password() != null) {
            String token = Base64.getEncoder().encodeToString(
                    (proxy.user() + ":" + proxy.password().reveal()).getBytes(StandardCharsets.UTF_8));
            request.append("Proxy-Authorization: Basic ").append(token).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // Read byte by byte: the bytes after the header belong to the SMTP server and must stay unread.
        InputStream in = socket.getInputStream();
        String status = readLine(in);
        if (!status.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
            throw new IOException("the proxy refused the tunnel: " + status);
        }
        while (!readLine(in).isEmpty()) {
            // Skip the response headers.
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the proxy closed the connection during CONNECT");
            }
            if (line.length() > MAX_HEADER_LINE) {
                throw new IOException("the proxy's reply line is too long");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
