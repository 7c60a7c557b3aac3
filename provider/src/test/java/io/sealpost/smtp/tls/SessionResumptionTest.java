package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.CertificateRejectedException.Reason;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.config.TlsEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One TlsClient per Session resumes TLS sessions across its connections (SPEC §7), and a resumed
 * session, which skips the certificate exchange, is still judged (SPEC §4.4).
 */
class SessionResumptionTest {
    private static final String HOST = "mail.example.test";

    @TempDir
    static Path dir;
    static ThrowawayCa ca;
    static Path trustedCa;
    static ThrowawayCa.Issued server;

    @BeforeAll
    static void pki() throws Exception {
        ca = ThrowawayCa.create("Sealpost Test Root");
        trustedCa = Pki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        server = ca.issue(HOST).dnsNames(HOST).issue();
    }

    static Stream<Arguments> enginesAndVersions() {
        return Stream.of(TlsEngine.values())
                .flatMap(engine -> Stream.of("TLSv1.3", "TLSv1.2").map(version -> Arguments.of(engine, version)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndVersions")
    void laterConnectionsOfOneTlsClientResumeTheSession(TlsEngine engine, String version) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).protocols(version).client();

            TlsConnection first = Pki.connect(client, peer.port(), HOST, true);
            Pki.converse(first);
            TlsConnection second = Pki.connect(client, peer.port(), HOST, true);
            Pki.converse(second);
            TlsConnection third = Pki.connect(client, peer.port(), HOST, true);
            Pki.converse(third);

            assertEquals(version, first.protocol());
            assertFalse(first.sessionResumed(), "first: full handshake");
            assertTrue(second.sessionResumed(), "second: resumed");
            assertTrue(third.sessionResumed(), "third: resumed");
            assertEquals(version, second.protocol());
            assertTrue(second.verified(), "a resumed session is judged from the session's certificates");
            assertEquals(List.of(server.certificate()), second.peerCertificates());
        }
    }

    @Test
    void anotherTlsClientDoesNotShareTheSession() throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            Pki.converse(Pki.connect(TestSettings.trusting(trustedCa).client(), peer.port(), HOST, true));

            TlsConnection other = Pki.connect(TestSettings.trusting(trustedCa).client(), peer.port(), HOST, true);
            Pki.converse(other);

            assertFalse(other.sessionResumed());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndVersions")
    void aResumedSessionIsJudgedAgainAndRejectedOnceTheCertificateHasExpired(TlsEngine engine, String version) throws Exception {
        try (TlsPeer peer = TlsPeer.jdk(server).start()) {
            MovableClock clock = new MovableClock(Instant.now());
            TlsClient client = TlsClient.create(
                    TestSettings.trusting(trustedCa).engine(engine).protocols(version).build(), "mail.smtp.", clock);
            TlsConnection first = Pki.connect(client, peer.port(), HOST, true);
            Pki.converse(first);
            assertTrue(first.verified());
            assertNull(peer.nextAccepted().failure());

            clock.set(server.certificate().getNotAfter().toInstant().plusSeconds(1));
            CertificateRejectedException rejected = assertThrows(CertificateRejectedException.class,
                    () -> Pki.connect(client, peer.port(), HOST, true));

            assertEquals(Reason.EXPIRED, rejected.reason());
            assertNull(peer.nextAccepted().failure(),
                    "the server finished its handshake: the session was resumed, no certificate was exchanged, and still judged");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndVersions")
    void aSessionWhoseCertificateWasRejectedIsNeverResumed(TlsEngine engine, String version) throws Exception {
        ThrowawayCa.Issued otherName = ca.issue("other.example.test").dnsNames("other.example.test").issue();
        try (TlsPeer peer = TlsPeer.jdk(otherName).start()) {
            TlsClient client = TestSettings.trusting(trustedCa).engine(engine).protocols(version).client();
            TlsConnection opportunistic = Pki.connect(client, peer.port(), HOST, false);
            Pki.converse(opportunistic);
            assertFalse(opportunistic.verified());

            TlsConnection again = Pki.connect(client, peer.port(), HOST, false);
            Pki.converse(again);

            assertFalse(again.sessionResumed(), "once the server fixes its certificate, the next connection must see it");
            assertFalse(again.verified());
        }
    }

    /** A clock the test moves; certificate validity is judged by it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
