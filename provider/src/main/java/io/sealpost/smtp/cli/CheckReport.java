package io.sealpost.smtp.cli;

import io.sealpost.smtp.config.VerifyMode;
import io.sealpost.smtp.protocol.Capabilities;
import io.sealpost.smtp.protocol.Reply;
import io.sealpost.smtp.tls.TlsConnection;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link ServerCheck.Result} for people (aligned text) and for machines ({@code --json}). */
final class CheckReport {
    private final ServerCheck.Result result;
    private final Endpoint endpoint;

    CheckReport(ServerCheck.Result result) {
        this.result = result;
        this.endpoint = result.endpoint();
    }

    /**
     * What each TLS policy would do with this server.
     *
     * @param outcome one of {@code plaintext}, {@code encrypted-verified}, {@code encrypted-unverified},
     *                {@code fails}, {@code not-applicable}, {@code unknown}
     */
    record PolicyOutcome(String policy, String outcome, String detail) {
    }

    List<PolicyOutcome> policies() {
        ServerCheck.Probe probe = result.probe();
        List<PolicyOutcome> policies = new ArrayList<>();
        if (endpoint.implicit()) {
            policies.add(new PolicyOutcome("none", "not-applicable", "implicit TLS is TLS from the first byte, whatever the policy"));
            policies.add(new PolicyOutcome("opportunistic", "not-applicable", "implicit TLS is TLS from the first byte, whatever the policy"));
        } else {
            policies.add(new PolicyOutcome("none", "plaintext", "mail would travel unencrypted (never the default)"));
            policies.add(opportunistic(probe));
        }
        ServerCheck.Verdict full = result.verdicts().get(VerifyMode.FULL);
        policies.add(full != null && full.passed()
                ? new PolicyOutcome("mandatory", "encrypted-verified", "sends, over TLS with full verification")
                : new PolicyOutcome("mandatory", "fails", "refuses to send: "
                        + (full == null || full.failure() == null ? "no verified TLS" : Main.describe(full.failure()))));
        return policies;
    }

    private PolicyOutcome opportunistic(ServerCheck.Probe probe) {
        String name = "opportunistic";
        if (probe.tls() != null) {
            TlsConnection tls = probe.tls();
            return tls.verified()
                    ? new PolicyOutcome(name, "encrypted-verified", "STARTTLS, certificate verified ("
                            + endpoint.key("tls.verify") + " as configured)")
                    : new PolicyOutcome(name, "encrypted-unverified", "STARTTLS, but the certificate is NOT verified ("
                            + tls.verificationFailure().orElse("verification is off")
                            + "); the session goes on encrypted, without credentials (RFC 7435)");
        }
        if (probe.before() != null && !probe.startTlsOffered()) {
            return new PolicyOutcome(name, "plaintext", "the server offers no STARTTLS: mail would travel unencrypted");
        }
        if (probe.startTls() != null && probe.startTls().code() != 220) {
            return new PolicyOutcome(name, "plaintext", "the server refused STARTTLS (" + probe.startTls()
                    + "): mail would travel unencrypted");
        }
        if (probe.startTls() != null) {
            return new PolicyOutcome(name, "fails", "the TLS handshake failed, so sending fails (no plaintext retry unless "
                    + endpoint.key("tls.fallback") + "=plaintext): "
                    + (probe.failure() == null ? "" : Main.describe(probe.failure())));
        }
        return new PolicyOutcome(name, "unknown", probe.failure() == null ? "" : Main.describe(probe.failure()));
    }

    // ---------------------------------------------------------------- text

    void printText(PrintStream out) {
        Printer printer = new Printer(out);
        ServerCheck.Probe probe = result.probe();
        printer.line("Sealpost check of " + endpoint.describe());

        if (probe.greeting() != null) {
            printer.section("Greeting");
            for (String line : probe.greeting().lines()) {
                printer.line("  " + probe.greeting().code() + " " + line);
            }
        }
        if (probe.before() != null) {
            capabilities(printer, probe);
        }
        if (!endpoint.implicit() && probe.before() != null) {
            printer.section("STARTTLS");
            printer.row("offered", probe.startTlsOffered() ? "yes" : "NO");
            if (probe.startTls() != null) {
                printer.row("reply", probe.startTls().toString());
            }
        }
        if (probe.failure() != null) {
            printer.section("The connection ended early");
            printer.row("error", Main.describe(probe.failure()));
            String remedy = Remedy.of(probe.failure(), endpoint, result.chain());
            if (!remedy.isEmpty()) {
                printer.row("fix", remedy);
            }
        }
        if (probe.tls() != null) {
            tls(printer, probe.tls());
            chain(printer);
        }
        verdicts(printer);

        printer.section("Policies (" + endpoint.key("tls.policy") + ")");
        for (PolicyOutcome policy : policies()) {
            printer.row(policy.policy(), policy.detail());
        }

        if (!result.pins().isEmpty()) {
            printer.section("Pin this server (" + endpoint.key("tls.pins") + ": every certificate of its chain, leaf first)");
            printer.line("  -P" + endpoint.key("tls.pins") + "=" + result.pins());
        }

        printer.section(result.mandatoryWithFullVerification()
                ? "Verdict: PASS: tls.policy=mandatory with tls.verify=full would send to this server."
                : "Verdict: FAIL: tls.policy=mandatory with tls.verify=full would NOT send to this server.");
    }

