package io.sealpost.smtp.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * A connection after a completed TLS handshake, and what protects it: the material of
 * {@link io.sealpost.smtp.TlsReport}.
 *
 * @param socket              the TLS socket; read and write through it from now on (closing it closes the TCP socket)
 * @param protocol            negotiated version, e.g. {@code TLSv1.3}
 * @param cipherSuite         negotiated suite, e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param verified            the server certificate passed {@code tls.verify} and {@code tls.pins}; false
 *                            when it failed (opportunistic, RFC 7435) or when verification is off for this host
 * @param verificationFailure why {@code verified} is false, for a person; empty when verified
 * @param peerCertificates    the server's chain as the session holds it, leaf first (for a resumed session,
 *                            the chain of the handshake that created it)
 * @param sessionResumed      the handshake resumed an earlier session of the same {@link TlsClient}
 *                            (TLS 1.2 session ID or ticket, TLS 1.3 PSK) instead of a full handshake
 */
public record TlsConnection(
        SSLSocket socket,
        String protocol,
        String cipherSuite,
        boolean verified,
        Optional<String> verificationFailure,
        List<X509Certificate> peerCertificates,
        boolean sessionResumed) {

    public TlsConnection {
        peerCertificates = List.copyOf(peerCertificates);
    }
}
