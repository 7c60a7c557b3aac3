package io.sealpost.smtp.tls;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.TlsHandshakeException;
import io.sealpost.smtp.config.TlsSettings;
import java.io.IOException;
import java.net.Socket;

/** STUB until the tls branch lands. */
public final class TlsClient {
    public static TlsClient create(TlsSettings settings, String keyPrefix) throws InvalidConfigurationException {
        throw new UnsupportedOperationException("tls branch not merged");
    }

    public TlsConnection handshake(Socket connected, String host, int port, boolean requireVerified)
            throws IOException, TlsHandshakeException, CertificateRejectedException {
        throw new UnsupportedOperationException("tls branch not merged");
    }
}