    private void capabilities(Printer printer, ServerCheck.Probe probe) {
        if (endpoint.implicit() || probe.after() == null) {
            String when = endpoint.implicit() ? "over implicit TLS" : "in plaintext; there was no TLS";
            printer.section("Capabilities (" + when + ")");
            for (String line : probe.before().lines()) {
                printer.line("    " + line);
            }
            if (probe.before().lines().isEmpty()) {
                printer.line("    (none)");
            }
            return;
        }
        List<ServerCheck.CapabilityRow> rows = ServerCheck.compare(probe.before().lines(), probe.after().lines());
        int width = "before STARTTLS".length();
        for (ServerCheck.CapabilityRow row : rows) {
            width = Math.max(width, row.before().length());
        }
        width += 4;
        printer.section("Capabilities (- only before TLS, + only after TLS, ~ changed)");
        printer.line("    " + Printer.pad("before STARTTLS", width) + "after STARTTLS");
        for (ServerCheck.CapabilityRow row : rows) {
            printer.line("  " + row.change().marker + " " + Printer.pad(row.before(), width) + row.after());
        }
    }

    private void tls(Printer printer, TlsConnection tls) {
        printer.section("TLS");
        printer.row("protocol", tls.protocol());
        printer.row("cipher suite", tls.cipherSuite());
        printer.row("key exchange", ServerCheck.keyExchange(tls.protocol(), tls.cipherSuite()));
        printer.row("key exchange group", ServerCheck.GROUP_UNKNOWN);
        printer.row("session resumption", result.resumed() == null
                ? "unknown: the second connection failed" + (result.resumeFailure() == null ? ""
                        : " (" + Main.describe(result.resumeFailure()) + ")")
                : result.resumed() ? "yes: a second connection resumed the session"
                        : "no: a second connection needed a full handshake");
    }

    private void chain(Printer printer) {
        printer.section("Certificate chain (as the server sent it, leaf first)");
        Instant now = Instant.now();
        List<CertificateView> chain = result.chain();
        for (int i = 0; i < chain.size(); i++) {
            CertificateView certificate = chain.get(i);
            printer.row("[" + i + "] subject", certificate.subject());
            printer.row("    issuer", certificate.issuer());
            printer.row("    names (SAN)", certificate.subjectAltNames().isEmpty() ? "(none)" : String.join(", ", certificate.subjectAltNames()));
            printer.row("    validity", certificate.validity(now));
            printer.row("    key", certificate.key());
            printer.row("    signature", certificate.signatureAlgorithm());
            printer.row("    pin", certificate.pin());
        }
    }

    private void verdicts(Printer printer) {
        printer.section("Verification (each a session as the transport opens it with " + endpoint.key("tls.policy") + "=mandatory)");
        String previousRemedy = "";
        for (VerifyMode mode : ServerCheck.MODES) {
            ServerCheck.Verdict verdict = result.verdicts().get(mode);
            String label = mode.name().toLowerCase(Locale.ROOT);
            if (verdict == null) {
                printer.row(label, "not reached: no TLS handshake completed");
                continue;
            }
            String note = verdict.note().isEmpty() ? "" : " (" + verdict.note() + ")";
            if (verdict.passed()) {
                printer.row(label, "PASS" + note);
                continue;
            }
            printer.row(label, "FAIL" + (verdict.reason() == null ? "" : " (" + reasonText(verdict) + ")") + note
                    + ": " + Main.describe(verdict.failure()));
            String remedy = Remedy.of(verdict.failure(), endpoint, result.chain());
            if (!remedy.isEmpty()) {
                printer.more(remedy.equals(previousRemedy) ? "fix: as above" : "fix: " + remedy);
            }
            previousRemedy = remedy;
        }
    }

