package io.sealpost.smtp.config;

import static io.sealpost.smtp.config.SessionProperties.invalid;
import static io.sealpost.smtp.config.SessionProperties.shown;

import io.sealpost.smtp.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Session properties to {@link SmtpSettings}: every default and every validation of SPEC §3 in one place.
 *
 * <p>Every key is {@code mail.<protocol>.<name>}. The Angus keys (SPEC §3.1) keep Angus Mail's
 * meanings and defaults, with these deliberate differences:
 * <ul>
 *   <li>A value that is not understood fails, naming the key and showing what was expected and what
 *       was seen (never the value of a password key). Angus reads a malformed boolean as false and a
 *       malformed number as the default. Booleans are {@code true}/{@code false} in any case, or a
 *       {@link Boolean}; numbers may also be an {@link Integer}, as Angus's {@code PropUtil} allows.</li>
 *   <li>Values are trimmed, and an empty value counts as unset (most Angus keys behave so, and
 *       templated configuration produces empty values). Passwords are taken exactly as given.</li>
 *   <li>Timeouts default to 30 s (connect), 60 s (read), 60 s (write) instead of infinite, and 0 or a
 *       negative value, Angus's "infinite", fails: Sealpost never waits forever (SPEC §4.6).</li>
 *   <li>{@code starttls.enable} unset means opportunistic STARTTLS, not plaintext: secure by default.
 *       An explicit {@code starttls.enable=false} means {@code tls.policy=none}; see
 *       {@link TlsSettingsParser} for every TLS alias and its precedence.</li>
 *   <li>{@code ehlo=false} with a mandatory STARTTLS policy fails: STARTTLS is only advertised in the
 *       reply to EHLO (RFC 3207 §4), so such a set-up could never send.</li>
 *   <li>Values sent inside SMTP commands ({@code localhost}, {@code from}, {@code mailextension},
 *       {@code submitter}, ...) must not contain control characters, which would inject commands.
 *       {@code dsn.notify} and {@code dsn.ret} are checked against RFC 3461 and upper-cased.</li>
 *   <li>Keys Sealpost cannot honour fail, see {@link UnsupportedKeys}; so does any unknown
 *       {@code tls.*} key (typo protection).</li>
 * </ul>
 * {@code mail.host}, {@code mail.user} and {@code mail.from} are the fallbacks for {@code host},
 * {@code user} and {@code from}, as in Angus: GlassFish, Payara and Open Liberty mail sessions set only
 * those.
 */
public final class SettingsParser {
    private static final List<String> DSN_NOTIFY_EVENTS = List.of("SUCCESS", "FAILURE", "DELAY");

    private SettingsParser() {
    }

    /**
     * Parses the keys of {@code protocol} ("smtp" or "smtps").
     *
     * @throws InvalidConfigurationException naming the key, for any value Sealpost cannot honour
     * @throws IllegalArgumentException if {@code protocol} is neither "smtp" nor "smtps"
     */
    public static SmtpSettings parse(Properties properties, String protocol) throws InvalidConfigurationException {
        Objects.requireNonNull(properties, "properties");
        if (!"smtp".equals(protocol) && !"smtps".equals(protocol)) {
            throw new IllegalArgumentException("protocol must be smtp or smtps, was " + protocol);
        }
        SessionProperties p = new SessionProperties(properties, protocol);

        String host = p.text(p.key("host"));
        if (host == null) {
            host = p.text("mail.host");
        }
        String user = p.text(p.key("user"));
        if (user == null) {
            user = p.text("mail.user");
        }
        String from = p.text(p.key("from"));
        if (from == null) {
            from = p.text("mail.from");
        }
        UnsupportedKeys.reject(p, user);

        // -1 is Angus's "unset" (the protocol's default port), so it is accepted as such.
        String portExpected = "a port number from 1 to 65535 (or -1 for the default)";
        Integer port = p.integer(p.key("port"), portExpected);
        if (port != null && port != -1 && (port < 1 || port > 65535)) {
            throw invalid(p.key("port"), "must be " + portExpected + "; was " + port);
        }
        Integer localPort = p.integer(p.key("localport"), "a port number from 0 to 65535");
        if (localPort != null && (localPort < 0 || localPort > 65535)) {
            throw invalid(p.key("localport"), "must be a port number from 0 to 65535; was " + localPort);
        }
        boolean auth = p.flag(p.key("auth"), false);
        boolean ehlo = p.flag(p.key("ehlo"), true);
        TlsSettings tls = TlsSettingsParser.parse(p);
        if (!ehlo && tls.policy() == TlsPolicy.MANDATORY && !tls.implicit()) {
            throw invalid(p.key("ehlo"), "must be true when STARTTLS is mandatory: servers advertise STARTTLS"
                    + " only in the reply to EHLO (RFC 3207 §4), so with HELO no message could ever be sent;"
                    + " was 'false'");
        }

        return new SmtpSettings(
                protocol,
                host,
                port == null ? -1 : port,
                user,
                p.secret(p.key("password")),
                from,
                p.text(p.key("localhost")),
                p.text(p.key("localaddress")),
                localPort == null ? 0 : localPort,
                p.timeout(p.key("connectiontimeout"), SmtpSettings.DEFAULT_CONNECT_TIMEOUT),
                p.timeout(p.key("timeout"), SmtpSettings.DEFAULT_READ_TIMEOUT),
                p.timeout(p.key("writetimeout"), SmtpSettings.DEFAULT_WRITE_TIMEOUT),
                auth,
                AuthMechanismsParser.parse(p, auth),
                ehlo,
                p.flag(p.key("quitwait"), true),
                p.flag(p.key("reportsuccess"), false),
                p.flag(p.key("userset"), false),
                p.flag(p.key("noop.strict"), true),
                p.flag(p.key("allow8bitmime"), false),
                p.flag(p.key("sendpartial"), false),
                p.text(p.key("mailextension")),
                p.text(p.key("submitter")),
                dsnNotify(p),
                dsnRet(p),
                ProxySettingsParser.parse(p),
                p.flag("mail.debug", false),
                tls);
    }

    /** RFC 3461 §4.1: NEVER alone, or any of SUCCESS, FAILURE, DELAY, comma-separated. */
    private static String dsnNotify(SessionProperties p) throws InvalidConfigurationException {
        String key = p.key("dsn.notify");
        String value = p.text(key);
        if (value == null) {
            return null;
        }
        String expected = "must be NEVER, or one or more of SUCCESS, FAILURE, DELAY separated by commas"
                + " (RFC 3461 §4.1); was " + shown(key, value);
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            items.add(item.trim().toUpperCase(Locale.ROOT));
        }
        if (items.equals(List.of("NEVER"))) {
            return "NEVER";
        }
        Set<String> events = new LinkedHashSet<>(items);
        if (events.size() != items.size() || !DSN_NOTIFY_EVENTS.containsAll(events)) {
            throw invalid(key, expected);
        }
        return String.join(",", events);
    }

    /** RFC 3461 §4.3: FULL or HDRS. */
    private static String dsnRet(SessionProperties p) throws InvalidConfigurationException {
        String key = p.key("dsn.ret");
        String value = p.text(key);
        if (value == null) {
            return null;
        }
        String ret = value.toUpperCase(Locale.ROOT);
        if (!ret.equals("FULL") && !ret.equals("HDRS")) {
            throw invalid(key, "must be FULL or HDRS (RFC 3461 §4.3); was " + shown(key, value));
        }
        return ret;
    }
}
