package io.sealpost.smtp.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the one configured {@link ClientIdentity} and nothing else (SPEC §4.5). The engine asks only
 * when the server sent a CertificateRequest, so "only when asked" is TLS's part; which certificate is ours.
 * The alias is returned whatever key types and issuers the server listed: choosing another entry that
 * happens to fit would present a certificate the user did not configure.
 *
 * <p>One exception: a server whose certificate was rejected (an opportunistic session going on
 * unverified, RFC 7435) gets no client certificate unless {@code auth.insecure=true}, because a client
 * certificate is a credential and SPEC §4.2 never sends credentials to an unverified server.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {
    private final ClientIdentity identity;
    private final Supplier<Handshake> currentHandshake;
    private final boolean presentToUnverifiedServers;

    /** @param identity null when none is configured: then no certificate is ever presented */
    ClientKeyManager(ClientIdentity identity, Supplier<Handshake> currentHandshake, boolean presentToUnverifiedServers) {
        this.identity = identity;
        this.currentHandshake = currentHandshake;
        this.presentToUnverifiedServers = presentToUnverifiedServers;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose();
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose();
    }

    private String choose() {
        Handshake handshake = currentHandshake.get();
        if (identity == null || handshake == null) {
            return null;
        }
        Verdict server = handshake.serverVerdict();
        if (server != null && server.isRejected() && !presentToUnverifiedServers) {
            handshake.clientCertificateWithheld();
            return null;
        }
        return identity.alias();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return identity == null ? null : new String[] {identity.alias()};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identity != null && identity.alias().equals(alias) ? identity.chain().toArray(new X509Certificate[0]) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity != null && identity.alias().equals(alias) ? identity.key() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
