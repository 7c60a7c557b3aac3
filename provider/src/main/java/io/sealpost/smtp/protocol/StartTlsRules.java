package io.sealpost.smtp.protocol;

import io.sealpost.smtp.CredentialsRequireTlsException;
import io.sealpost.smtp.StartTlsNotOfferedException;
import io.sealpost.smtp.StartTlsRefusedException;
import io.sealpost.smtp.config.TlsFallback;
import io.sealpost.smtp.config.TlsPolicy;
import io.sealpost.smtp.tls.TlsConnection;

/**
 * Every STARTTLS decision of SPEC §4.1–4.3, in one place a reviewer can read on one screen.
 * <ul>
 * <li>mandatory: STARTTLS absent or refused ends the session; nothing protected leaves in plaintext;</li>
 * <li>opportunistic: STARTTLS whenever offered (RFC 7435); plaintext otherwise, but never credentials;</li>
 * <li>a certificate must verify when the policy is mandatory or when credentials will follow
 *     (unless {@code auth.insecure}); an opportunistic session without credentials goes on unverified;</li>
 * <li>after a failed handshake only {@code tls.fallback=plaintext} allows one new plaintext connection,
 *     and never one that would carry credentials.</li>
 * </ul>
 * STARTTLS is asked for at most once per connection, and the capabilities from before it are discarded
 * (RFC 3207 §4.2): both follow from {@link SmtpSession}'s single pass through these rules.
 */
public final class StartTlsRules {
    private StartTlsRules() {
    }

    /** After the (first) EHLO: whether to send STARTTLS. False means the session stays in plaintext. */
    public static boolean startTls(TlsPolicy policy, boolean offered, String why) throws StartTlsNotOfferedException {
        return switch (policy) {
            case NONE -> false;
            case OPPORTUNISTIC -> offered;
            case MANDATORY -> {
                if (!offered) {
                    throw new StartTlsNotOfferedException("The server did not offer STARTTLS" + why
                            + " and the TLS policy is mandatory: nothing was sent, the connection was closed");
                }
                yield true;
            }
        };
    }

    /** After the reply to STARTTLS: whether to run the handshake. False means opportunistic plaintext. */
    public static boolean handshakeAfter(TlsPolicy policy, Reply reply) throws StartTlsRefusedException {
        if (reply.code() == 220) {
            return true;
        }
        if (policy == TlsPolicy.MANDATORY) {
            throw new StartTlsRefusedException("The server refused STARTTLS (" + reply
                    + ") and the TLS policy is mandatory: nothing was sent, the connection was closed",
                    reply.code(), reply.toString());
        }
        // RFC 3207 §4: after a refusal the session continues in its pre-STARTTLS state.
        return false;
    }

    /** Whether a certificate that fails verification must end the session. */
    public static boolean requireVerified(TlsPolicy policy, boolean credentials, boolean authInsecure) {
        return policy == TlsPolicy.MANDATORY || (credentials && !authInsecure);
    }

    /** Whether a failed handshake may be followed by one new plaintext connection. */
    public static boolean plaintextFallback(TlsPolicy policy, TlsFallback fallback, boolean credentials) {
        return policy == TlsPolicy.OPPORTUNISTIC && fallback == TlsFallback.PLAINTEXT && !credentials;
    }

    /** Before AUTH: credentials leave only under verified TLS, unless {@code auth.insecure=true}. */
    public static void checkCredentialsMaySend(TlsConnection tls, boolean authInsecure, String authInsecureKey)
            throws CredentialsRequireTlsException {
        if (authInsecure || (tls != null && tls.verified())) {
            return;
        }
        throw new CredentialsRequireTlsException(tls == null
                ? "Credentials are configured but the connection is not encrypted (the server offered no STARTTLS, "
                        + "or refused it); they were not sent. Set " + authInsecureKey + "=true only if you accept that."
                : "Credentials are configured but the server certificate was not verified ("
                        + tls.verificationFailure().orElse("verification is off") + "); they were not sent. Set "
                        + authInsecureKey + "=true only if you accept that.");
    }
}
