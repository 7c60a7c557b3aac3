package io.sealpost.smtp.config;

/**
 * How the TCP connection reaches the server: directly, through an HTTP CONNECT proxy
 * ({@code proxy.*}) or a SOCKS proxy ({@code socks.*}).
 */
public record ProxySettings(Type type, String host, int port, String user, Secret password) {
    public enum Type { DIRECT, HTTP, SOCKS }

    public static final ProxySettings DIRECT = new ProxySettings(Type.DIRECT, null, 0, null, null);
}
