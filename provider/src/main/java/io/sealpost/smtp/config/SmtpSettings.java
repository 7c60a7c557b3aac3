package io.sealpost.smtp.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One Session's SMTP configuration for one protocol ({@code smtp} or {@code smtps}), parsed and
 * validated once by {@link SettingsParser} (SPEC §3.1). Immutable; secrets are {@link Secret}s.
 *
 * @param protocol            {@code smtp} or {@code smtps}: the prefix of every key
 * @param host                {@code host}, else {@code mail.host}; null when neither is set (connect() may pass one)
 * @param port                {@code port}; -1 when unset (25 for smtp, 465 for smtps)
 * @param user                {@code user}, else {@code mail.user}; null when neither
 * @param password            {@code password} (Angus reads it too), null when unset
 * @param from                {@code from}, else {@code mail.from}; the envelope sender; null when neither
 * @param localHost           {@code localhost}: the EHLO/HELO name; null when unset
 * @param localAddress        {@code localaddress}, null when unset
 * @param localPort           {@code localport}, 0 when unset
 * @param connectTimeout      {@code connectiontimeout} (ms); default 30 s
 * @param readTimeout         {@code timeout} (ms); default 60 s
 * @param writeTimeout        {@code writetimeout} (ms); default 60 s
 * @param auth                {@code auth}; default false
 * @param authMechanisms      {@code auth.mechanisms} in preference order, upper case, only those Sealpost implements
 *                            (PLAIN, LOGIN, XOAUTH2), each less the ones disabled by {@code auth.<mech>.disable}
 *                            (XOAUTH2 disabled by default, as in Angus)
 * @param ehlo                {@code ehlo}; default true
 * @param quitWait            {@code quitwait}; default true
 * @param reportSuccess       {@code reportsuccess}; default false
 * @param userSet             {@code userset}: RSET instead of NOOP for isConnected(); default false
 * @param noopStrict          {@code noop.strict}; default true
 * @param allow8bitMime       {@code allow8bitmime}; default false
 * @param sendPartial         {@code sendpartial}; default false
 * @param mailExtension       {@code mailextension}, appended to MAIL FROM; null when unset
 * @param submitter           {@code submitter}: the AUTH= parameter of MAIL FROM; null when unset
 * @param dsnNotify           {@code dsn.notify}; null when unset
 * @param dsnRet              {@code dsn.ret}; null when unset
 * @param proxy               {@code proxy.*} or {@code socks.*}
 * @param debug               {@code mail.debug} (the Session's debug flag is or-ed in by the transport)
 * @param tls                 the TLS settings
 */
public record SmtpSettings(
        String protocol,
        String host,
        int port,
        String user,
        Secret password,
        String from,
        String localHost,
        String localAddress,
        int localPort,
        Duration connectTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        boolean auth,
        List<String> authMechanisms,
        boolean ehlo,
        boolean quitWait,
        boolean reportSuccess,
        boolean userSet,
        boolean noopStrict,
        boolean allow8bitMime,
        boolean sendPartial,
        String mailExtension,
        String submitter,
        String dsnNotify,
        String dsnRet,
        ProxySettings proxy,
        boolean debug,
        TlsSettings tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);
    public static final Set<String> IMPLEMENTED_MECHANISMS = Set.of("PLAIN", "LOGIN", "XOAUTH2");

    public SmtpSettings {
        authMechanisms = List.copyOf(authMechanisms);
    }

    /** The full property name for a key of this protocol, for example {@code mail.smtp.tls.policy}. */
    public String key(String name) {
        return "mail." + protocol + "." + name;
    }

    public int defaultPort() {
        return tls.implicit() ? 465 : 25;
    }
}
