package io.sealpost.smtp.tls;

import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.config.IdentitySource;
import io.sealpost.smtp.config.Secret;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The one client certificate chain and key Sealpost may present (SPEC §4.5), from a keystore entry
 * ({@code tls.keystore} + {@code tls.key.alias}) or from PEM files ({@code tls.cert} + {@code tls.key}).
 *
 * @param alias the keystore alias, or {@code tls.cert} for PEM files; only for messages and the key manager
 * @param key   the private key
 * @param chain leaf first
 */
record ClientIdentity(String alias, PrivateKey key, List<X509Certificate> chain) {
    ClientIdentity {
        chain = List.copyOf(chain);
    }

    /** Null when no identity is configured. */
    static ClientIdentity load(IdentitySource source, String keyPrefix) throws InvalidConfigurationException {
        if (source.keystore() != null && (source.pemCertificate() != null || source.pemKey() != null)) {
            throw new InvalidConfigurationException(keyPrefix + "tls.cert", "set either " + keyPrefix
                    + "tls.keystore or " + keyPrefix + "tls.cert and " + keyPrefix + "tls.key, not both: "
                    + "Sealpost presents exactly one client certificate");
        }
        if (source.keystore() != null) {
            return fromKeyStore(source, keyPrefix);
        }
        if (source.pemCertificate() != null || source.pemKey() != null) {
            return fromPem(source, keyPrefix);
        }
        return null;
    }

    private static ClientIdentity fromKeyStore(IdentitySource source, String keyPrefix) throws InvalidConfigurationException {
        String storeKey = keyPrefix + "tls.keystore";
        String aliasKey = keyPrefix + "tls.key.alias";
        KeyStore store = KeyStores.load(source.keystore(), source.keystoreType(), source.password(), storeKey);
        List<String> keyAliases = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(storeKey, storeKey + "=" + source.keystore() + " cannot be read: " + e.getMessage(), e);
        }
        Collections.sort(keyAliases);
        String alias;
        if (source.alias() == null) {
            if (keyAliases.isEmpty()) {
                throw new InvalidConfigurationException(storeKey, storeKey + "=" + source.keystore()
                        + " holds no private key entry (only certificates): nothing to present as a client certificate");
            }
            if (keyAliases.size() > 1) {
                throw new InvalidConfigurationException(aliasKey, storeKey + "=" + source.keystore() + " holds "
                        + keyAliases.size() + " key entries " + keyAliases + "; set " + aliasKey + " to the one to present");
            }
            alias = keyAliases.get(0);
        } else {
            // JKS folds aliases to lower case, PKCS12 keeps them: find the entry either way.
            alias = keyAliases.stream().filter(source.alias()::equalsIgnoreCase).findFirst()
                    .orElseThrow(() -> new InvalidConfigurationException(aliasKey, aliasKey + "=" + source.alias()
                            + " is not a key entry of " + source.keystore() + "; its key entries are " + keyAliases));
        }
        Secret keyPassword = source.keyPassword() != null ? source.keyPassword() : source.password();
        String passwordKey = keyPrefix + (source.keyPassword() != null ? "tls.key.password" : "tls.keystore.password");
        char[] chars = keyPassword == null ? new char[0] : keyPassword.chars();
        try {
            Key key = store.getKey(alias, chars);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                throw new InvalidConfigurationException(aliasKey, aliasKey + "=" + alias + " in " + source.keystore()
                        + " is not a private key with a certificate chain");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : chain) {
                certificates.add((X509Certificate) certificate);
            }
            return new ClientIdentity(alias, privateKey, certificates);
        } catch (UnrecoverableKeyException e) {
            throw new InvalidConfigurationException(keyPrefix + "tls.key.password", passwordKey
                    + " does not unlock the key entry " + alias + " of " + source.keystore()
                    + (source.keyPassword() == null ? "; set " + keyPrefix + "tls.key.password if the key has its own password" : ""), e);
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(aliasKey, "the key entry " + alias + " of " + source.keystore()
                    + " cannot be read: " + e.getMessage(), e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static ClientIdentity fromPem(IdentitySource source, String keyPrefix) throws InvalidConfigurationException {
        String certKey = keyPrefix + "tls.cert";
        String keyKey = keyPrefix + "tls.key";
        if (source.pemKey() == null) {
            throw new InvalidConfigurationException(keyKey, certKey + " is set but " + keyKey
                    + " is not: set it to the PEM file of the certificate's PKCS#8 private key");
        }
        if (source.pemCertificate() == null) {
            throw new InvalidConfigurationException(certKey, keyKey + " is set but " + certKey
                    + " is not: set it to the PEM file of the client certificate chain, leaf first");
        }
        List<X509Certificate> chain = Pem.certificates(source.pemCertificate(), certKey);
        PrivateKey key = Pem.privateKey(source.pemKey(), keyKey);
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new InvalidConfigurationException(keyKey, keyKey + "=" + source.pemKey()
                    + " is not the key of the first certificate in " + certKey + "=" + source.pemCertificate()
                    + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
        }
        return new ClientIdentity(certKey, key, chain);
    }

    /** Signs a random challenge with the key and checks it with the certificate: works for every key type. */
    private static boolean belongTogether(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> null;
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        if (algorithm == null) {
            return true; // PSS needs parameters; the handshake will tell
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException mismatchedTypes) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "client certificate " + chain.get(0).getSubjectX500Principal().getName() + " (" + alias + ")";
    }
}
