package io.sealpost.smtp.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/** STUB until the tls branch lands. */
public record TlsConnection(SSLSocket socket, String protocol, String cipherSuite, boolean verified,
        Optional<String> verificationFailure, List<X509Certificate> peerCertificates, boolean sessionResumed) {
}
