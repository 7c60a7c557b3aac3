package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.TestCertificates;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;

/** SPEC §4.5: a client certificate is presented only when the server asks, and only the configured one. */
class ClientCertificateTest {
    private static final ThrowawayCa.Issued BOB = TestCertificates.ca().issue("bob").clientAuth().issue();

    @Test
    void theConfiguredAliasIsPresentedAndNoOtherEntryOfTheSameKeyStore() throws Exception {
        String keyStore = TestClient.keyStore("alice", TestCertificates.client(), "bob", BOB).toString();
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .requireClientCertificate(TestCertificates.ca().certificate()).start()) {
            TestClient.of(server).with("tls.policy", "mandatory").with("tls.keystore", keyStore)
                    .with("tls.keystore.password", "changeit").with("tls.key.alias", "bob").send();
            assertEquals(BOB.certificate(), server.onlyMessage().clientCertificates().get(0));
        }
    }

    @Test
    void pemCertificateAndKeyWorkAsAClientIdentity() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.implicitTls()
                .requireClientCertificate(TestCertificates.ca().certificate()).start()) {
            ThrowawayCa.Issued alice = TestCertificates.client();
            TestClient.of(server).with("tls.cert", TestClient.pem(alice.certificate()).toString())
                    .with("tls.key", TestClient.pemKey(alice.key()).toString()).send();
            assertEquals(alice.certificate(), server.onlyMessage().clientCertificates().get(0));
        }
    }

    @Test
    void noCertificateIsPresentedWhenTheServerDoesNotAsk() throws Exception {
        String keyStore = TestClient.keyStore("alice", TestCertificates.client()).toString();
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient.of(server).with("tls.policy", "mandatory").with("tls.keystore", keyStore)
                    .with("tls.keystore.password", "changeit").send();
            assertTrue(server.onlyMessage().clientCertificates().isEmpty());
        }
    }

    @Test
    void aServerThatRequiresACertificateRefusesAClientWithout() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .requireClientCertificate(TestCertificates.ca().certificate()).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            assertThrows(MessagingException.class, client::send);
            server.awaitConnectionsEnded(1);
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void unknownAliasFailsBeforeConnectingAndNamesTheKey() throws Exception {
        String keyStore = TestClient.keyStore("alice", TestCertificates.client()).toString();
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient client = TestClient.of(server).with("tls.keystore", keyStore)
                    .with("tls.keystore.password", "changeit").with("tls.key.alias", "carol");
            InvalidConfigurationException invalid = assertThrows(InvalidConfigurationException.class, client::send);
            assertEquals("mail.smtp.tls.key.alias", invalid.key());
            assertTrue(invalid.getMessage().contains("alice"), "lists the aliases that exist: " + invalid.getMessage());
            assertEquals(0, server.connectionCount());
        }
    }
}
