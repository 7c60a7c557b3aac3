package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.config.IdentitySource;
import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.config.TlsEngine;
import io.sealpost.smtp.config.TrustSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every configuration error is found by TlsClient.create, before any network traffic, and names the key to
 * change (SPEC §3.2); no message or cause ever shows a password (SPEC §4.8).
 */
class TlsClientConfigurationTest {
    private static final String HOST = "mail.example.test";
    private static final String PASSWORD = "Correct-Horse-42";
    private static final String WRONG = "Wrong-Battery-17";

    @TempDir
    static Path dir;
    static ThrowawayCa ca;
    static Path trustedCa;
    static ThrowawayCa.Issued server;
    static ThrowawayCa.Issued alice;
    static ThrowawayCa.Issued bob;
    static Path aliceAndBob;

    @BeforeAll
    static void pki() throws Exception {
        ca = ThrowawayCa.create("Sealpost Test Root");
        trustedCa = Pki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        server = ca.issue(HOST).dnsNames(HOST).issue();
        alice = ca.issue("alice").clientAuth().issue();
        bob = ca.issue("bob").clientAuth().issue();
        aliceAndBob = Pki.writeIdentities(dir.resolve("clients.p12"), PASSWORD, "alice", alice, "bob", bob);
    }

    /** create() fails naming {@code key}; neither password appears anywhere in the exception chain. */
    private static InvalidConfigurationException refused(String key, TestSettings settings) {
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class, settings::client);
        assertEquals(key, refused.key(), refused.getMessage());
        assertTrue(refused.getMessage().contains(key), "the message names " + key + ": " + refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + t;
            assertFalse(text.contains(PASSWORD) || text.contains(WRONG), "a password leaked: " + text);
        }
        return refused;
    }

    private static TrustSource trustStore(Path file, String type, String password) {
        return new TrustSource(file, type, Secret.of(password), null);
    }

    @Test
    void aWrongKeystorePasswordNamesThePasswordKeyAndNeverShowsAPassword() {
        refused("mail.smtp.tls.keystore.password", TestSettings.trusting(trustedCa).keyStore(aliceAndBob, WRONG, "alice"));
    }

    @Test
    void aWrongTruststorePasswordNamesThePasswordKey() throws Exception {
        Path store = Pki.writeTrustStore(dir.resolve("wrong-password.p12"), "PKCS12", ca.certificate(), PASSWORD);

        refused("mail.smtp.tls.truststore.password", TestSettings.defaults().trust(trustStore(store, null, WRONG)));
    }

    @Test
    void aWrongKeyPasswordNamesTheKeyPasswordKey() {
        IdentitySource wrongKeyPassword = new IdentitySource(aliceAndBob, "PKCS12", Secret.of(PASSWORD), "alice",
                Secret.of(WRONG), null, null);

        refused("mail.smtp.tls.key.password", TestSettings.trusting(trustedCa).identity(wrongKeyPassword));
    }

    @Test
    void anUnknownAliasIsRefusedListingTheKeyEntries() {
        InvalidConfigurationException refused = refused("mail.smtp.tls.key.alias",
                TestSettings.trusting(trustedCa).keyStore(aliceAndBob, PASSWORD, "carol"));

        assertTrue(refused.getMessage().contains("carol is not a key entry"), refused.getMessage());
        assertTrue(refused.getMessage().contains("[alice, bob]"), refused.getMessage());
    }

    @Test
    void severalKeyEntriesAndNoAliasAskForTheAlias() {
        InvalidConfigurationException refused = refused("mail.smtp.tls.key.alias",
                TestSettings.trusting(trustedCa).keyStore(aliceAndBob, PASSWORD, null));

        assertTrue(refused.getMessage().contains("2 key entries [alice, bob]"), refused.getMessage());
    }

    @Test
    void theSingleKeyEntryIsTheDefault() throws Exception {
        Path single = Pki.writeIdentities(dir.resolve("single.p12"), PASSWORD, "only", alice);
        try (TlsPeer peer = TlsPeer.jdk(server).requireClientCertificate(ca.certificate()).start()) {
            Pki.converse(Pki.connect(TestSettings.trusting(trustedCa).keyStore(single, PASSWORD, null).client(),
                    peer.port(), HOST, true));

            assertEquals(alice.certificate(), peer.nextAccepted().clientCertificate());
        }
    }

    @Test
    void aKeystoreWithoutAKeyEntryIsRefused() throws Exception {
        Path certificatesOnly = Pki.writeTrustStore(dir.resolve("certs-only.p12"), "PKCS12", ca.certificate(), PASSWORD);

        refused("mail.smtp.tls.keystore", TestSettings.trusting(trustedCa).keyStore(certificatesOnly, PASSWORD, null));
    }

    @Test
    void aMissingKeystoreFileNamesTheKeystoreKey() {
        refused("mail.smtp.tls.keystore", TestSettings.trusting(trustedCa).keyStore(dir.resolve("absent.p12"), PASSWORD, null));
    }

    @Test
    void aMissingTruststoreFileNamesTheTruststoreKey() {
        refused("mail.smtp.tls.truststore", TestSettings.defaults().trust(trustStore(dir.resolve("absent.p12"), null, PASSWORD)));
    }

    @Test
    void aFileThatIsNoKeystoreNamesTheTruststoreKey() throws Exception {
        Path text = Files.writeString(dir.resolve("not-a-keystore.p12"), "hello");

        refused("mail.smtp.tls.truststore", TestSettings.defaults().trust(trustStore(text, null, PASSWORD)));
    }

    @Test
    void anUnknownKeystoreTypeNamesTheTypeKey() throws Exception {
        Path store = Pki.writeTrustStore(dir.resolve("typed.p12"), "PKCS12", ca.certificate(), PASSWORD);

        refused("mail.smtp.tls.truststore.type", TestSettings.defaults().trust(trustStore(store, "PKCS13", PASSWORD)));
    }

    @Test
    void theTruststoreTypeIsRecognisedFromTheFile() throws Exception {
        for (String type : List.of("JKS", "PKCS12")) {
            Path store = Pki.writeTrustStore(dir.resolve("trust." + type), type, ca.certificate(), PASSWORD);

            ServerCertificateVerificationTest.verified(server, HOST, TestSettings.defaults().trust(trustStore(store, null, PASSWORD)));
        }
    }

    @Test
    void aTruststoreAndAPemFileTogetherTrustTheCasOfBoth() throws Exception {
        ThrowawayCa second = ThrowawayCa.create("Second Root");
        Path store = Pki.writeTrustStore(dir.resolve("first.p12"), "PKCS12", ca.certificate(), PASSWORD);
        Path pem = Pki.writeCertificates(dir.resolve("second.pem"), second.certificate());
        TestSettings both = TestSettings.defaults().trust(new TrustSource(store, null, Secret.of(PASSWORD), pem));

        ServerCertificateVerificationTest.verified(server, HOST, both);
        ServerCertificateVerificationTest.verified(second.issue(HOST).dnsNames(HOST).issue(), HOST, both);
    }

    @Test
    void theJvmDefaultTrustIsReadAsTheJdkReadsIt() throws Exception {
        Path store = Pki.writeTrustStore(dir.resolve("jvm-default.p12"), "PKCS12", ca.certificate(), PASSWORD);
        String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
        String[] saved = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            saved[i] = System.getProperty(keys[i]);
        }
        try {
            System.setProperty(keys[0], store.toString());
            System.setProperty(keys[1], PASSWORD);
            System.setProperty(keys[2], "PKCS12");

            ServerCertificateVerificationTest.verified(server, HOST, TestSettings.defaults());
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], saved[i]);
                }
            }
        }
    }

    @Test
    void aCertificateWithoutItsPemKeyNamesTlsKey() throws Exception {
        Path certificate = Pki.writeCertificates(dir.resolve("alice-only.pem"), alice.certificate());

        refused("mail.smtp.tls.key", TestSettings.trusting(trustedCa).pemIdentity(certificate, null));
        refused("mail.smtp.tls.key", TestSettings.trusting(trustedCa).pemIdentity(certificate, dir.resolve("absent.key")));
    }

    @Test
    void aPkcs1RsaKeyIsRefusedWithTheOpensslCommandThatConvertsIt() throws Exception {
        Path certificate = Pki.writeCertificates(dir.resolve("alice-pkcs1.pem"), alice.certificate());
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"), ThrowawayCa.pem("RSA PRIVATE KEY", new byte[] {0x30, 0x00}));

        InvalidConfigurationException refused = refused("mail.smtp.tls.key", TestSettings.trusting(trustedCa).pemIdentity(certificate, pkcs1));

        assertTrue(refused.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), refused.getMessage());
    }

    @Test
    void anEncryptedPkcs8KeyIsRefusedWithTheOpensslCommandThatConvertsIt() throws Exception {
        Path certificate = Pki.writeCertificates(dir.resolve("alice-enc.pem"), alice.certificate());
        Path encrypted = Files.writeString(dir.resolve("encrypted.key"), ThrowawayCa.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));

        InvalidConfigurationException refused = refused("mail.smtp.tls.key", TestSettings.trusting(trustedCa).pemIdentity(certificate, encrypted));

        assertTrue(refused.getMessage().contains("encrypted") && refused.getMessage().contains("-nocrypt"), refused.getMessage());
    }

    @Test
    void aPemKeyOfAnotherCertificateIsRefused() throws Exception {
        Path certificate = Pki.writeCertificates(dir.resolve("alice-mismatch.pem"), alice.certificate());
        Path bobsKey = Pki.writeKey(dir.resolve("bob.key"), bob.key());

        refused("mail.smtp.tls.key", TestSettings.trusting(trustedCa).pemIdentity(certificate, bobsKey));
    }

    @Test
    void anRsaPemIdentityIsLoaded() throws Exception {
        ThrowawayCa.Issued rsa = ca.issue("rsa-client").clientAuth().rsa(2048).issue();
        Path certificate = Pki.writeCertificates(dir.resolve("rsa.pem"), rsa.certificate());
        Path key = Pki.writeKey(dir.resolve("rsa.key"), rsa.key());
        try (TlsPeer peer = TlsPeer.jdk(server).requireClientCertificate(ca.certificate()).start()) {
            Pki.converse(Pki.connect(TestSettings.trusting(trustedCa).pemIdentity(certificate, key).client(), peer.port(), HOST, true));

            assertEquals(rsa.certificate(), peer.nextAccepted().clientCertificate());
        }
    }

    @Test
    void aKeystoreAndPemFilesTogetherAreRefused() throws Exception {
        Path certificate = Pki.writeCertificates(dir.resolve("alice-both.pem"), alice.certificate());
        Path key = Pki.writeKey(dir.resolve("alice-both.key"), alice.key());

        refused("mail.smtp.tls.cert", TestSettings.trusting(trustedCa).identity(
                new IdentitySource(aliceAndBob, null, Secret.of(PASSWORD), "alice", null, certificate, key)));
    }

    @Test
    void aTrustcertsFileWithoutCertificatesNamesTlsTrustcerts() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "# no certificates here\n", StandardCharsets.US_ASCII);

        refused("mail.smtp.tls.trustcerts", TestSettings.trusting(empty));
    }

    @Test
    void protocolsBelowTls12AreRefused() {
        InvalidConfigurationException refused = refused("mail.smtp.tls.protocols",
                TestSettings.trusting(trustedCa).protocols("TLSv1.2", "TLSv1.1"));

        assertTrue(refused.getMessage().contains("RFC 8996"), refused.getMessage());
    }

    @Test
    void anUnknownProtocolIsRefused() {
        for (TlsEngine engine : TlsEngine.values()) {
            refused("mail.smtp.tls.protocols", TestSettings.trusting(trustedCa).engine(engine).protocols("TLSv1.4"));
        }
    }

    @Test
    void anUnknownCipherSuiteIsRefused() {
        for (TlsEngine engine : TlsEngine.values()) {
            refused("mail.smtp.tls.ciphersuites", TestSettings.trusting(trustedCa).engine(engine)
                    .cipherSuites("TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_RC4_128_SHA_PLEASE"));
        }
    }

    @Test
    void onConscryptSomeButNotAllTls13SuitesCannotBeHonouredAndAreRefused() {
        InvalidConfigurationException refused = refused("mail.smtp.tls.ciphersuites", TestSettings.trusting(trustedCa)
                .cipherSuites("TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));

        assertTrue(refused.getMessage().contains("list all of them or none"), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aListOfTls12SuitesOnlyIsHonouredByNotUsingTls13(TlsEngine engine) throws Exception {
        TlsConnection connection = ServerCertificateVerificationTest.verified(server, HOST, TestSettings.trusting(trustedCa)
                .engine(engine).cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));

        assertEquals("TLSv1.2", connection.protocol());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", connection.cipherSuite());
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void theListedTls13SuiteIsNegotiated(TlsEngine engine) throws Exception {
        String[] suites = engine == TlsEngine.JDK ? new String[] {"TLS_CHACHA20_POLY1305_SHA256"}
                : new String[] {"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"};
        TlsConnection connection = ServerCertificateVerificationTest.verified(server, HOST,
                TestSettings.trusting(trustedCa).engine(engine).cipherSuites(suites));

        assertEquals("TLSv1.3", connection.protocol());
        assertTrue(List.of(suites).contains(connection.cipherSuite()), connection.cipherSuite());
    }

    @Test
    void anInvalidServernameIsRefused() {
        refused("mail.smtp.tls.servername", TestSettings.trusting(trustedCa).serverName("mail example test"));
    }

    @Test
    void keyNamesFollowTheProtocolPrefix() throws Exception {
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> TlsClient.create(TestSettings.trusting(trustedCa).keyStore(aliceAndBob, WRONG, "alice").build(), "mail.smtps."));

        assertEquals("mail.smtps.tls.keystore.password", refused.key());
    }

    @Test
    void bothEnginesAreAvailableHere() throws Exception {
        for (TlsEngine engine : TlsEngine.values()) {
            assertTrue(TestSettings.trusting(trustedCa).engine(engine).client().toString().contains(
                    engine == TlsEngine.CONSCRYPT ? "Conscrypt 2.5" : "JDK SunJSSE"));
        }
    }

    @Test
    void theCertificateOfAKeyEntryInATruststoreIsTrusted() throws Exception {
        // The JDK's trust manager trusts the certificate of a key entry too; so does Sealpost.
        KeyStore keys = server.keyStore("server", PASSWORD.toCharArray());
        Path store = Pki.writeKeyStore(dir.resolve("server-as-trust.p12"), keys, PASSWORD);
        X509Certificate leaf = server.certificate();

        TlsConnection connection = ServerCertificateVerificationTest.verified(server, HOST,
                TestSettings.defaults().trust(trustStore(store, null, PASSWORD)));
        assertEquals(leaf, connection.peerCertificates().get(0));
    }
}
