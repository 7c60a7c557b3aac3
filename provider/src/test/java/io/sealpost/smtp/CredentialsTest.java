package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.testserver.AuthAttempt;
import io.sealpost.smtp.testserver.ReceivedLine;
import io.sealpost.smtp.testserver.SmtpTestServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SPEC §4.2 and §4.8: credentials leave only under verified TLS, and never reach the trace or an exception. */
class CredentialsTest {
    @Test
    void credentialsAreNeverSentInPlaintextWhenStartTlsIsStripped() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().withoutStartTls().start()) {
            TestClient client = TestClient.of(server).credentials().with("tls.policy", "opportunistic");
            assertThrows(CredentialsRequireTlsException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertTrue(server.authAttempts().isEmpty());
            assertFalse(server.transcript().stream().map(ReceivedLine::verb).anyMatch("AUTH"::equals));
        }
    }

    @Test
    void credentialsAreNeverSentInPlaintextWhenStartTlsIsRefused() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on("STARTTLS", "454 4.7.0 Try later").start()) {
            TestClient client = TestClient.of(server).credentials().with("tls.policy", "opportunistic");
            assertThrows(CredentialsRequireTlsException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertTrue(server.authAttempts().isEmpty());
        }
    }

    @Test
    void opportunisticContinuesInPlaintextAfterARefusedStartTlsWhenNoCredentialsAreAtStake() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on("STARTTLS", "454 4.7.0 Try later").start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "opportunistic").send();
            assertEquals(TlsReport.Mode.NONE, report.mode());
            assertFalse(server.onlyMessage().tls());
        }
    }

    @Test
    void authInsecureAllowsPlaintextCredentialsWhenTheUserAsksForIt() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().withoutStartTls().start()) {
            TestClient.of(server).credentials().with("tls.policy", "opportunistic").with("auth.insecure", "true").send();
            AuthAttempt attempt = server.authAttempts().get(0);
            assertFalse(attempt.tls());
            assertTrue(attempt.accepted());
        }
    }

    @Test
    void plainLoginAndXoauth2AuthenticateOverTls() throws Exception {
        for (String mechanism : new String[] {"PLAIN", "LOGIN", "XOAUTH2"}) {
            try (SmtpTestServer server = SmtpTestServer.startTls().credentials("alice", "secret").start()) {
                TestClient.of(server).credentials().with("tls.policy", "mandatory")
                        .with("auth.mechanisms", mechanism).send();
                AuthAttempt attempt = server.authAttempts().get(0);
                assertEquals(mechanism, attempt.mechanism());
                assertEquals("alice", attempt.username());
                assertTrue(attempt.tls() && attempt.accepted(), attempt.toString());
                assertEquals("alice", server.onlyMessage().authenticatedAs());
            }
        }
    }

    @Test
    void xoauth2SplitsATokenThatWouldOverflowTheCommandLine() throws Exception {
        String token = "ya29." + "x".repeat(2000);
        try (SmtpTestServer server = SmtpTestServer.startTls().credentials("alice", token).start()) {
            TestClient.of(server).credentials().with("password", token).with("tls.policy", "mandatory")
                    .with("auth.mechanisms", "XOAUTH2").send();
            assertTrue(server.authAttempts().get(0).accepted());
            // RFC 4954 §4: the AUTH command stays within 512 octets; the response line may be longer.
            assertTrue(server.transcript().stream().filter(line -> line.kind() == ReceivedLine.Kind.COMMAND)
                    .allMatch(line -> line.text().length() <= 510), "no command line over 512 octets");
            assertTrue(server.transcript().stream().anyMatch(line -> line.kind() == ReceivedLine.Kind.AUTH_RESPONSE
                    && line.text().length() > 510), "the token went in its own response line");
        }
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailureWithoutThePassword() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient client = TestClient.of(server).credentials().with("password", "hunter2-wrong")
                    .with("tls.policy", "mandatory").debug();
            AuthenticationFailedException failed = assertThrows(AuthenticationFailedException.class, client::send);
            assertFalse(fullText(failed).contains("hunter2-wrong"));
        }
    }

    @Test
    void debugTraceRedactsEveryAuthPayload() throws Exception {
        for (String mechanism : new String[] {"PLAIN", "LOGIN", "XOAUTH2"}) {
            try (SmtpTestServer server = SmtpTestServer.startTls().credentials("alice", "s3cret-Pa55").start()) {
                TestClient client = TestClient.of(server).credentials().with("password", "s3cret-Pa55")
                        .with("tls.policy", "mandatory").with("auth.mechanisms", mechanism).debug();
                client.send();
                String trace = client.trace();
                assertTrue(trace.contains("AUTH"), trace);
                assertFalse(trace.contains("s3cret-Pa55"), trace);
                for (AuthAttempt attempt : server.authAttempts()) {
                    assertTrue(attempt.accepted());
                }
                server.transcript().stream()
                        .filter(line -> line.kind() == ReceivedLine.Kind.AUTH_RESPONSE || line.verb().equals("AUTH"))
                        .forEach(line -> {
                            String[] words = line.text().split(" ");
                            String payload = words[words.length - 1];
                            if (payload.length() > 8) {
                                assertFalse(trace.contains(payload), "AUTH payload " + payload + " leaked into the trace");
                            }
                        });
                assertFalse(trace.contains(Base64.getEncoder().encodeToString("s3cret-Pa55".getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    @Test
    void configurationErrorsNeverEchoPasswords() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory")
                    .with("tls.keystore", TestClient.keyStore("alice", io.sealpost.smtp.testserver.TestCertificates.client()).toString())
                    .with("tls.keystore.password", "not-the-Password-42");
            InvalidConfigurationException invalid = assertThrows(InvalidConfigurationException.class, client::send);
            assertEquals("mail.smtp.tls.keystore.password", invalid.key(), invalid.getMessage());
            assertFalse(fullText(invalid).contains("not-the-Password-42"));
            assertEquals(0, server.connectionCount(), "configuration errors come before any network traffic");
        }
    }

    private static String fullText(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof MessagingException m ? m.getNextException() : null) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
