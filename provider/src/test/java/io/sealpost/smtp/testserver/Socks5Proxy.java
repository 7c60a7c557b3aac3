package io.sealpost.smtp.testserver;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 proxy on 127.0.0.1 (RFC 1928) offering only "no authentication" and CONNECT: it records each
 * target as the client named it ({@code host:port}) and relays bytes to it (loopback targets only).
 */
public final class Socks5Proxy extends TunnelRelay {
    private static final int VERSION = 5;
    private static final int NO_AUTHENTICATION = 0;
    private static final int NO_ACCEPTABLE_METHOD = 0xff;
    private static final int CONNECT = 1;

    private final List<String> targets = new CopyOnWriteArrayList<>();

    private Socks5Proxy() throws IOException {
        super();
    }

    public static Socks5Proxy start() throws IOException {
        Socks5Proxy proxy = new Socks5Proxy();
        proxy.startAccepting();
        return proxy;
    }

    /** Every CONNECT target as the client sent it, {@code host:port}, in order. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    @Override
    InetSocketAddress negotiate(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        // RFC 1928 §3: version, methods.
        if (in.readUnsignedByte() != VERSION) {
            throw new IOException("not SOCKS5");
        }
        byte[] methods = new byte[in.readUnsignedByte()];
        in.readFully(methods);
        boolean noAuthentication = false;
        for (byte method : methods) {
            noAuthentication |= method == NO_AUTHENTICATION;
        }
        out.write(new byte[] {VERSION, (byte) (noAuthentication ? NO_AUTHENTICATION : NO_ACCEPTABLE_METHOD)});
        out.flush();
        if (!noAuthentication) {
            return null;
        }
        // RFC 1928 §4: version, command, reserved, address type, address, port.
        if (in.readUnsignedByte() != VERSION || in.readUnsignedByte() != CONNECT) {
            throw new IOException("not a SOCKS5 CONNECT");
        }
        in.readUnsignedByte();
        String host = switch (in.readUnsignedByte()) {
            case 1 -> address(in, 4);
            case 4 -> address(in, 16);
            case 3 -> {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                yield new String(name, StandardCharsets.US_ASCII);
            }
            default -> throw new IOException("unknown SOCKS5 address type");
        };
        int port = in.readUnsignedShort();
        targets.add(host + ":" + port);
        return new InetSocketAddress(host, port);
    }

    @Override
    void connected(Socket client) throws IOException {
        // RFC 1928 §6: succeeded, bound address 0.0.0.0:0 (the client does not use it).
        client.getOutputStream().write(new byte[] {VERSION, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        client.getOutputStream().flush();
    }

    private static String address(DataInputStream in, int length) throws IOException {
        byte[] raw = new byte[length];
        in.readFully(raw);
        return InetAddress.getByAddress(raw).getHostAddress();
    }
}
