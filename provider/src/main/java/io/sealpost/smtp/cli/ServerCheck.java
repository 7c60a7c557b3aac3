package io.sealpost.smtp.cli;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.TlsReport;
import io.sealpost.smtp.config.SettingsParser;
import io.sealpost.smtp.config.SmtpSettings;
import io.sealpost.smtp.config.VerifyMode;
import io.sealpost.smtp.protocol.Capabilities;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.protocol.SmtpConnection;
import io.sealpost.smtp.protocol.SmtpSession;
import io.sealpost.smtp.protocol.SmtpTrace;
import io.sealpost.smtp.tls.TlsClient;
import io.sealpost.smtp.tls.TlsConnection;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Looks at a server the way the transport would, with the transport's own pieces ({@link SmtpConnection},
 * {@link Capabilities}, {@link TlsClient}, {@link SmtpSession}); there is no second SMTP client here.
 * <ol>
 * <li>A probe: greeting, EHLO, STARTTLS (or implicit TLS), the handshake with the configured trust but
 *     without insisting on a verified certificate, so even a bad certificate can be shown; EHLO again; QUIT.</li>
 * <li>The same probe again with the same {@link TlsClient}: did the TLS session resume?</li>
 * <li>For each verification mode (full, chain, fingerprint), a session exactly as the transport opens it
 *     with {@code tls.policy=mandatory} and that {@code tls.verify}: the verdict and, on failure, the reason.</li>
 * </ol>
 */
final class ServerCheck {
    /** The modes a check judges; {@code none} verifies nothing, so it has no verdict. */
    static final List<VerifyMode> MODES = List.of(VerifyMode.FULL, VerifyMode.CHAIN, VerifyMode.FINGERPRINT);

    private final Endpoint endpoint;
    private final Properties properties;
    private final SmtpTrace trace;

    /**
     * What one probe connection saw. Fields after a failure stay null.
     *
     * @param greeting     the server's 220 greeting
     * @param before       the EHLO capabilities before TLS (over TLS for implicit TLS)
     * @param startTls     the reply to STARTTLS, null when not sent
     * @param tls          the TLS state, null when no handshake completed
     * @param after        the EHLO capabilities after STARTTLS
     * @param failure      what ended the probe early, or null
     */
    record Probe(Reply greeting, Capabilities before, Reply startTls, TlsConnection tls, Capabilities after,
            MessagingException failure) {
        boolean startTlsOffered() {
            return before != null && before.supports("STARTTLS");
        }
    }

    /**
     * The verdict of one verification mode under {@code tls.policy=mandatory}.
     *
     * @param reason  why the certificate was rejected, null when it passed or the failure was not about it
     * @param failure what failed, null when it passed
     * @param note    how the verdict was reached, when that needs saying (empty otherwise)
     */
    record Verdict(VerifyMode mode, boolean passed, CertificateRejectedException.Reason reason, MessagingException failure,
            String note) {
    }

    /**
     * Everything a check found.
     *
     * @param chain    the server's certificates, leaf first, as the probe saw them (empty without TLS)
     * @param pins     the {@code tls.pins} value for this server: every certificate of its chain
     * @param resumed  whether the second probe resumed the first one's TLS session; null when unknown
     */
    record Result(Endpoint endpoint, Probe probe, Boolean resumed, MessagingException resumeFailure,
            List<CertificateView> chain, String pins, Map<VerifyMode, Verdict> verdicts) {

        /** The exit condition: mandatory TLS with full verification would succeed. */
        boolean mandatoryWithFullVerification() {
            Verdict full = verdicts.get(VerifyMode.FULL);
            return full != null && full.passed();
        }
    }

    ServerCheck(Endpoint endpoint, Properties properties, SmtpTrace trace) {
        this.endpoint = endpoint;
        this.properties = endpoint.applyTo(properties);
        this.trace = trace;
    }

    /**
     * @throws InvalidConfigurationException when the given Session properties are wrong, before any traffic
     */
    Result run() throws InvalidConfigurationException {
        SmtpSettings configured = SettingsParser.parse(properties, endpoint.protocol());
        TlsClient client = TlsClient.create(configured.tls(), "mail." + endpoint.protocol() + ".");
        Probe probe = probe(configured, client);
        Boolean resumed = null;
        MessagingException resumeFailure = null;
        if (probe.tls() != null) {
            Probe again = probe(configured, client);
            if (again.tls() != null) {
                resumed = again.tls().sessionResumed();
            } else {
                resumeFailure = again.failure();
            }
        }
        List<CertificateView> chain = probe.tls() == null ? List.of() : CertificateView.of(probe.tls().peerCertificates());
        String pins = String.join(",", chain.stream().map(CertificateView::pin).toList());

        Map<VerifyMode, Verdict> verdicts = new LinkedHashMap<>();
        for (VerifyMode mode : MODES) {
            if (mode != VerifyMode.FULL && probe.tls() == null) {
                continue; // No handshake completed: the mandatory session (full) says why; the others add nothing.
            }
            verdicts.put(mode, verdict(mode, configured, pins));
        }
        return new Result(endpoint, probe, resumed, resumeFailure, chain, pins, verdicts);
    }