    private static String reasonText(ServerCheck.Verdict verdict) {
        return verdict.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    // ---------------------------------------------------------------- JSON

    String toJson() {
        ServerCheck.Probe probe = result.probe();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("host", endpoint.host());
        server.put("port", endpoint.port());
        server.put("implicitTls", endpoint.implicit());
        root.put("server", server);
        root.put("greeting", probe.greeting() == null ? null : lines(probe.greeting()));

        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("beforeTls", endpoint.implicit() || probe.before() == null ? null : probe.before().lines());
        capabilities.put("afterTls", endpoint.implicit() ? lines(probe.before()) : lines(probe.after()));
        if (!endpoint.implicit() && probe.before() != null && probe.after() != null) {
            List<Object> changes = new ArrayList<>();
            for (ServerCheck.CapabilityRow row : ServerCheck.compare(probe.before().lines(), probe.after().lines())) {
                if (row.change() != ServerCheck.Change.SAME) {
                    Map<String, Object> change = new LinkedHashMap<>();
                    change.put("change", row.change().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                    change.put("before", row.before().isEmpty() ? null : row.before());
                    change.put("after", row.after().isEmpty() ? null : row.after());
                    changes.add(change);
                }
            }
            capabilities.put("changes", changes);
        }
        root.put("capabilities", capabilities);

        Map<String, Object> startTls = new LinkedHashMap<>();
        startTls.put("offered", endpoint.implicit() ? null : probe.before() == null ? null : probe.startTlsOffered());
        startTls.put("reply", probe.startTls() == null ? null : probe.startTls().toString());
        root.put("startTls", startTls);

        if (probe.tls() != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("protocol", probe.tls().protocol());
            tls.put("cipherSuite", probe.tls().cipherSuite());
            tls.put("keyExchange", ServerCheck.keyExchange(probe.tls().protocol(), probe.tls().cipherSuite()));
            tls.put("group", "unknown");
            tls.put("sessionResumed", result.resumed());
            root.put("tls", tls);
        } else {
            root.put("tls", null);
        }

        List<Object> certificates = new ArrayList<>();
        for (CertificateView view : result.chain()) {
            Map<String, Object> certificate = new LinkedHashMap<>();
            certificate.put("subject", view.subject());
            certificate.put("issuer", view.issuer());
            certificate.put("subjectAltNames", view.subjectAltNames());
            certificate.put("notBefore", CertificateView.formatInstant(view.notBefore()));
            certificate.put("notAfter", CertificateView.formatInstant(view.notAfter()));
            certificate.put("keyAlgorithm", view.keyAlgorithm());
            certificate.put("keyBits", view.keyBits());
            certificate.put("signatureAlgorithm", view.signatureAlgorithm());
            certificate.put("pin", view.pin());
            certificates.add(certificate);
        }
        root.put("certificates", certificates);

        Map<String, Object> verification = new LinkedHashMap<>();
        for (VerifyMode mode : ServerCheck.MODES) {
            ServerCheck.Verdict verdict = result.verdicts().get(mode);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("passed", verdict == null ? null : verdict.passed());
            entry.put("reason", verdict == null || verdict.reason() == null ? null : verdict.reason().name());
            entry.put("message", verdict == null ? "not reached: no TLS handshake completed"
                    : verdict.failure() == null ? null : Main.describe(verdict.failure()));
            String remedy = verdict == null || verdict.failure() == null ? "" : Remedy.of(verdict.failure(), endpoint, result.chain());
            entry.put("fix", remedy.isEmpty() ? null : remedy);
            verification.put(mode.name().toLowerCase(Locale.ROOT), entry);
        }
        root.put("verification", verification);

        Map<String, Object> policies = new LinkedHashMap<>();
        for (PolicyOutcome policy : policies()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("outcome", policy.outcome());
            entry.put("detail", policy.detail());
            policies.put(policy.policy(), entry);
        }
        root.put("policies", policies);
        root.put("pins", result.pins().isEmpty() ? null : result.pins());
        root.put("error", probe.failure() == null ? null : Main.describe(probe.failure()));
        root.put("mandatoryWithFullVerification", result.mandatoryWithFullVerification());
        return Json.write(root);
    }

    private static List<String> lines(Reply reply) {
        List<String> lines = new ArrayList<>();
        for (String line : reply.lines()) {
            lines.add(reply.code() + (line.isEmpty() ? "" : " " + line));
        }
        return lines;
    }

    private static List<String> lines(Capabilities capabilities) {
        return capabilities == null ? null : capabilities.lines();
    }
}
