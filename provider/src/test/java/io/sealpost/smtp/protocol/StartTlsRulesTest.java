package io.sealpost.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.CredentialsRequireTlsException;
import io.sealpost.smtp.StartTlsNotOfferedException;
import io.sealpost.smtp.StartTlsRefusedException;
import io.sealpost.smtp.config.TlsFallback;
import io.sealpost.smtp.config.TlsPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision table of SPEC §4.1–4.2; the end-to-end attacks live in the transport's tests. */
class StartTlsRulesTest {
    @Test
    void mandatoryFailsWhenStartTlsIsNotOffered() {
        assertThrows(StartTlsNotOfferedException.class, () -> StartTlsRules.startTls(TlsPolicy.MANDATORY, false, ""));
    }

    @Test
    void opportunisticStartsTlsWheneverOffered() throws Exception {
        assertTrue(StartTlsRules.startTls(TlsPolicy.OPPORTUNISTIC, true, ""));
        assertFalse(StartTlsRules.startTls(TlsPolicy.OPPORTUNISTIC, false, ""));
        assertFalse(StartTlsRules.startTls(TlsPolicy.NONE, true, ""));
    }

    @Test
    void mandatoryTreatsAnyNon220ReplyToStartTlsAsRefusal() {
        StartTlsRefusedException refused = assertThrows(StartTlsRefusedException.class,
                () -> StartTlsRules.handshakeAfter(TlsPolicy.MANDATORY, new Reply(454, List.of("4.7.0 TLS not available"))));
        assertEquals(454, refused.replyCode());
        assertTrue(refused.getMessage().contains("454 4.7.0 TLS not available"));
    }

    @Test
    void verificationIsRequiredForMandatoryAndForCredentials() {
        assertTrue(StartTlsRules.requireVerified(TlsPolicy.MANDATORY, false, false));
        assertTrue(StartTlsRules.requireVerified(TlsPolicy.OPPORTUNISTIC, true, false));
        assertFalse(StartTlsRules.requireVerified(TlsPolicy.OPPORTUNISTIC, true, true));
        assertFalse(StartTlsRules.requireVerified(TlsPolicy.OPPORTUNISTIC, false, false));
    }

    @Test
    void plaintextFallbackNeverCarriesCredentials() {
        assertTrue(StartTlsRules.plaintextFallback(TlsPolicy.OPPORTUNISTIC, TlsFallback.PLAINTEXT, false));
        assertFalse(StartTlsRules.plaintextFallback(TlsPolicy.OPPORTUNISTIC, TlsFallback.PLAINTEXT, true));
        assertFalse(StartTlsRules.plaintextFallback(TlsPolicy.MANDATORY, TlsFallback.PLAINTEXT, false));
        assertFalse(StartTlsRules.plaintextFallback(TlsPolicy.OPPORTUNISTIC, TlsFallback.NONE, false));
    }

    @Test
    void credentialsNeverLeaveWithoutVerifiedTls() {
        assertThrows(CredentialsRequireTlsException.class,
                () -> StartTlsRules.checkCredentialsMaySend(null, false, "mail.smtp.auth.insecure"));
    }
}
