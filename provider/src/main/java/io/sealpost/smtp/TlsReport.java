package io.sealpost.smtp;

import jakarta.mail.Transport;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What protected the last connection of a Sealpost transport (SPEC §6). Immutable.
 *
 * @param mode               how TLS was started, or {@link Mode#NONE} for plaintext
 * @param protocol           negotiated TLS version, for example {@code TLSv1.3}; empty for plaintext
 * @param cipherSuite        negotiated suite; empty for plaintext
 * @param verified           whether the server certificate passed {@code tls.verify} and {@code tls.pins}
 * @param verificationFailure why verification failed, when it did (opportunistic sessions go on unverified, RFC 7435)
 * @param peerCertificates   the server's chain, leaf first
 * @param sessionResumed     whether the TLS session was resumed from an earlier connection of this Session
 * @param capabilities       the EHLO keywords the server offered after TLS (or in plaintext, when no TLS)
 */
public record TlsReport(
        Mode mode,
        String protocol,
        String cipherSuite,
        boolean verified,
        Optional<String> verificationFailure,
        List<X509Certificate> peerCertificates,
        boolean sessionResumed,
        List<String> capabilities) {

    public enum Mode { NONE, STARTTLS, IMPLICIT }

    public TlsReport {
        peerCertificates = List.copyOf(peerCertificates);
        capabilities = List.copyOf(capabilities);
    }

    public static TlsReport plaintext(List<String> capabilities) {
        return new TlsReport(Mode.NONE, "", "", false, Optional.empty(), List.of(), false, capabilities);
    }

    public boolean encrypted() {
        return mode != Mode.NONE;
    }

    /** The report of a transport's current connection, when it is a connected Sealpost transport. */
    public static Optional<TlsReport> of(Transport transport) {
        return transport instanceof SmtpTransport sealpost ? sealpost.getTlsReport() : Optional.empty();
    }

    @Override
    public String toString() {
        if (mode == Mode.NONE) {
            return "plaintext (no TLS); capabilities " + capabilities;
        }
        StringBuilder text = new StringBuilder()
                .append(protocol).append(' ').append(cipherSuite)
                .append(" via ").append(mode == Mode.STARTTLS ? "STARTTLS" : "implicit TLS")
                .append(verified ? ", verified" : ", NOT verified");
        verificationFailure.ifPresent(why -> text.append(" (").append(why).append(')'));
        text.append(sessionResumed ? ", session resumed" : ", full handshake");
        if (!peerCertificates.isEmpty()) {
            text.append(", server certificate ").append(peerCertificates.get(0).getSubjectX500Principal().getName());
        }
        return text.append("; capabilities ").append(capabilities).toString();
    }
}
