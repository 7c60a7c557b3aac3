package io.sealpost.smtp.cli;

import java.util.Properties;

/**
 * The server a command talks to, and how: which key prefix ({@code mail.smtp.} or {@code mail.smtps.})
 * the Session properties use, and whether TLS is implicit (RFC 8314) or started with STARTTLS.
 *
 * <p>Keys are read as {@code mail.smtp.*}, as most set-ups write them; only when every given key is a
 * {@code mail.smtps.*} key are those used. Port 465 is the submission port with implicit TLS
 * (RFC 8314 §7.3), so it means {@code ssl.enable=true} unless that key says otherwise.
 */
record Endpoint(String protocol, String host, int port, boolean implicit) {
    static final int SMTP_PORT = 25;
    static final int IMPLICIT_TLS_PORT = 465;

    /**
     * @param hostAndPort  {@code HOST[:PORT]} from the command line ({@code [v6]:PORT} for IPv6), or null to
     *                     take {@code host} and {@code port} from the Session properties
     * @param implicitFlag {@code --implicit} was given
     */
    static Endpoint resolve(String hostAndPort, boolean implicitFlag, Properties properties) throws UsageException {
        String protocol = protocolOf(properties);
        String host;
        int port = -1;
        if (hostAndPort != null) {
            String text = hostAndPort.trim();
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw new UsageException("\"" + hostAndPort + "\": missing ] after the IPv6 address");
                }
                host = text.substring(1, close);
                String rest = text.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new UsageException("\"" + hostAndPort + "\": expected :PORT after ]");
                    }
                    port = port(rest.substring(1), hostAndPort);
                }
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                host = text.substring(0, text.indexOf(':'));
                port = port(text.substring(text.indexOf(':') + 1), hostAndPort);
            } else {
                host = text; // a name, an IPv4 address, or a bare IPv6 address without a port
            }
            if (host.isEmpty()) {
                throw new UsageException("\"" + hostAndPort + "\": no host");
            }
        } else {
            host = properties.getProperty("mail." + protocol + ".host", properties.getProperty("mail.host"));
            if (host == null) {
                throw new UsageException("no server: give --server HOST[:PORT] or -Pmail." + protocol + ".host=HOST");
            }
            String configuredPort = properties.getProperty("mail." + protocol + ".port");
            if (configuredPort != null) {
                port = port(configuredPort, "mail." + protocol + ".port=" + configuredPort);
            }
        }
        boolean implicit = implicitFlag || protocol.equals("smtps");
        String sslEnable = properties.getProperty("mail." + protocol + ".ssl.enable");
        if (!implicit) {
            implicit = sslEnable != null ? Boolean.parseBoolean(sslEnable.trim()) : port == IMPLICIT_TLS_PORT;
        }
        if (port < 0) {
            port = implicit ? IMPLICIT_TLS_PORT : SMTP_PORT;
        }
        return new Endpoint(protocol, host, port, implicit);
    }

    private static String protocolOf(Properties properties) {
        boolean smtp = false;
        boolean smtps = false;
        for (String key : properties.stringPropertyNames()) {
            smtp |= key.startsWith("mail.smtp.");
            smtps |= key.startsWith("mail.smtps.");
        }
        return smtps && !smtp ? "smtps" : "smtp";
    }

    private static int port(String text, String context) throws UsageException {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException("\"" + context + "\": the port must be a number from 1 to 65535");
    }

    /** The full property name for this endpoint's protocol, for example {@code mail.smtp.tls.servername}. */
    String key(String name) {
        return "mail." + protocol + "." + name;
    }

    /** Writes host, port and (for implicit TLS on smtp) {@code ssl.enable} into Session properties. */
    Properties applyTo(Properties properties) {
        Properties applied = new Properties();
        applied.putAll(properties);
        applied.setProperty(key("host"), host);
        applied.setProperty(key("port"), String.valueOf(port));
        if (implicit && protocol.equals("smtp")) {
            applied.setProperty(key("ssl.enable"), "true");
        }
        return applied;
    }

    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    String describe() {
        return address() + (implicit ? " (implicit TLS, RFC 8314)" : " (SMTP, STARTTLS per policy)");
    }
}