    private Probe probe(SmtpSettings settings, TlsClient client) {
        Reply greeting = null;
        Capabilities before = null;
        Reply startTls = null;
        TlsConnection tls = null;
        Capabilities after = null;
        SmtpConnection connection = null;
        try {
            connection = SmtpConnection.open(settings, endpoint.host(), endpoint.port(), trace);
            if (endpoint.implicit()) {
                tls = connection.handshake(client, endpoint.host(), endpoint.port(), false);
            }
            greeting = connection.readReply("reading the server's greeting");
            if (greeting.code() != 220) {
                return new Probe(greeting, null, null, tls, null, new MessagingException("The server's greeting is not 220: " + greeting));
            }
            before = hello(connection, settings);
            if (!endpoint.implicit() && before.supports("STARTTLS")) {
                startTls = connection.command("STARTTLS");
                if (startTls.code() == 220) {
                    tls = connection.startTls(client, endpoint.host(), endpoint.port(), false);
                    after = hello(connection, settings); // RFC 3207 §4.2: ask again, forget the old answer.
                }
            }
            quit(connection);
            return new Probe(greeting, before, startTls, tls, after, null);
        } catch (MessagingException e) {
            return new Probe(greeting, before, startTls, tls, after, e);
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static Capabilities hello(SmtpConnection connection, SmtpSettings settings) throws MessagingException {
        Reply reply = connection.command("EHLO " + SmtpSession.localName(settings));
        if (!reply.positive()) {
            throw new MessagingException("The server answered EHLO with " + reply);
        }
        return Capabilities.parse(reply);
    }

    private static void quit(SmtpConnection connection) {
        try {
            connection.command("QUIT");
        } catch (MessagingException ignored) {
            // The probe has what it came for.
        }
    }

    /** Opens a session as the transport would under {@code mandatory} with {@code mode}, and closes it. */
    private Verdict verdict(VerifyMode mode, SmtpSettings configured, String observedPins) {
        Properties forMode = new Properties();
        forMode.putAll(properties);
        forMode.setProperty(endpoint.key("tls.policy"), "mandatory");
        forMode.setProperty(endpoint.key("tls.verify"), mode.name().toLowerCase(Locale.ROOT));
        String note = "";
        if (mode == VerifyMode.FINGERPRINT) {
            if (!configured.tls().pins().isEmpty()) {
                note = "against " + endpoint.key("tls.pins");
            } else if (!observedPins.isEmpty()) {
                forMode.setProperty(endpoint.key("tls.pins"), observedPins);
                note = "against the pins below; no " + endpoint.key("tls.pins") + " was given";
            }
        }
        try {
            SmtpSettings settings = SettingsParser.parse(forMode, endpoint.protocol());
            TlsClient client = TlsClient.create(settings.tls(), "mail." + endpoint.protocol() + ".");
            SmtpSession session = SmtpSession.open(settings, endpoint.host(), endpoint.port(), null, client, trace);
            TlsReport report = session.report();
            session.quit();
            if (!report.encrypted() || !report.verified()) {
                return new Verdict(mode, false, null, new MessagingException("The session was not verified TLS: " + report), note);
            }
            return new Verdict(mode, true, null, null, note);
        } catch (CertificateRejectedException e) {
            return new Verdict(mode, false, e.reason(), e, note);
        } catch (MessagingException e) {
            return new Verdict(mode, false, null, e, note);
        }
    }

    /** One row of the side-by-side capability table. */
    record CapabilityRow(Change change, String before, String after) {
    }

    enum Change {
        SAME(' '), ONLY_BEFORE('-'), ONLY_AFTER('+'), CHANGED('~');

        final char marker;

        Change(char marker) {
            this.marker = marker;
        }
    }

    /** Pairs the capabilities before and after TLS by keyword, in the server's order. */
    static List<CapabilityRow> compare(List<String> before, List<String> after) {
        Map<String, String> afterByKeyword = new LinkedHashMap<>();
        for (String line : after) {
            afterByKeyword.put(keyword(line), line);
        }
        List<CapabilityRow> rows = new ArrayList<>();
        for (String line : before) {
            String other = afterByKeyword.remove(keyword(line));
            if (other == null) {
                rows.add(new CapabilityRow(Change.ONLY_BEFORE, line, ""));
            } else {
                rows.add(new CapabilityRow(normalise(line).equals(normalise(other)) ? Change.SAME : Change.CHANGED, line, other));
            }
        }
        for (String line : afterByKeyword.values()) {
            rows.add(new CapabilityRow(Change.ONLY_AFTER, "", line));
        }
        return rows;
    }

    private static String keyword(String line) {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    private static String normalise(String line) {
        return line.trim().replaceAll(" +", " ").toUpperCase(Locale.ROOT);
    }

    /**
     * The key exchange as far as the suite name tells. The negotiated group (X25519, P-256, …) is not
     * exposed by JSSE's public API nor by Conscrypt's, so it is reported as unknown rather than guessed.
     */
    static String keyExchange(String protocol, String cipherSuite) {
        if ("TLSv1.3".equals(protocol)) {
            return "ephemeral (EC)DHE (TLS 1.3 always)";
        }
        if (cipherSuite.startsWith("TLS_ECDHE_")) {
            return "ECDHE (forward secret)";
        }
        if (cipherSuite.startsWith("TLS_DHE_")) {
            return "DHE (forward secret)";
        }
        if (cipherSuite.startsWith("TLS_RSA_")) {
            return "RSA key transport (NOT forward secret)";
        }
        return "unknown";
    }

    static final String GROUP_UNKNOWN = "unknown (the TLS engine does not expose the negotiated group)";
}
