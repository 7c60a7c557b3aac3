package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CheckCommandTest {
    @TempDir
    Path directory;
    private LoopbackServers servers;

    @BeforeEach
    void startCa() throws IOException {
        servers = new LoopbackServers(directory);
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    private Run check(DemoSmtpServer server, String... options) {
        return Run.of(Run.args(List.of("check", "127.0.0.1:" + server.port(), "--timeout", "10"),
                servers.trustAndTimeouts(), List.of(options)));
    }

    @Test
    void aGoodServerPassesEveryModeAndExitsZero() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = check(server);

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.line("220 localhost").contains("ESMTP"), run::toString);
        assertTrue(run.line("full").matches("full\\s+PASS"), run::toString);
        assertTrue(run.line("chain").matches("chain\\s+PASS"), run::toString);
        assertTrue(run.line("fingerprint").startsWith("fingerprint"), run::toString);
        assertTrue(run.line("fingerprint").contains("PASS"), run::toString);
        assertTrue(run.line("mandatory").contains("sends, over TLS with full verification"), run::toString);
        assertTrue(run.line("opportunistic").contains("STARTTLS, certificate verified"), run::toString);
        assertTrue(run.out().contains("Verdict: PASS"), run::toString);
    }

    @Test
    void theReportShowsCapabilitiesSideBySideTlsTheChainAndThePinsLine() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = check(server);

        assertTrue(run.line("- STARTTLS").equals("- STARTTLS"), run::toString);
        assertTrue(run.line("PIPELINING").matches("PIPELINING\\s+PIPELINING"), run::toString);
        assertTrue(run.line("protocol").matches("protocol\\s+TLSv1\\.[23]"), run::toString);
        assertTrue(run.line("cipher suite").matches("cipher suite\\s+TLS_\\w+"), run::toString);
        assertTrue(run.line("key exchange group").contains("unknown"), run::toString);
        assertTrue(run.line("session resumption").matches("session resumption\\s+(yes|no): .*"), run::toString);
        assertTrue(run.line("[0] subject").endsWith("CN=localhost"), run::toString);
        assertTrue(run.line("issuer").endsWith("CN=Sealpost test CA"), run::toString);
        assertTrue(run.line("names (SAN)").contains("DNS:localhost, IP:127.0.0.1"), run::toString);
        assertTrue(run.line("validity").contains("(valid, "), run::toString);
        assertTrue(run.has("key\\s+EC 256 bits"), run::toString);
        assertTrue(run.line("signature").contains("SHA256withECDSA"), run::toString);
        String pin = io.sealpost.smtp.tls.Pins.pinOf(servers.ca.certificate()); // not the leaf's: the leaf is issued per server
        assertTrue(!run.out().contains(pin), run::toString);
        assertTrue(run.line("-Pmail.smtp.tls.pins=sha256/").matches("-Pmail\\.smtp\\.tls\\.pins=sha256/[A-Za-z0-9+/=]{44}"), run::toString);
    }

    @Test
    void aCheckNeverSendsMailFromOrData() throws IOException {
        DemoSmtpServer server = servers.good();
        check(server);

        assertTrue(server.commands().stream().noneMatch(command -> command.contains("MAIL") || command.contains("DATA")),
                server.commands()::toString);
        assertTrue(server.commands().contains("tls: QUIT"), server.commands()::toString);
    }

    @Test
    void anExpiredCertificateFailsFullAndChainWithTheReason() throws IOException {
        DemoSmtpServer server = servers.expired();
        Run run = check(server);

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.line("full").startsWith("full") && run.line("full").contains("FAIL (expired)"), run::toString);
        assertTrue(run.line("chain").contains("FAIL (expired)"), run::toString);
        assertTrue(run.line("fingerprint").contains("PASS"), run::toString);
        assertTrue(run.line("validity").contains("EXPIRED"), run::toString);
        assertTrue(run.out().contains("fix: the server's certificate is outside its validity period"), run::toString);
        assertTrue(run.out().contains("Verdict: FAIL"), run::toString);
    }

    @Test
    void aWrongNameFailsOnlyFullAndTheFixNamesTlsServername() throws IOException {
        DemoSmtpServer server = servers.wrongName();
        Run run = check(server);

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.line("full").contains("FAIL (name mismatch)"), run::toString);
        assertTrue(run.line("chain").matches("chain\\s+PASS"), run::toString);
        assertTrue(run.out().contains("fix: set -Pmail.smtp.tls.servername=NAME to a name the certificate is issued for (mail.example.com)"),
                run::toString);
    }

    @Test
    void anUnknownCaFailsFullAndChainAndTheFixNamesTrustcerts() throws IOException {
        DemoSmtpServer server = servers.untrusted();
        Run run = check(server);

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.line("full").contains("FAIL (untrusted)"), run::toString);
        assertTrue(run.line("chain").contains("FAIL (untrusted)"), run::toString);
        assertTrue(run.out().contains("fix: set -Pmail.smtp.tls.trustcerts=ca.pem"), run::toString);
        assertTrue(run.line("opportunistic").contains("NOT verified"), run::toString);
    }

    @Test
    void aServerWithoutStartTlsFailsMandatoryAndSaysOpportunisticWouldSendInPlaintext() throws IOException {
        DemoSmtpServer server = servers.withoutStartTls();
        Run run = check(server);

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.line("full").contains("FAIL"), run::toString);
        assertTrue(run.line("chain").contains("not reached"), run::toString);
        assertTrue(run.line("opportunistic").contains("offers no STARTTLS: mail would travel unencrypted"), run::toString);
        assertTrue(run.line("mandatory").contains("refuses to send"), run::toString);
        assertTrue(run.out().contains("fix: the server offers no STARTTLS; mail.smtp.tls.policy=opportunistic would send in plaintext"),
                run::toString);
        assertTrue(server.commands().stream().noneMatch(command -> command.contains("MAIL")), server.commands()::toString);
    }

    @Test
    void anImplicitTlsServerIsCheckedFromTheFirstByte() throws IOException {
        DemoSmtpServer server = servers.implicitTls();
        Run run = check(server, "--implicit");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.out().contains("implicit TLS, RFC 8314"), run::toString);
        assertTrue(run.out().contains("Capabilities (over implicit TLS)"), run::toString);
        assertTrue(run.line("full").matches("full\\s+PASS"), run::toString);
        assertTrue(server.commands().stream().allMatch(command -> command.startsWith("tls: ")), server.commands()::toString);
    }

    @Test
    void anImplicitTlsServerCheckedWithStartTlsFailsWithAFix() throws IOException {
        DemoSmtpServer server = servers.implicitTls();
        Run run = Run.of(Run.args(List.of("check", "127.0.0.1:" + server.port(), "--timeout", "2"),
                List.of("-Pmail.smtp.tls.trustcerts=" + servers.caPem, "-Pmail.smtp.timeout=2000")));

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.out().contains("The connection ended early"), run::toString);
        assertTrue(run.out().contains("Verdict: FAIL"), run::toString);
    }

    @Test
    void jsonCarriesTheVerdictsForMachines() throws IOException {
        DemoSmtpServer server = servers.wrongName();
        Run run = check(server, "--json");

        assertEquals(Main.FAILED, run.status(), run::toString);
        String json = run.out();
        assertTrue(json.startsWith("{\n") && json.endsWith("}\n"), run::toString);
        assertTrue(json.contains("\"mandatoryWithFullVerification\": false"), run::toString);
        assertTrue(json.contains("\"reason\": \"NAME_MISMATCH\""), run::toString);
        assertTrue(json.contains("\"implicitTls\": false"), run::toString);
        assertTrue(json.contains("\"change\": \"only-before\""), run::toString);
        assertTrue(json.contains("\"before\": \"STARTTLS\""), run::toString);
        assertTrue(json.contains("\"subjectAltNames\": [\n        \"DNS:mail.example.com\"\n      ]"), run::toString);
        assertTrue(json.contains("\"pins\": \"sha256/"), run::toString);
        assertTrue(run.err().isEmpty(), run::toString);
    }

    @Test
    void jsonSaysTrueForAGoodServer() throws IOException {
        Run run = check(servers.good(), "--json");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.out().contains("\"mandatoryWithFullVerification\": true"), run::toString);
        assertTrue(run.out().contains("\"group\": \"unknown\""), run::toString);
    }

    @Test
    void givenPinsThatDoNotMatchFailFingerprintAndFull() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = check(server, "-Pmail.smtp.tls.pins=sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.line("fingerprint").contains("FAIL (pin mismatch)"), run::toString);
        assertTrue(run.line("full").contains("FAIL (pin mismatch)"), run::toString);
    }

    @Test
    void nobodyListeningIsAFailureWithAFix() throws IOException {
        // A bound socket that never listens holds the port, so every connection to it is refused.
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = reserved.getLocalPort();
            Run run = Run.of(Run.args(List.of("check", "127.0.0.1:" + port, "--timeout", "5"), servers.trustAndTimeouts()));

            assertEquals(Main.FAILED, run.status(), run::toString);
            assertTrue(run.out().contains("fix: check that an SMTP server listens on 127.0.0.1:" + port), run::toString);
        }
    }
}
