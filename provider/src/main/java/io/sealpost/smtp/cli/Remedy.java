package io.sealpost.smtp.cli;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.CredentialsRequireTlsException;
import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.SmtpTimeoutException;
import io.sealpost.smtp.StartTlsNotOfferedException;
import io.sealpost.smtp.StartTlsRefusedException;
import io.sealpost.smtp.TlsHandshakeException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What to do about a failure, in terms of the option or Session key that fixes it. The exception's own
 * message says what happened; a remedy says what to change.
 */
final class Remedy {
    private Remedy() {
    }

    /** The first failure in {@code e}'s chain (causes and next exceptions) that has a remedy, else empty. */
    static String of(Throwable e, Endpoint endpoint) {
        return of(e, endpoint, List.of());
    }

    /**
     * @param chain the server's certificates when known (from {@code check}), to name the right server name
     */
    static String of(Throwable e, Endpoint endpoint, List<CertificateView> chain) {
        for (Throwable failure = e; failure != null; failure = next(failure)) {
            String remedy = direct(failure, endpoint, chain);
            if (remedy != null) {
                return remedy;
            }
        }
        return "";
    }

    private static Throwable next(Throwable failure) {
        if (failure instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != failure) {
            return messaging.getNextException();
        }
        return failure.getCause() == failure ? null : failure.getCause();
    }

    private static String direct(Throwable failure, Endpoint endpoint, List<CertificateView> chain) {
        if (failure instanceof CertificateRejectedException rejected) {
            return certificate(rejected.reason(), endpoint, chain);
        }
        if (failure instanceof StartTlsNotOfferedException) {
            return "the server offers no STARTTLS; " + endpoint.key("tls.policy") + "=opportunistic would send in plaintext."
                    + (endpoint.implicit() ? "" : " If the server speaks TLS from the first byte, use port 465 or --implicit.");
        }
        if (failure instanceof StartTlsRefusedException refused) {
            return "the server refused STARTTLS (" + refused.serverReply() + "); only its administrator can fix that. "
                    + endpoint.key("tls.policy") + "=opportunistic would continue in plaintext.";
        }
        if (failure instanceof TlsHandshakeException) {
            return endpoint.implicit()
                    ? "check that " + endpoint.address() + " speaks TLS from the first byte (implicit TLS); for a plain SMTP "
                            + "port use STARTTLS (drop --implicit, or set " + endpoint.key("ssl.enable") + "=false). The server may "
                            + "also offer only TLS 1.0/1.1 (Sealpost's floor is TLS 1.2) or no suite of " + endpoint.key("tls.ciphersuites") + "."
                    : "the server may offer only TLS 1.0/1.1 (Sealpost's floor is TLS 1.2) or no suite of "
                            + endpoint.key("tls.ciphersuites") + "; `check " + endpoint.address() + "` shows what it offers.";
        }
        if (failure instanceof InvalidConfigurationException invalid) {
            return "fix the value of " + invalid.key() + ".";
        }
        if (failure instanceof CredentialsRequireTlsException) {
            return "credentials travel only over verified TLS: fix the certificate verdict (see `check "
                    + endpoint.address() + "`), or set " + endpoint.key("auth.insecure") + "=true if you accept the risk.";
        }
        if (failure instanceof AuthenticationFailedException) {
            return "check the user name and password (--user, --password-file, or " + endpoint.key("user") + " and "
                    + endpoint.key("password") + ").";
        }
        if (failure instanceof SmtpTimeoutException timeout) {
            return switch (timeout.phase()) {
                case CONNECT -> "check that " + endpoint.address() + " is reachable (outbound port 25 is often blocked; "
                        + "try 587 or 465), or raise " + endpoint.key("connectiontimeout") + " (ms).";
                case READ -> "raise " + endpoint.key("timeout") + " (ms) if the server is slow; with --implicit against a "
                        + "STARTTLS port (or the reverse) both sides wait for each other.";
                case WRITE -> "raise " + endpoint.key("writetimeout") + " (ms).";
            };
        }
        if (failure instanceof ConnectException) {
            return "check that an SMTP server listens on " + endpoint.address() + ".";
        }
        if (failure instanceof UnknownHostException) {
            return "check the host name \"" + endpoint.host() + "\".";
        }
        return null;
    }

    private static String certificate(CertificateRejectedException.Reason reason, Endpoint endpoint, List<CertificateView> chain) {
        String servername = endpoint.key("tls.servername");
        return switch (reason) {
            case NAME_MISMATCH -> {
                List<String> names = chain.isEmpty() ? List.of() : chain.get(0).dnsNames();
                yield "set -P" + servername + "=NAME to a name the certificate is issued for"
                        + (names.isEmpty() ? " (`check " + endpoint.address() + "` lists them)" : " (" + String.join(", ", names) + ")")
                        + ", or connect by that name.";
            }
            case UNTRUSTED -> "set -P" + endpoint.key("tls.trustcerts") + "=ca.pem (the CA certificates, PEM) or -P"
                    + endpoint.key("tls.truststore") + "=truststore.p12 to trust the CA that issued the server's certificate.";
            case EXPIRED, NOT_YET_VALID -> "the server's certificate is outside its validity period: it must be renewed "
                    + "(or this machine's clock is wrong). To accept this very key knowingly: -P" + endpoint.key("tls.verify")
                    + "=fingerprint with the " + endpoint.key("tls.pins") + " line from `check " + endpoint.address() + "`.";
            case PIN_MISMATCH -> "the server's key matches none of " + endpoint.key("tls.pins") + "; if it changed on purpose, "
                    + "paste the pins line from `check " + endpoint.address() + "`.";
            case WEAK_KEY -> "the server's key is too weak (RSA below 2048 bits, EC below 256): the server needs a new certificate.";
            case WEAK_SIGNATURE -> "the chain has a SHA-1 signature: the server needs a certificate signed with SHA-256 or better.";
        };
    }
}
