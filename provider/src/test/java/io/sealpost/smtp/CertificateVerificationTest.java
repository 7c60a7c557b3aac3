package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.CertificateRejectedException.Reason;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.1, §4.2 and §4.4 end to end: bad server certificates under each policy. Mandatory ends the
 * session before any command is protected by the doubtful TLS; opportunistic without credentials goes
 * on encrypted but reports verified=false (RFC 7435); opportunistic with credentials fails.
 */
class CertificateVerificationTest {
    private static final Instant NOW = Instant.now();

    private static ThrowawayCa.Builder mailTest() {
        return TestCertificates.ca().issue(SmtpTestServer.HOSTNAME).dnsNames(SmtpTestServer.HOSTNAME);
    }

    private static void assertMandatoryRejects(ThrowawayCa.Issued certificate, Reason reason) throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls(certificate).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            CertificateRejectedException rejected = assertThrows(CertificateRejectedException.class, client::send);
            assertEquals(reason, rejected.reason(), rejected.getMessage());
            server.awaitConnectionsEnded(1);
            assertTrue(server.tlsVerbs().isEmpty(), "nothing may be sent over a rejected TLS session");
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void expiredCertificateIsRejected() throws Exception {
        assertMandatoryRejects(mailTest().validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))).issue(),
                Reason.EXPIRED);
    }

    @Test
    void notYetValidCertificateIsRejected() throws Exception {
        assertMandatoryRejects(mailTest().validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).issue(),
                Reason.NOT_YET_VALID);
    }

    @Test
    void selfSignedCertificateIsRejected() throws Exception {
        assertMandatoryRejects(ThrowawayCa.selfSigned(SmtpTestServer.HOSTNAME).dnsNames(SmtpTestServer.HOSTNAME).issue(),
                Reason.UNTRUSTED);
    }

    @Test
    void certificateFromAnUnknownCaIsRejected() throws Exception {
        ThrowawayCa stranger = ThrowawayCa.create("Somebody Else's CA");
        assertMandatoryRejects(stranger.issue(SmtpTestServer.HOSTNAME).dnsNames(SmtpTestServer.HOSTNAME).issue(),
                Reason.UNTRUSTED);
    }

    @Test
    void certificateForAnotherNameIsRejected() throws Exception {
        assertMandatoryRejects(TestCertificates.ca().issue("other.test").dnsNames("other.test").issue(),
                Reason.NAME_MISMATCH);
    }

    @Test
    void partialWildcardDoesNotMatch() throws Exception {
        // "m*.test" would match mail.test under lax rules; RFC 6125 §6.4.3 lets us refuse partial wildcards.
        assertMandatoryRejects(TestCertificates.ca().issue("m*.test").dnsNames("m*.test").issue(),
                Reason.NAME_MISMATCH);
    }

    @Test
    void rsa1024CertificateIsRejectedAsWeak() throws Exception {
        assertMandatoryRejects(mailTest().rsa(1024).issue(), Reason.WEAK_KEY);
    }

    @Test
    void opportunisticWithoutCredentialsContinuesEncryptedButUnverified() throws Exception {
        ThrowawayCa.Issued wrongName = TestCertificates.ca().issue("other.test").dnsNames("other.test").issue();
        try (SmtpTestServer server = SmtpTestServer.startTls(wrongName).start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "opportunistic").send();
            assertEquals(TlsReport.Mode.STARTTLS, report.mode());
            assertFalse(report.verified());
            assertTrue(report.verificationFailure().orElseThrow().contains("other.test"), report.toString());
            assertTrue(server.onlyMessage().tls(), "the message still went encrypted");
        }
    }

    @Test
    void opportunisticWithCredentialsFailsOnAnUnverifiedCertificate() throws Exception {
        ThrowawayCa.Issued wrongName = TestCertificates.ca().issue("other.test").dnsNames("other.test").issue();
        try (SmtpTestServer server = SmtpTestServer.startTls(wrongName).start()) {
            TestClient client = TestClient.of(server).credentials().with("tls.policy", "opportunistic");
            CertificateRejectedException rejected = assertThrows(CertificateRejectedException.class, client::send);
            assertEquals(Reason.NAME_MISMATCH, rejected.reason());
            server.awaitConnectionsEnded(1);
            assertTrue(server.authAttempts().isEmpty());
        }
    }

    @Test
    void verifyChainAcceptsAnyNameFromTheTrustedCa() throws Exception {
        ThrowawayCa.Issued wrongName = TestCertificates.ca().issue("other.test").dnsNames("other.test").issue();
        try (SmtpTestServer server = SmtpTestServer.startTls(wrongName).start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "mandatory").with("tls.verify", "chain").send();
            assertTrue(report.verified());
        }
    }

    @Test
    void pinnedSelfSignedCertificateIsAcceptedInFingerprintMode() throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned("pinned.test").dnsNames("pinned.test").issue();
        try (SmtpTestServer server = SmtpTestServer.startTls(selfSigned).start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "mandatory").with("tls.verify", "fingerprint")
                    .with("tls.pins", io.sealpost.smtp.tls.Pins.pinOf(selfSigned.certificate())).send();
            assertTrue(report.verified());
            assertTrue(server.onlyMessage().tls());
        }
    }

    @Test
    void aPinThatDoesNotMatchFailsEvenWithAValidChain() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory")
                    .with("tls.pins", "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            CertificateRejectedException rejected = assertThrows(CertificateRejectedException.class, client::send);
            assertEquals(Reason.PIN_MISMATCH, rejected.reason());
            assertTrue(rejected.getMessage().contains(io.sealpost.smtp.tls.Pins.pinOf(TestCertificates.server().certificate())),
                    "the message shows the pins the chain has: " + rejected.getMessage());
        }
    }

    @Test
    void ipLiteralHostIsVerifiedAgainstIpSubjectAltNamesOnly() throws Exception {
        ThrowawayCa.Issued dnsOnly = TestCertificates.ca().issue("127.0.0.1").dnsNames("127.0.0.1").issue();
        try (SmtpTestServer server = SmtpTestServer.startTls(dnsOnly).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory").without("tls.servername");
            CertificateRejectedException rejected = assertThrows(CertificateRejectedException.class, client::send);
            assertEquals(Reason.NAME_MISMATCH, rejected.reason());
        }
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "mandatory").without("tls.servername").send();
            assertTrue(report.verified(), "the test server certificate has IP SAN 127.0.0.1");
        }
    }
}
