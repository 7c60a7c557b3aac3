package io.sealpost.smtp.tls;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/** Files for the client's configuration, and the client's side of a test connection. */
public final class Pki {
    private Pki() {
    }

    static Path writeCertificates(Path file, X509Certificate... certificates) throws Exception {
        return ThrowawayCa.writePem(file, certificates);
    }

    static Path writeKey(Path file, PrivateKey key) throws Exception {
        return ThrowawayCa.writePem(file, key);
    }

    static Path writeKeyStore(Path file, KeyStore store, String password) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** A trust store file of the given type holding {@code ca}. */
    static Path writeTrustStore(Path file, String type, X509Certificate ca, String password) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        return writeKeyStore(file, store, password);
    }

    /** A PKCS12 key store with one key entry per identity, under the given aliases. */
    public static Path writeIdentities(Path file, String password, Object... aliasesAndIdentities) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < aliasesAndIdentities.length; i += 2) {
            ThrowawayCa.Issued identity = (ThrowawayCa.Issued) aliasesAndIdentities[i + 1];
            store.setKeyEntry((String) aliasesAndIdentities[i], identity.key(), password.toCharArray(),
                    identity.chain().toArray(new X509Certificate[0]));
        }
        return writeKeyStore(file, store, password);
    }

    /** A TCP connection to the peer with a 5 s read timeout, then the handshake under test. */
    static TlsConnection connect(TlsClient client, int port, String host, boolean requireVerified) throws Exception {
        Socket tcp = tcp(port);
        return client.handshake(tcp, host, port, requireVerified);
    }

    static Socket tcp(int port) throws Exception {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), TlsPeer.TIMEOUT_MILLIS);
        tcp.setSoTimeout(TlsPeer.TIMEOUT_MILLIS);
        return tcp;
    }

    /** Reads the peer's line (and with it any TLS 1.3 session ticket), answers, closes. */
    static String converse(TlsConnection connection) throws Exception {
        try (var socket = connection.socket()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = in.readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return line;
        }
    }
}
