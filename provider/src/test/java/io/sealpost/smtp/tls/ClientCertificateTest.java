package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.TlsHandshakeException;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.config.TlsEngine;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Client certificates: presented only when the server asks, and only the configured one (SPEC §4.5). */
class ClientCertificateTest {
    private static final String HOST = "mail.example.test";
    private static final String PASSWORD = "keystore-password";

    @TempDir
    static Path dir;
    static ThrowawayCa serverCa;
    static ThrowawayCa clientCa;
    static Path trustedCa;
    static ThrowawayCa.Issued server;
    static ThrowawayCa.Issued alice;
    static ThrowawayCa.Issued bob;
    static Path aliceAndBob;

    @BeforeAll
    static void pki() throws Exception {
        serverCa = ThrowawayCa.create("Sealpost Test Root");
        clientCa = ThrowawayCa.create("Sealpost Client CA");
        trustedCa = Pki.writeCertificates(dir.resolve("ca.pem"), serverCa.certificate());
        server = serverCa.issue(HOST).dnsNames(HOST).issue();
        alice = clientCa.issue("alice").clientAuth().issue();
        bob = clientCa.issue("bob").clientAuth().issue();
        aliceAndBob = Pki.writeIdentities(dir.resolve("clients.p12"), PASSWORD, "alice", alice, "bob", bob);
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void theConfiguredAliasIsPresentedNotAnotherEntryOfTheSameKeystore(TlsEngine engine) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).keyStore(aliceAndBob, PASSWORD, "bob").client();

            Pki.converse(Pki.connect(client, peer.port(), HOST, true));

            assertEquals(bob.certificate(), peer.nextAccepted().clientCertificate());
        }
    }

    @Test
    void thePemCertificateAndKeyArePresented() throws Exception {
        Path certificate = Pki.writeCertificates(dir.resolve("alice.pem"), alice.certificate());
        Path key = Pki.writeKey(dir.resolve("alice.key"), alice.key());
        try (TlsPeer peer = TlsPeer.jdk(server).requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).pemIdentity(certificate, key).client();

            Pki.converse(Pki.connect(client, peer.port(), HOST, true));

            assertEquals(alice.certificate(), peer.nextAccepted().clientCertificate());
        }
    }

    @Test
    void noCertificateIsPresentedToAServerThatDoesNotAsk() throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).keyStore(aliceAndBob, PASSWORD, "alice").client();

            Pki.converse(Pki.connect(client, peer.port(), HOST, true));

            assertNull(peer.nextAccepted().clientCertificate());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void withoutAnIdentityATls12ServerDemandingOneFailsTheHandshake(TlsEngine engine) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).protocols("TLSv1.2").client();

            assertThrows(TlsHandshakeException.class, () -> Pki.connect(client, peer.port(), HOST, true));

            // The alert is bad_certificate, but the JDK client may meet a closed socket while still writing
            // its last flight and report that instead: only the server's side is certain.
            assertNotNull(peer.nextAccepted().failure());
        }
    }

    /** TLS 1.3 (RFC 8446 §4.4.2.4): the client's handshake is over before the server judges its certificate. */
    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void withoutAnIdentityATls13ServerDemandingOneRefusesOnTheFirstRead(TlsEngine engine) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).client();

            TlsConnection connection = Pki.connect(client, peer.port(), HOST, true);

            assertThrows(SSLException.class, () -> Pki.converse(connection));
            assertNotNull(peer.nextAccepted().failure());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aStrictConnectionRejectsTheServerBeforeTheClientCertificateIsSent(TlsEngine engine) throws Exception {
        ThrowawayCa.Issued impostor = serverCa.issue("impostor.example.test").dnsNames("impostor.example.test").issue();
        try (TlsPeer peer = TlsPeer.jdk(impostor).requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).keyStore(aliceAndBob, PASSWORD, "alice").client();

            assertThrows(CertificateRejectedException.class, () -> Pki.connect(client, peer.port(), HOST, true));

            assertNotNull(peer.nextAccepted().failure());
            assertEquals(List.of(), peer.clientChainsChecked(), "the server never saw a client certificate");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void anOpportunisticConnectionWithholdsTheClientCertificateFromARejectedServer(TlsEngine engine) throws Exception {
        ThrowawayCa.Issued impostor = serverCa.issue("impostor.example.test").dnsNames("impostor.example.test").issue();
        try (TlsPeer peer = TlsPeer.jdk(impostor).protocols("TLSv1.2").requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).keyStore(aliceAndBob, PASSWORD, "alice").client();

            TlsHandshakeException failed = assertThrows(TlsHandshakeException.class,
                    () -> Pki.connect(client, peer.port(), HOST, false));

            assertTrue(failed.getMessage().contains("the client certificate was withheld because the server certificate failed"
                    + " verification (name mismatch: the certificate is for [DNS:impostor.example.test]"), failed.getMessage());
            assertEquals(List.of(), peer.clientChainsChecked());
        }
    }

    @Test
    void authInsecurePresentsTheClientCertificateEvenToARejectedServer() throws Exception {
        ThrowawayCa.Issued impostor = serverCa.issue("impostor.example.test").dnsNames("impostor.example.test").issue();
        try (TlsPeer peer = TlsPeer.jdk(impostor).requireClientCertificate(clientCa.certificate()).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).authInsecure(true)
                    .keyStore(aliceAndBob, PASSWORD, "alice").client();

            Pki.converse(Pki.connect(client, peer.port(), HOST, false));

            assertEquals(alice.certificate(), peer.nextAccepted().clientCertificate());
        }
    }
}
