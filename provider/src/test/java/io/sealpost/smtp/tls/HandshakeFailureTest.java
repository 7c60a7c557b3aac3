package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.TlsHandshakeException;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.config.TlsEngine;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A handshake that fails says why, with the TLS alert, and leaves no socket open (SPEC §5). */
class HandshakeFailureTest {
    private static final String HOST = "mail.example.test";

    @TempDir
    static Path dir;
    static ThrowawayCa.Issued server;
    static Path trustedCa;

    @BeforeAll
    static void pki() throws Exception {
        ThrowawayCa ca = ThrowawayCa.create("Sealpost Test Root");
        trustedCa = Pki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        server = ca.issue(HOST).dnsNames(HOST).issue();
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aServerOfferingOnlyTls10And11FailsTheHandshakeWithProtocolVersion(TlsEngine engine) throws Exception {
        // Conscrypt as the server: JDK 17 disables TLS 1.0/1.1 in java.security, and re-enabling them needs
        // jdk.tls.disabledAlgorithms changed before any SSL class loads, which a shared test JVM cannot promise.
        try (TlsPeer legacy = TlsPeer.conscrypt(server).protocols("TLSv1", "TLSv1.1").start()) {
            Socket tcp = Pki.tcp(legacy.port());
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).client();

            TlsHandshakeException failed = assertThrows(TlsHandshakeException.class,
                    () -> client.handshake(tcp, HOST, legacy.port(), true));

            assertEquals("protocol_version", failed.alert());
            assertTrue(failed.getMessage().contains("Sealpost offered [TLSv1.3, TLSv1.2] and never TLS 1.0 or 1.1"),
                    failed.getMessage());
            assertTrue(tcp.isClosed());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aServerWithoutACommonCipherSuiteFailsTheHandshake(TlsEngine engine) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).protocols("TLSv1.2").start()) {
            // The server's key is EC: an RSA-only suite list leaves nothing in common.
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).protocols("TLSv1.2")
                    .cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").client();

            TlsHandshakeException failed = assertThrows(TlsHandshakeException.class,
                    () -> Pki.connect(client, peer.port(), HOST, true));

            assertEquals("handshake_failure", failed.alert());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aSilentServerEndsInTheSocketsOwnTimeoutException(TlsEngine engine) throws Exception {
        try (TlsPeer.Silent silent = new TlsPeer.Silent()) {
            Socket tcp = Pki.tcp(silent.port());
            tcp.setSoTimeout(300);
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).client();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThrows(SocketTimeoutException.class, () -> client.handshake(tcp, HOST, silent.port(), true));
            });
            assertTrue(tcp.isClosed());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void aServerThatResetsTheConnectionFailsTheHandshake(TlsEngine engine) throws Exception {
        try (TlsPeer.Hangup hangup = new TlsPeer.Hangup()) {
            Socket tcp = Pki.tcp(hangup.port());
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).client();

            TlsHandshakeException failed = assertThrows(TlsHandshakeException.class,
                    () -> client.handshake(tcp, HOST, hangup.port(), true));

            assertTrue(failed.getMessage().startsWith("TLS handshake with " + HOST + ":" + hangup.port() + " failed"),
                    failed.getMessage());
            assertTrue(tcp.isClosed());
        }
    }
}
