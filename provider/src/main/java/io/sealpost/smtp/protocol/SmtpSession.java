package io.sealpost.smtp.protocol;

import io.sealpost.smtp.ProtocolViolationException;
import io.sealpost.smtp.SmtpReplyException;
import io.sealpost.smtp.TlsHandshakeException;
import io.sealpost.smtp.TlsReport;
import io.sealpost.smtp.auth.Authentication;
import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.config.SmtpSettings;
import io.sealpost.smtp.config.TlsPolicy;
import io.sealpost.smtp.config.TlsSettings;
import io.sealpost.smtp.tls.TlsClient;
import io.sealpost.smtp.tls.TlsConnection;
import jakarta.mail.MessagingException;
import java.io.Closeable;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An established SMTP session: connected, greeted, protected as the TLS policy demands, authenticated.
 * {@link #open} is the only way to get one, so no session exists that skipped a rule of {@link StartTlsRules}.
 */
public final class SmtpSession implements Closeable {
    private final SmtpConnection connection;
    private final Capabilities capabilities;
    private final TlsReport report;
    private final SmtpSettings settings;

    private SmtpSession(SmtpConnection connection, Capabilities capabilities, TlsReport report, SmtpSettings settings) {
        this.connection = connection;
        this.capabilities = capabilities;
        this.report = report;
        this.settings = settings;
    }

    /** User name and secret (password or OAuth token) for AUTH. */
    public record Credentials(String user, Secret secret) {
    }

    /**
     * Connects and runs greeting, EHLO, STARTTLS (or implicit TLS), post-TLS EHLO and AUTH.
     *
     * @param credentials null when no AUTH is wanted
     * @param tlsClient   null only when the policy is {@code none} and TLS is not implicit
     */
    public static SmtpSession open(SmtpSettings settings, String host, int port, Credentials credentials,
            TlsClient tlsClient, SmtpTrace trace) throws MessagingException {
        TlsSettings tls = settings.tls();
        try {
            return establish(settings, host, port, credentials, tlsClient, trace, tls.policy());
        } catch (TlsHandshakeException e) {
            if (!StartTlsRules.plaintextFallback(tls.policy(), tls.fallback(), credentials != null)) {
                throw e;
            }
            trace.note("TLS handshake failed (" + e.alert() + "); " + settings.key("tls.fallback")
                    + "=plaintext: one new connection in plaintext, without credentials");
            return establish(settings, host, port, null, tlsClient, trace, TlsPolicy.NONE);
        }
    }

    private static SmtpSession establish(SmtpSettings settings, String host, int port, Credentials credentials,
            TlsClient tlsClient, SmtpTrace trace, TlsPolicy policy) throws MessagingException {
        TlsSettings tls = settings.tls();
        boolean requireVerified = StartTlsRules.requireVerified(policy, credentials != null, tls.authInsecure());
        SmtpConnection connection = SmtpConnection.open(settings, host, port, trace);
        try {
            TlsConnection secured = null;
            TlsReport.Mode mode = TlsReport.Mode.NONE;
            if (tls.implicit()) {
                secured = connection.handshake(tlsClient, host, port, true);
                mode = TlsReport.Mode.IMPLICIT;
            }
            Reply greeting = connection.readReply("reading the server's greeting");
            if (greeting.code() != 220) {
                throw new SmtpReplyException("connect", greeting.code(), greeting.toString());
            }
            Capabilities capabilities = hello(connection, settings, secured != null);
            if (secured == null && StartTlsRules.startTls(policy, capabilities.supports("STARTTLS"),
                    settings.ehlo() ? "" : " (" + settings.key("ehlo") + "=false: STARTTLS needs EHLO)")) {
                if (StartTlsRules.handshakeAfter(policy, connection.command("STARTTLS"))) {
                    secured = connection.startTls(tlsClient, host, port, requireVerified);
                    mode = TlsReport.Mode.STARTTLS;
                    // RFC 3207 §4.2: forget everything learned before TLS and ask again.
                    capabilities = hello(connection, settings, true);
                } else {
                    trace.note("the server refused STARTTLS; the opportunistic policy continues in plaintext");
                }
            }
            if (credentials != null) {
                StartTlsRules.checkCredentialsMaySend(secured, tls.authInsecure(), settings.key("auth.insecure"));
                Authentication.authenticate(connection, capabilities, settings, credentials.user(), credentials.secret());
            }
            return new SmtpSession(connection, capabilities, report(mode, secured, capabilities), settings);
        } catch (MessagingException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * EHLO, with HELO as the fallback in plaintext (RFC 5321 §3.2). After TLS there is no fallback: a
     * failed EHLO there aborts the session (SPEC §4.3), since the pre-TLS answers may not be reused.
     */
    private static Capabilities hello(SmtpConnection connection, SmtpSettings settings, boolean afterTls)
            throws MessagingException {
        String name = localName(settings);
        if (settings.ehlo() || afterTls) {
            Reply reply = connection.command("EHLO " + name);
            if (reply.positive()) {
                return Capabilities.parse(reply);
            }
            if (afterTls) {
                throw new ProtocolViolationException("The server answered EHLO after TLS with " + reply
                        + "; the session was aborted (pre-TLS capabilities are never reused, RFC 3207 §4.2)");
            }
        }
        Reply reply = connection.command("HELO " + name);
        if (!reply.positive()) {
            throw new SmtpReplyException("HELO " + name, reply.code(), reply.toString());
        }
        return Capabilities.none();
    }

    /** The EHLO name: {@code localhost} when configured, else this machine's name (as Angus does). */
    public static String localName(SmtpSettings settings) {
        if (settings.localHost() != null) {
            return settings.localHost();
        }
        return LocalName.VALUE;
    }

    /** The local host's name, looked up once per JVM, as Angus does when {@code localhost} is unset. */
    private static final class LocalName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                InetAddress local = InetAddress.getLocalHost();
                String name = local.getCanonicalHostName();
                if (name != null && !name.isEmpty() && !name.equals(local.getHostAddress())) {
                    return name;
                }
                return local instanceof java.net.Inet6Address ? "[IPv6:" + local.getHostAddress() + "]"
                        : "[" + local.getHostAddress() + "]";
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }

    private static TlsReport report(TlsReport.Mode mode, TlsConnection tls, Capabilities capabilities) {
        if (tls == null) {
            return TlsReport.plaintext(capabilities.lines());
        }
        return new TlsReport(mode, tls.protocol(), tls.cipherSuite(), tls.verified(), tls.verificationFailure(),
                tls.peerCertificates(), tls.sessionResumed(), capabilities.lines());
    }

    public SmtpConnection connection() {
        return connection;
    }

    public Capabilities capabilities() {
        return capabilities;
    }

    public TlsReport report() {
        return report;
    }

    public SmtpSettings settings() {
        return settings;
    }

    /** RSET (RFC 5321 §4.1.1.5): ends a failed or finished transaction so the next can start clean. */
    public Reply reset() throws MessagingException {
        return connection.command("RSET");
    }

    /**
     * NOOP, or RSET with {@code userset}: whether the server still answers. With {@code noop.strict=false}
     * any reply but 421 counts, as in Angus: a wrong success code is tolerated, "service closing the
     * transmission channel" (RFC 5321 §3.8) never is.
     */
    public boolean stillAnswers() {
        try {
            Reply reply = connection.command(settings.userSet() ? "RSET" : "NOOP");
            return settings.noopStrict() ? reply.code() == 250 : reply.code() != 421;
        } catch (MessagingException e) {
            return false;
        }
    }

    /** QUIT; waits for the 221 only with {@code quitwait} (bounded by the read timeout), then closes. */
    public void quit() {
        try {
            if (connection.isOpen()) {
                connection.write("QUIT");
                connection.flush("sending QUIT");
                if (settings.quitWait()) {
                    connection.readReply("reading the reply to QUIT");
                }
            }
        } catch (MessagingException e) {
            // The session is over either way.
        } finally {
            connection.close();
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    public Optional<TlsConnection> tls() {
        return Optional.ofNullable(connection.tls());
    }
}
