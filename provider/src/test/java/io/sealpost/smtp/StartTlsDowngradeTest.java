package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.testserver.ReceivedLine;
import io.sealpost.smtp.testserver.SmtpTestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.1–4.3: every way a network attacker can try to keep a session in plaintext, and the defence.
 * Each test asserts on what the server received, not only on the exception.
 */
class StartTlsDowngradeTest {
    @Test
    void mandatoryPolicyNeverSendsMailFromWhenStartTlsIsStripped() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().withoutStartTls().start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            assertThrows(StartTlsNotOfferedException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO"), server.plaintextVerbs());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void starttlsRequiredIsTheAngusSpellingOfMandatory() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().withoutStartTls().start()) {
            TestClient client = TestClient.of(server).with("starttls.enable", "true").with("starttls.required", "true");
            assertThrows(StartTlsNotOfferedException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertFalse(server.plaintextVerbs().contains("MAIL"));
        }
    }

    @Test
    void mandatoryPolicyFailsWhenStartTlsIsAnswered454() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on("STARTTLS", "454 4.7.0 TLS not available").start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            StartTlsRefusedException refused = assertThrows(StartTlsRefusedException.class, client::send);
            assertEquals(454, refused.replyCode());
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs());
        }
    }

    @Test
    void mandatoryPolicyFailsWhenStartTlsIsAnswered554() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on("STARTTLS", "554 5.7.3 No TLS for you").start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            StartTlsRefusedException refused = assertThrows(StartTlsRefusedException.class, client::send);
            assertTrue(refused.serverReply().contains("No TLS for you"), refused.serverReply());
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs());
        }
    }

    @Test
    void unsetPolicyIsOpportunisticAndUsesStartTlsWhenOffered() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TlsReport report = TestClient.of(server).send();
            assertEquals(TlsReport.Mode.STARTTLS, report.mode());
            assertTrue(report.verified());
            assertTrue(server.onlyMessage().tls());
        }
    }

    @Test
    void opportunisticPolicySendsInPlaintextOnlyWhenStartTlsIsNotOffered() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().withoutStartTls().start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "opportunistic").send();
            assertEquals(TlsReport.Mode.NONE, report.mode());
            assertFalse(server.onlyMessage().tls());
        }
    }

    @Test
    void plaintextInjectedAfterThe220InTheSameSegmentAbortsTheSession() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .on("STARTTLS", (session, command) -> {
                    session.writeRaw("220 2.0.0 Go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n");
                    session.startTlsHandshake();
                }).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            ProtocolViolationException violation = assertThrows(ProtocolViolationException.class, client::send);
            assertTrue(violation.getMessage().contains("CVE-2011-0411"), violation.getMessage());
            server.awaitConnectionsEnded(1);
            assertFalse(server.connection(0).tls(), "the client must not even start the handshake");
            assertTrue(server.tlsVerbs().isEmpty());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void clientSendsNothingBetweenStartTlsAndItsHandshake() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient.of(server).with("tls.policy", "mandatory").send();
            assertFalse(server.connection(0).sentPlaintextBeforeHandshake());
        }
    }

    @Test
    void capabilitiesFromBeforeTlsAreForgottenAfterIt() throws Exception {
        // Before TLS the "server" (an attacker in the path) offers AUTH PLAIN only; after TLS, LOGIN only.
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .capabilities("STARTTLS", "AUTH PLAIN")
                .capabilitiesAfterTls("AUTH LOGIN", "SIZE 10485760").start()) {
            TestClient.of(server).credentials().with("tls.policy", "mandatory").send();
            assertEquals("LOGIN", server.authAttempts().get(0).mechanism());
            assertTrue(server.authAttempts().get(0).tls());
        }
    }

    @Test
    void authOfferedOnlyBeforeTlsIsNeverUsed() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .capabilities("STARTTLS", "AUTH PLAIN LOGIN")
                .capabilitiesAfterTls("SIZE 10485760").start()) {
            TestClient client = TestClient.of(server).credentials().with("tls.policy", "mandatory");
            assertThrows(jakarta.mail.AuthenticationFailedException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertTrue(server.authAttempts().isEmpty());
            assertFalse(server.transcript().stream().map(ReceivedLine::verb).anyMatch("AUTH"::equals));
        }
    }

    @Test
    void aFailedEhloAfterTlsAbortsInsteadOfFallingBackToHeloOrOldCapabilities() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .on("EHLO", (session, command) -> {
                    if (session.isTls()) {
                        session.reply("554 5.7.0 Go away");
                    } else {
                        session.proceed();
                    }
                }).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            assertThrows(ProtocolViolationException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO"), server.tlsVerbs());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void startTlsIsNeverSentTwiceEvenWhenOfferedAgainAfterTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .capabilitiesAfterTls("STARTTLS", "SIZE 10485760").start()) {
            TestClient.of(server).with("tls.policy", "mandatory").send();
            assertEquals(1, server.transcript().stream().map(ReceivedLine::verb).filter("STARTTLS"::equals).count());
            assertTrue(server.onlyMessage().tls());
        }
    }

    @Test
    void noneSendsInPlaintextEvenWhenStartTlsIsOffered() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "none").send();
            assertEquals(TlsReport.Mode.NONE, report.mode());
            assertFalse(server.transcript().stream().map(ReceivedLine::verb).anyMatch("STARTTLS"::equals));
        }
    }

    @Test
    void opportunisticHandshakeFailureFailsTheSendWithoutPlaintextRetry() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().tlsProtocols("TLSv1.1").start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "opportunistic");
            assertThrows(TlsHandshakeException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertEquals(1, server.connectionCount());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void plaintextFallbackOpensOneNewConnectionWithoutCredentials() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().tlsProtocols("TLSv1.1").start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "opportunistic")
                    .with("tls.fallback", "plaintext").send();
            assertEquals(TlsReport.Mode.NONE, report.mode());
            assertEquals(2, server.connectionCount());
            assertFalse(server.onlyMessage().tls());
            assertFalse(server.transcript().stream().filter(line -> line.connection() == 1)
                    .map(ReceivedLine::verb).anyMatch("STARTTLS"::equals), "the fallback connection never retries STARTTLS");
        }
    }

    @Test
    void plaintextFallbackIsNeverTakenWhenCredentialsAreConfigured() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().tlsProtocols("TLSv1.1").start()) {
            TestClient client = TestClient.of(server).credentials().with("tls.policy", "opportunistic")
                    .with("tls.fallback", "plaintext");
            assertThrows(TlsHandshakeException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertEquals(1, server.connectionCount());
            assertTrue(server.authAttempts().isEmpty());
        }
    }

    @Test
    void tlsOneDotOneOnlyServerIsRefusedUnderMandatory() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().tlsProtocols("TLSv1", "TLSv1.1").start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            TlsHandshakeException failed = assertThrows(TlsHandshakeException.class, client::send);
            assertFalse(failed.alert().isEmpty());
            server.awaitConnectionsEnded(1);
            assertTrue(server.tlsVerbs().isEmpty());
        }
    }
}
