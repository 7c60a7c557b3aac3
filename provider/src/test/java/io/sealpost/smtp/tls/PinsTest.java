package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.CertificateRejectedException.Reason;
import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.config.TlsEngine;
import io.sealpost.smtp.config.VerifyMode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** tls.pins: sha256/ SPKI pins, alone (verify=fingerprint) or on top of full verification. */
class PinsTest {
    private static final String HOST = "mail.example.test";

    @TempDir
    static Path dir;
    static ThrowawayCa ca;
    static Path trustedCa;
    static ThrowawayCa.Issued server;
    static String unrelatedPin;

    @BeforeAll
    static void pki() throws Exception {
        ca = ThrowawayCa.create("Sealpost Test Root");
        trustedCa = Pki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        server = ca.issue(HOST).dnsNames(HOST).issue();
        unrelatedPin = Pins.pinOf(ThrowawayCa.selfSigned("unrelated").issue().certificate());
    }

    @Test
    void aPinIsTheBase64OfTheSha256OfTheSubjectPublicKeyInfo() throws Exception {
        byte[] spki = server.certificate().getPublicKey().getEncoded();
        String expected = "sha256/" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));

        assertEquals(expected, Pins.pinOf(server.certificate()));
    }

    @Test
    void aPinOfTheLeafIsAcceptedOnTopOfFullVerification() throws Exception {
        ServerCertificateVerificationTest.verified(server, HOST,
                TestSettings.trusting(trustedCa).pins(unrelatedPin, Pins.pinOf(server.certificate())));
    }

    @Test
    void aPinOfTheTrustedRootMatchesThoughTheServerDoesNotSendTheRoot() throws Exception {
        ServerCertificateVerificationTest.verified(server, HOST,
                TestSettings.trusting(trustedCa).pins(Pins.pinOf(ca.certificate())));
    }

    @Test
    void aPinMismatchListsThePinnedKeysAndTheChainsKeys() throws Exception {
        CertificateRejectedException rejected = ServerCertificateVerificationTest.strict(server, HOST,
                TestSettings.trusting(trustedCa).pins(unrelatedPin));

        assertEquals(Reason.PIN_MISMATCH, rejected.reason());
        String message = rejected.getMessage();
        assertTrue(message.contains("Peer certificate chain:\n    " + Pins.pinOf(server.certificate()) + ": CN=" + HOST), message);
        assertTrue(message.contains("    " + Pins.pinOf(ca.certificate()) + ": CN=Sealpost Test Root"), message);
        assertTrue(message.contains("Pinned (mail.smtp.tls.pins):\n    " + unrelatedPin), message);
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void fingerprintModeAcceptsAPinnedSelfSignedCertificateNoCaVouchesFor(TlsEngine engine) throws Exception {
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned("appliance").issue();

        TlsConnection connection = ServerCertificateVerificationTest.verified(selfSigned, "10.0.0.25",
                TestSettings.defaults().engine(engine).verify(VerifyMode.FINGERPRINT).pins(Pins.pinOf(selfSigned.certificate())));

        assertEquals(List.of(selfSigned.certificate()), connection.peerCertificates());
    }

    @Test
    void fingerprintModeIgnoresNamesAndDatesButNotThePin() throws Exception {
        ThrowawayCa.Issued expiredSelfSigned = ThrowawayCa.selfSigned("appliance")
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).issue();
        TestSettings pinned = TestSettings.defaults().verify(VerifyMode.FINGERPRINT);

        ServerCertificateVerificationTest.verified(expiredSelfSigned, HOST,
                pinned.pins(Pins.pinOf(expiredSelfSigned.certificate())));
        assertEquals(Reason.PIN_MISMATCH, ServerCertificateVerificationTest.strict(expiredSelfSigned, HOST,
                pinned.pins(unrelatedPin)).reason());
    }

    @Test
    void malformedPinsAreRefusedNamingTlsPins() {
        for (String pin : List.of("sha1/AAAA", "sha256/not base64!", "sha256/AAAA")) {
            InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                    () -> TestSettings.trusting(trustedCa).pins(pin).client(), pin);
            assertEquals("mail.smtp.tls.pins", refused.key());
        }
    }

    @Test
    void fingerprintModeWithoutPinsIsRefused() {
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> TestSettings.defaults().verify(VerifyMode.FINGERPRINT).client());

        assertEquals("mail.smtp.tls.pins", refused.key());
    }
}
