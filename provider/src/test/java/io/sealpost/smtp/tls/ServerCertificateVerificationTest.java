package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.CertificateRejectedException.Reason;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.config.TlsEngine;
import io.sealpost.smtp.config.VerifyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** tls.verify against real handshakes with a JDK server on 127.0.0.1 (SPEC §4.4). */
class ServerCertificateVerificationTest {
    private static final String HOST = "mail.example.test";

    @TempDir
    static Path dir;
    static ThrowawayCa ca;
    static Path trustedCa;
    static ThrowawayCa.Issued goodServer;

    @BeforeAll
    static void pki() throws Exception {
        ca = ThrowawayCa.create("Sealpost Test Root");
        trustedCa = Pki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        goodServer = ca.issue(HOST).dnsNames(HOST).issue();
    }

    /** Runs one opportunistic handshake and a line of conversation; the connection is closed afterwards. */
    static TlsConnection lenient(ThrowawayCa.Issued server, String host, TestSettings settings) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            TlsConnection connection = Pki.connect(settings.client(), peer.port(), host, false);
            assertEquals("220 tls-peer ready", Pki.converse(connection), "the session goes on after the verdict");
            return connection;
        }
    }

    static CertificateRejectedException strict(ThrowawayCa.Issued server, String host, TestSettings settings) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            TlsClient client = settings.client();
            CertificateRejectedException rejected = assertThrows(CertificateRejectedException.class,
                    () -> Pki.connect(client, peer.port(), host, true));
            assertTrue(peer.nextAccepted().failure() != null, "the server saw the handshake fail");
            return rejected;
        }
    }

    static TlsConnection verified(ThrowawayCa.Issued server, String host, TestSettings settings) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            TlsConnection connection = Pki.connect(settings.client(), peer.port(), host, true);
            assertEquals(Optional.empty(), connection.verificationFailure());
            assertTrue(connection.verified());
            Pki.converse(connection);
            return connection;
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aCertificateFromATrustedCaForTheHostIsVerified(TlsEngine engine) throws Exception {
        TlsConnection connection = verified(goodServer, HOST, TestSettings.trusting(trustedCa).engine(engine));

        assertEquals("TLSv1.3", connection.protocol());
        assertTrue(connection.cipherSuite().startsWith("TLS_"), connection.cipherSuite());
        assertEquals(List.of(goodServer.certificate()), connection.peerCertificates());
        assertFalse(connection.sessionResumed(), "the first connection of a TlsClient is a full handshake");
    }

    @Test
    void theIntermediateTheServerSendsLeadsToTheAnchor() throws Exception {
        ThrowawayCa intermediate = ca.issue("Sealpost Test Intermediate").ca().issue().asCa();
        ThrowawayCa.Issued server = intermediate.issue(HOST).dnsNames(HOST).issue();

        TlsConnection connection = verified(server, HOST, TestSettings.trusting(trustedCa));

        assertEquals(2, connection.peerCertificates().size());
    }

    @Test
    void aLeafThatIsItselfTrustedIsVerified() throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned(HOST).dnsNames(HOST).issue();
        Path trusted = Pki.writeCertificates(dir.resolve("self.pem"), selfSigned.certificate());

        verified(selfSigned, HOST, TestSettings.trusting(trusted));
    }

    @Test
    void anExpiredCertificateIsRejectedAsExpired() throws Exception {
        ThrowawayCa.Issued expired = ca.issue(HOST).dnsNames(HOST)
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).issue();

        CertificateRejectedException rejected = strict(expired, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.EXPIRED, rejected.reason());
        assertTrue(rejected.getMessage().contains("expired on " + expired.certificate().getNotAfter().toInstant()),
                rejected.getMessage());
    }

    @Test
    void aCertificateNotValidYetIsRejectedAsNotYetValid() throws Exception {
        ThrowawayCa.Issued early = ca.issue(HOST).dnsNames(HOST)
                .validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30))).issue();

        CertificateRejectedException rejected = strict(early, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.NOT_YET_VALID, rejected.reason());
        assertTrue(rejected.getMessage().contains("valid only from"), rejected.getMessage());
    }

    @Test
    void aSelfSignedCertificateIsRejectedAsUntrusted() throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned(HOST).dnsNames(HOST).issue();

        CertificateRejectedException rejected = strict(selfSigned, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.UNTRUSTED, rejected.reason());
        assertTrue(rejected.getMessage().contains("self-signed"), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("mail.smtp.tls.trustcerts=" + trustedCa), rejected.getMessage());
    }

    @Test
    void aCertificateFromAnUnknownCaIsRejectedAsUntrusted() throws Exception {
        ThrowawayCa.Issued stranger = ThrowawayCa.create("Some Other CA").issue(HOST).dnsNames(HOST).issue();

        CertificateRejectedException rejected = strict(stranger, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.UNTRUSTED, rejected.reason());
        assertTrue(rejected.getMessage().contains("the issuer CN=Some Other CA of certificate CN=" + HOST + " is not a trusted CA"), rejected.getMessage());
    }

    @Test
    void theJvmDefaultTrustDoesNotTrustAPrivateCa() throws Exception {
        CertificateRejectedException rejected = strict(goodServer, HOST, TestSettings.defaults());

        assertEquals(Reason.UNTRUSTED, rejected.reason());
        assertTrue(rejected.getMessage().contains("default trust store"), rejected.getMessage());
    }

    @Test
    void aCertificateForAnotherNameIsRejectedShowingBothNames() throws Exception {
        ThrowawayCa.Issued other = ca.issue("other.example.test").dnsNames("other.example.test").issue();

        CertificateRejectedException rejected = strict(other, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.NAME_MISMATCH, rejected.reason());
        assertTrue(rejected.getMessage().contains("the certificate is for [DNS:other.example.test], not for " + HOST),
                rejected.getMessage());
    }

    @Test
    void aWildcardMatchesExactlyOneLeftMostLabel() throws Exception {
        verified(ca.issue("wildcard").dnsNames("*.example.test").issue(), HOST, TestSettings.trusting(trustedCa));
    }

    @Test
    void aPartialWildcardMatchesNothing() throws Exception {
        ThrowawayCa.Issued partial = ca.issue("partial").dnsNames("f*.example.test").issue();

        CertificateRejectedException rejected = strict(partial, "foo.example.test", TestSettings.trusting(trustedCa));

        assertEquals(Reason.NAME_MISMATCH, rejected.reason());
        assertTrue(rejected.getMessage().contains("whole left-most label"), rejected.getMessage());
    }

    @Test
    void wildcardNeverMatchesTheBareParentDomain() throws Exception {
        ThrowawayCa.Issued wildcard = ca.issue("wildcard").dnsNames("*.example.test").issue();

        assertEquals(Reason.NAME_MISMATCH, strict(wildcard, "example.test", TestSettings.trusting(trustedCa)).reason());
    }

    @Test
    void wildcardNeverMatchesTwoLabels() throws Exception {
        ThrowawayCa.Issued wildcard = ca.issue("wildcard").dnsNames("*.example.test").issue();

        assertEquals(Reason.NAME_MISMATCH, strict(wildcard, "a.mail.example.test", TestSettings.trusting(trustedCa)).reason());
    }

    @Test
    void anIpLiteralMatchesAnIpAddressEntry() throws Exception {
        verified(ca.issue("loopback").ipAddresses("127.0.0.1").issue(), "127.0.0.1", TestSettings.trusting(trustedCa));
    }

    @Test
    void anIpLiteralNeverMatchesADnsNameEntrySpellingIt() throws Exception {
        ThrowawayCa.Issued dnsSpelling = ca.issue("loopback").dnsNames("127.0.0.1").issue();

        CertificateRejectedException rejected = strict(dnsSpelling, "127.0.0.1", TestSettings.trusting(trustedCa));

        assertEquals(Reason.NAME_MISMATCH, rejected.reason());
        assertTrue(rejected.getMessage().contains("an IP address matches only an IP address entry"), rejected.getMessage());
    }

    @Test
    void anRsa1024LeafIsRejectedAsWeakKey() throws Exception {
        ThrowawayCa.Issued weak = ca.issue(HOST).dnsNames(HOST).rsa(1024).issue();

        CertificateRejectedException rejected = strict(weak, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.WEAK_KEY, rejected.reason());
        assertTrue(rejected.getMessage().contains("1024-bit RSA key"), rejected.getMessage());
    }

    @Test
    void anRsa1024IntermediateIsRejectedAsWeakKey() throws Exception {
        ThrowawayCa weakIntermediate = ca.issue("Weak Intermediate").ca().rsa(1024).issue().asCa();
        ThrowawayCa.Issued server = weakIntermediate.issue(HOST).dnsNames(HOST).rsa(2048).issue();

        CertificateRejectedException rejected = strict(server, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.WEAK_KEY, rejected.reason());
        assertTrue(rejected.getMessage().contains("CN=Weak Intermediate has a 1024-bit RSA key"), rejected.getMessage());
    }

    @Test
    void aSha1SignedLeafIsRejectedAsWeakSignature() throws Exception {
        ThrowawayCa.Issued sha1 = ca.issue(HOST).dnsNames(HOST).signatureAlgorithm("SHA1withECDSA").issue();

        CertificateRejectedException rejected = strict(sha1, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.WEAK_SIGNATURE, rejected.reason());
        assertTrue(rejected.getMessage().contains("SHA1withECDSA"), rejected.getMessage());
    }

    @Test
    void aClientCertificateIsNotAcceptedAsAServerCertificate() throws Exception {
        ThrowawayCa.Issued clientOnly = ca.issue(HOST).dnsNames(HOST).clientAuth().issue();

        CertificateRejectedException rejected = strict(clientOnly, HOST, TestSettings.trusting(trustedCa));

        assertEquals(Reason.UNTRUSTED, rejected.reason());
        assertTrue(rejected.getMessage().contains("lacks serverAuth"), rejected.getMessage());
    }

    @Test
    void chainModeAcceptsACertificateForAnotherName() throws Exception {
        ThrowawayCa.Issued other = ca.issue("other.example.test").dnsNames("other.example.test").issue();

        verified(other, HOST, TestSettings.trusting(trustedCa).verify(VerifyMode.CHAIN));
    }

    @Test
    void chainModeStillRejectsAnUntrustedCertificate() throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned(HOST).dnsNames(HOST).issue();

        CertificateRejectedException rejected = strict(selfSigned, HOST, TestSettings.trusting(trustedCa).verify(VerifyMode.CHAIN));

        assertEquals(Reason.UNTRUSTED, rejected.reason());
    }

    @Test
    void verifyNoneAcceptsAnythingButNeverCallsItVerified() throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned("anything").issue();
        try (TlsPeer peer = TlsPeer.jdk(selfSigned).start()) {
            TlsConnection connection = Pki.connect(TestSettings.defaults().verify(VerifyMode.NONE).client(), peer.port(), HOST, true);
            Pki.converse(connection);

            assertFalse(connection.verified());
            assertEquals(Optional.of("not checked: mail.smtp.tls.verify=none"), connection.verificationFailure());
        }
    }

    @Test
    void aHostListedInSslTrustIsNotChecked() throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned("anything").issue();
        try (TlsPeer peer = TlsPeer.jdk(selfSigned).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).trustedHosts("relay.example.test").client();
            TlsConnection trusted = Pki.connect(client, peer.port(), "Relay.Example.Test", true);
            Pki.converse(trusted);
            assertFalse(trusted.verified());
            assertEquals(Optional.of("not checked: Relay.Example.Test is listed in mail.smtp.ssl.trust"), trusted.verificationFailure());

            assertThrows(CertificateRejectedException.class, () -> Pki.connect(client, peer.port(), HOST, true),
                    "other hosts are still verified");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void opportunisticModeGoesOnUnverifiedAndSaysWhyWhereStrictModeThrows(TlsEngine engine) throws Exception {
        ThrowawayCa.Issued other = ca.issue("other.example.test").dnsNames("other.example.test").issue();
        TestSettings settings = TestSettings.trusting(trustedCa).engine(engine);

        TlsConnection connection = lenient(other, HOST, settings);
        assertFalse(connection.verified());
        assertTrue(connection.verificationFailure().orElseThrow().startsWith("name mismatch: the certificate is for"),
                connection.verificationFailure().orElseThrow());
        assertTrue(connection.socket().isClosed());

        assertEquals(Reason.NAME_MISMATCH, strict(other, HOST, settings).reason());
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aRejectedHandshakeClosesTheSocket(TlsEngine engine) throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned(HOST).dnsNames(HOST).issue();
        try (TlsPeer peer = TlsPeer.jdk(selfSigned).start()) {
            java.net.Socket tcp = Pki.tcp(peer.port());
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).client();

            assertThrows(CertificateRejectedException.class, () -> client.handshake(tcp, HOST, peer.port(), true));
            assertTrue(tcp.isClosed());
        }
    }

    @Test
    void theServernameIsTheNameVerifiedAndSentAsSni() throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(goodServer).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).serverName(HOST).client();
            TlsConnection connection = Pki.connect(client, peer.port(), "127.0.0.1", true);
            Pki.converse(connection);

            assertTrue(connection.verified());
            assertEquals(List.of(HOST), peer.nextAccepted().serverNames());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void theHostIsSentAsSniWithoutItsTrailingDotAndVerifiedWithIt(TlsEngine engine) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(goodServer).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).client();
            TlsConnection connection = Pki.connect(client, peer.port(), HOST + ".", true);
            Pki.converse(connection);

            assertTrue(connection.verified());
            assertEquals(List.of(HOST), peer.nextAccepted().serverNames());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void noSniIsSentForAnIpLiteral(TlsEngine engine) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(ca.issue("loopback").ipAddresses("127.0.0.1").issue()).start()) {
            TlsConnection connection = Pki.connect(TestSettings.trusting(trustedCa).engine(engine).client(),
                    peer.port(), "127.0.0.1", true);
            Pki.converse(connection);

            assertTrue(connection.verified());
            assertEquals(List.of(), peer.nextAccepted().serverNames());
        }
    }
}
