package io.sealpost.smtp.config;

import static io.sealpost.smtp.config.SessionProperties.invalid;

import io.sealpost.smtp.InvalidConfigurationException;
import java.util.List;

/**
 * Angus keys Sealpost cannot honour. SPEC §3.1: such a key is never silently ignored; connect() fails
 * with a message that names it and the Sealpost key to use instead.
 *
 * <ul>
 *   <li>The socket factory keys ({@code socketFactory*}, {@code ssl.socketFactory*}): Sealpost opens
 *       its own sockets and runs TLS on its own engine, so a factory would be bypassed.</li>
 *   <li>{@code ssl.hostnameverifier}, {@code ssl.hostnameverifier.class}: name checking is RFC 6125
 *       in {@code …tls}; use {@code tls.verify}, {@code tls.servername}, {@code tls.pins}.</li>
 *   <li>{@code sasl.enable=true}: Sealpost implements PLAIN, LOGIN and XOAUTH2 itself rather than
 *       through {@code javax.security.sasl}. {@code sasl.enable=false} is accepted, and so are
 *       {@code sasl.mechanisms} and {@code sasl.usecanonicalhostname}, which do nothing in Angus
 *       either unless SASL is enabled.</li>
 *   <li>{@code sasl.authorizationid}: Angus sends it as the PLAIN authorization identity; Sealpost
 *       sends none (RFC 4616 §2: the server then derives it from the user), which is equivalent only
 *       when it equals the user; any other value fails.</li>
 *   <li>{@code sasl.realm}, {@code saslrealm} (DIGEST-MD5), {@code auth.ntlm.domain},
 *       {@code auth.ntlm.flags} (NTLM): they configure mechanisms Sealpost does not implement; a set-up
 *       that needs them would authenticate differently or not at all.</li>
 *   <li>{@code mail.debug.auth=true}: it asks Angus to print AUTH payloads; Sealpost never does
 *       (SPEC §4.8). {@code mail.debug.auth.username} and {@code .password} do nothing without it.</li>
 * </ul>
 *
 * <p>Accepted without effect, because they tune plumbing rather than what is sent or how it is
 * protected: {@code chunksize} (Angus's BDAT chunk size; Sealpost sends with DATA until CHUNKING
 * support lands), {@code usesocketchannels} and {@code executor.writetimeout} (the write timeout is
 * enforced without an executor), {@code quitonsessionreject} (a rejected greeting always ends the
 * connection).
 */
final class UnsupportedKeys {
    private static final List<String> SOCKET_FACTORY_KEYS = List.of(
            "socketFactory", "socketFactory.class", "socketFactory.fallback", "socketFactory.port",
            "ssl.socketFactory", "ssl.socketFactory.class", "ssl.socketFactory.port");

    private UnsupportedKeys() {
    }

    static void reject(SessionProperties properties, String user) throws InvalidConfigurationException {
        for (String name : SOCKET_FACTORY_KEYS) {
            String key = properties.key(name);
            Object value = properties.raw(key);
            if (value != null && !(value instanceof String text && text.isBlank())) {
                throw new InvalidConfigurationException(key, socketFactoryMessage(properties, name, value));
            }
        }
        for (String name : List.of("ssl.hostnameverifier", "ssl.hostnameverifier.class")) {
            String key = properties.key(name);
            if (properties.isSet(key)) {
                throw invalid(key, "cannot be honoured: Sealpost checks server names itself (RFC 6125, RFC 7817)."
                        + " Remove it and use " + properties.key("tls.verify") + " (full, chain, fingerprint, none), "
                        + properties.key("tls.servername") + " or " + properties.key("tls.pins"));
            }
        }
        if (properties.flag(properties.key("sasl.enable"), false)) {
            throw new InvalidConfigurationException(properties.key("sasl.enable"), properties.key("sasl.enable")
                    + "=true cannot be honoured: Sealpost implements PLAIN, LOGIN"
                    + " and XOAUTH2 itself, not through javax.security.sasl. Remove it (or set false) and choose"
                    + " mechanisms with " + properties.key("auth.mechanisms"));
        }
        String authorizationId = properties.text(properties.key("sasl.authorizationid"));
        if (authorizationId != null && !authorizationId.equals(user)) {
            throw invalid(properties.key("sasl.authorizationid"), "cannot be honoured: Sealpost authenticates as "
                    + properties.key("user") + " and does not act on behalf of another identity; was '"
                    + authorizationId + "'");
        }
        for (String name : List.of("sasl.realm", "saslrealm")) {
            unimplementedMechanism(properties, name, "DIGEST-MD5");
        }
        for (String name : List.of("auth.ntlm.domain", "auth.ntlm.flags")) {
            unimplementedMechanism(properties, name, "NTLM");
        }
        if (properties.flag("mail.debug.auth", false)) {
            throw new InvalidConfigurationException("mail.debug.auth", "mail.debug.auth=true cannot be honoured: Sealpost never writes AUTH payloads"
                    + " (passwords, tokens) to the debug trace. Remove it; mail.debug shows the rest of the"
                    + " protocol");
        }
    }

    private static void unimplementedMechanism(SessionProperties properties, String name, String mechanism)
            throws InvalidConfigurationException {
        String key = properties.key(name);
        if (properties.isSet(key)) {
            throw invalid(key, "configures " + mechanism + ", which Sealpost does not implement; it authenticates"
                    + " with PLAIN, LOGIN or XOAUTH2 (see " + properties.key("auth.mechanisms") + "). Remove the key");
        }
    }

    private static String socketFactoryMessage(SessionProperties properties, String name, Object value) {
        String key = properties.key(name);
        String shown = value instanceof String text ? "'" + text + "'" : "an instance of " + value.getClass().getName();
        StringBuilder message = new StringBuilder(key).append(" cannot be honoured (was ").append(shown)
                .append("): Sealpost opens its own sockets and runs TLS on its own engine, so a socket factory"
                        + " would be bypassed. Remove it and use ");
        if (name.endsWith(".port")) {
            message.append(properties.key("port")).append(" for the port to connect to");
        } else if (name.endsWith(".fallback")) {
            message.append(properties.key("tls.fallback"))
                    .append(" (Sealpost never falls back to a plain socket unless tls.fallback=plaintext)");
        } else {
            message.append(properties.key("tls.truststore")).append(" or ").append(properties.key("tls.trustcerts"))
                    .append(" for the servers to trust, ").append(properties.key("tls.keystore")).append(" or ")
                    .append(properties.key("tls.cert")).append(" with ").append(properties.key("tls.key"))
                    .append(" for a client certificate, ").append(properties.key("tls.engine"))
                    .append(" (conscrypt, jdk) for the TLS provider");
        }
        if (String.valueOf(value).contains("SSLSocketFactory") || value instanceof javax.net.ssl.SSLSocketFactory) {
            message.append(". For TLS from the first byte, which an SSL socket factory gave (usually on port 465),"
                    + " set ").append(properties.key("ssl.enable")).append("=true or use the smtps protocol");
        }
        return message.toString();
    }
}
