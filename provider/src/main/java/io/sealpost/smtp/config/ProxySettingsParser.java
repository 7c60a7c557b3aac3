package io.sealpost.smtp.config;

import static io.sealpost.smtp.config.SessionProperties.invalid;
import static io.sealpost.smtp.config.SessionProperties.shown;

import io.sealpost.smtp.InvalidConfigurationException;

/**
 * {@code proxy.*} (HTTP CONNECT) and {@code socks.*} to {@link ProxySettings}, as Angus's
 * {@code SocketFetcher} reads them: the host may carry the port ({@code host:port}), the port key
 * wins over it, and the defaults are 80 and 1080.
 *
 * <p>Stricter than Angus: setting both proxies fails (Angus silently prefers the HTTP proxy), a bad
 * port fails, and a port, user or password without its host fails, because a mistyped host key would
 * otherwise connect directly, bypassing the proxy the administrator meant to use.
 */
final class ProxySettingsParser {
    private ProxySettingsParser() {
    }

    static ProxySettings parse(SessionProperties properties) throws InvalidConfigurationException {
        String proxyHost = properties.text(properties.key("proxy.host"));
        String socksHost = properties.text(properties.key("socks.host"));
        if (proxyHost != null && socksHost != null) {
            throw invalid(properties.key("socks.host"), "and " + properties.key("proxy.host")
                    + " are both set: choose one proxy, SOCKS or HTTP CONNECT");
        }
        if (proxyHost != null) {
            HostAndPort address = hostAndPort(properties, "proxy", proxyHost, 80);
            return new ProxySettings(ProxySettings.Type.HTTP, address.host(), address.port(),
                    properties.text(properties.key("proxy.user")), properties.secret(properties.key("proxy.password")));
        }
        for (String orphan : new String[] {"proxy.port", "proxy.user", "proxy.password"}) {
            requireHost(properties, orphan, "proxy.host");
        }
        if (socksHost != null) {
            HostAndPort address = hostAndPort(properties, "socks", socksHost, 1080);
            return new ProxySettings(ProxySettings.Type.SOCKS, address.host(), address.port(), null, null);
        }
        requireHost(properties, "socks.port", "socks.host");
        return ProxySettings.DIRECT;
    }

    private record HostAndPort(String host, int port) {
    }

    private static HostAndPort hostAndPort(SessionProperties properties, String kind, String value, int defaultPort)
            throws InvalidConfigurationException {
        String hostKey = properties.key(kind + ".host");
        String host = value;
        String portText = null;
        if (value.startsWith("[")) {
            // An IPv6 literal, optionally followed by :port.
            int close = value.indexOf(']');
            if (close < 0 || (close + 1 < value.length() && value.charAt(close + 1) != ':')) {
                throw invalid(hostKey, "must be host, host:port or [IPv6]:port; was " + shown(hostKey, value));
            }
            host = value.substring(1, close);
            portText = close + 1 < value.length() ? value.substring(close + 2) : null;
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            portText = value.substring(value.indexOf(':') + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(hostKey, "must be host, host:port or [IPv6]:port; was " + shown(hostKey, value));
        }
        int port = defaultPort;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw invalid(hostKey, "has a port that is not a number from 1 to 65535; was " + shown(hostKey, value));
            }
        }
        Integer explicitPort = properties.port(properties.key(kind + ".port"));
        return new HostAndPort(host, explicitPort != null ? explicitPort : port);
    }

    private static void requireHost(SessionProperties properties, String name, String hostName)
            throws InvalidConfigurationException {
        if (properties.isSet(properties.key(name))) {
            throw invalid(properties.key(name), "is set but " + properties.key(hostName) + " is not: without the"
                    + " host the connection would go direct, bypassing the proxy");
        }
    }
}
