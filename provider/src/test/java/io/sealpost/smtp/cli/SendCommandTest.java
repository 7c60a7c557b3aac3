package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SendCommandTest {
    private static final String EML = """
            From: Alice <alice@example.org>
            To: Bob <bob@example.net>
            Cc: carol@example.net
            Subject: From a file

            Line one.
            .A line that starts with a dot.
            """.replace("\n", "\r\n");

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

    private Run send(DemoSmtpServer server, String... options) {
        return Run.of(Run.args(List.of("send", "--server", "127.0.0.1:" + server.port()), servers.trustAndTimeouts(),
                List.of(options)));
    }

    @Test
    void sendsOverMandatoryStartTlsAndReportsTheServersAcceptance() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = send(server, "-Pmail.smtp.tls.policy=mandatory", "--from", "me@example.org",
                "--to", "you@example.net,them@example.net", "--subject", "Über TLS", "--body", "Hello");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.line("connection").contains("STARTTLS"), run::toString);
        assertTrue(run.line("verified").matches("verified\\s+yes"), run::toString);
        assertTrue(run.line("reply").contains("250 2.0.0 Ok: queued as 1"), run::toString);
        DemoSmtpServer.Received received = server.messages().get(0);
        assertTrue(received.overTls());
        assertEquals("me@example.org", received.mailFrom());
        assertEquals(List.of("you@example.net", "them@example.net"), received.recipients());
        assertTrue(received.content().contains("Subject: =?UTF-8?"), received::content);
        assertTrue(received.content().contains("\r\n\r\nHello"), received::content);
    }

    @Test
    void mandatoryRefusesAWrongNameSendsNothingAndNamesTheFix() throws IOException {
        DemoSmtpServer server = servers.wrongName();
        Run run = send(server, "-Pmail.smtp.tls.policy=mandatory", "--from", "me@example.org", "--to", "you@example.net");

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.err().contains("fix: set -Pmail.smtp.tls.servername=NAME"), run::toString);
        assertTrue(server.commands().stream().noneMatch(command -> command.contains("MAIL")), server.commands()::toString);
    }

    @Test
    void anUntrustedCertificateNamesTrustcertsAsTheFix() throws IOException {
        DemoSmtpServer server = servers.untrusted();
        Run run = send(server, "-Pmail.smtp.tls.policy=mandatory", "--from", "me@example.org", "--to", "you@example.net");

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.err().contains("fix: set -Pmail.smtp.tls.trustcerts=ca.pem"), run::toString);
        assertTrue(server.messages().isEmpty());
    }

    @Test
    void mandatoryRefusesAServerWithoutStartTls() throws IOException {
        DemoSmtpServer server = servers.withoutStartTls();
        Run run = send(server, "-Pmail.smtp.tls.policy=mandatory", "--from", "me@example.org", "--to", "you@example.net");

        assertEquals(Main.FAILED, run.status(), run::toString);
        assertTrue(run.err().contains("fix: the server offers no STARTTLS; mail.smtp.tls.policy=opportunistic would send in plaintext"),
                run::toString);
        assertTrue(server.commands().stream().noneMatch(command -> command.contains("MAIL")), server.commands()::toString);
    }

    @Test
    void opportunisticSendsInPlaintextToAServerWithoutStartTlsAndTheReportSaysSo() throws IOException {
        DemoSmtpServer server = servers.withoutStartTls();
        Run run = send(server, "--from", "me@example.org", "--to", "you@example.net");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.line("connection").contains("plaintext: NOT encrypted"), run::toString);
        assertTrue(!server.messages().get(0).overTls());
    }

    @Test
    void sendsAnEmlFileToItsOwnRecipients() throws IOException {
        DemoSmtpServer server = servers.good();
        Path eml = directory.resolve("message.eml");
        Files.writeString(eml, EML, StandardCharsets.UTF_8);
        Run run = send(server, "--eml", eml.toString());

        assertEquals(Main.OK, run.status(), run::toString);
        DemoSmtpServer.Received received = server.messages().get(0);
        assertEquals("alice@example.org", received.mailFrom());
        assertEquals(List.of("bob@example.net", "carol@example.net"), received.recipients());
        assertTrue(received.content().contains("Subject: From a file\r\n"), received::content);
        assertTrue(received.content().contains("\r\n.A line that starts with a dot.\r\n"), received::content);
    }

    @Test
    void sendsAnEmlFromStandardInputToTheGivenRecipientsOnly() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = Run.of(Run.args(List.of("send", "--server", "127.0.0.1:" + server.port(), "--eml", "-",
                "--to", "dave@example.net"), servers.trustAndTimeouts()),
                new ByteArrayInputStream(EML.getBytes(StandardCharsets.UTF_8)));

        assertEquals(Main.OK, run.status(), run::toString);
        DemoSmtpServer.Received received = server.messages().get(0);
        assertEquals(List.of("dave@example.net"), received.recipients());
        assertTrue(received.content().contains("To: Bob <bob@example.net>"), received::content);
    }

    @Test
    void readsTheBodyFromStandardInput() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = Run.of(Run.args(List.of("send", "--server", "127.0.0.1:" + server.port(), "--from", "cron@example.org",
                "--to", "ops@example.org", "--body", "-"), servers.trustAndTimeouts()),
                new ByteArrayInputStream("nightly job done\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(server.messages().get(0).content().contains("nightly job done"), server.messages().get(0)::content);
    }

    @Test
    void sendsOverImplicitTls() throws IOException {
        DemoSmtpServer server = servers.implicitTls();
        Run run = send(server, "--implicit", "--from", "me@example.org", "--to", "you@example.net");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.line("connection").contains("implicit TLS"), run::toString);
        assertTrue(server.messages().get(0).overTls());
    }

    @Test
    void sessionPropertiesComeFromAConfigFile() throws IOException {
        DemoSmtpServer server = servers.good();
        Path config = directory.resolve("mail.properties");
        Files.writeString(config, String.join("\n",
                "mail.smtp.host=127.0.0.1",
                "mail.smtp.port=" + server.port(),
                "mail.smtp.from=config@example.org",
                "mail.smtp.tls.policy=mandatory",
                "mail.smtp.tls.trustcerts=" + servers.caPem.toString().replace("\\", "\\\\"),
                "mail.smtp.tls.servername=localhost"));
        Run run = Run.of("send", "--config", config.toString(), "--to", "you@example.net");

        assertEquals(Main.OK, run.status(), run::toString);
        assertEquals("config@example.org", server.messages().get(0).mailFrom());
    }

    @Test
    void withoutRecipientsItIsAUsageError() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = send(server, "--from", "me@example.org");

        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("to whom?"), run::toString);
        assertEquals(0, server.connections());
    }

    @Test
    void aMalformedAddressIsAUsageError() throws IOException {
        DemoSmtpServer server = servers.good();
        Run run = send(server, "--from", "me@example.org", "--to", "not an address<");

        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("--to"), run::toString);
    }
}
