package io.sealpost.smtp.tls;

import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;

/**
 * Opens a Java keystore file for {@code tls.truststore} or {@code tls.keystore}. Every failure names the
 * key that has to change (the file, its {@code .type} or its {@code .password}) and never the password.
 */
final class KeyStores {
    private KeyStores() {
    }

    /**
     * @param fileKey the full key naming the file, e.g. {@code mail.smtp.tls.truststore}; the type and
     *                password keys are {@code fileKey + ".type"} and {@code fileKey + ".password"}
     * @param type    PKCS12, JKS, …, or null to recognise the file's format (PKCS12 and JKS; the JDK's
     *                {@link KeyStore#getInstance(java.io.File, char[])} probes every installed type)
     */
    static KeyStore load(Path file, String type, Secret password, String fileKey) throws InvalidConfigurationException {
        char[] chars = password == null ? null : password.chars();
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (type == null) {
                return KeyStore.getInstance(file.toFile(), chars);
            }
            KeyStore store;
            try {
                store = KeyStore.getInstance(type);
            } catch (KeyStoreException e) {
                throw new InvalidConfigurationException(fileKey + ".type", fileKey + ".type=" + type
                        + " is not a keystore type of this JVM; use PKCS12 or JKS, or leave it unset to recognise the file", e);
            }
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, chars);
            }
            return store;
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(fileKey, fileKey + "=" + file + ": no such file", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                // PKCS12 and JKS both report a failed integrity check this way (the JDK cannot tell a wrong
                // password from a tampered file)
                throw new InvalidConfigurationException(fileKey + ".password", fileKey + ".password"
                        + (password == null ? " is not set, and " + file + " needs one" : " does not open " + file
                        + " (wrong password, or the file is damaged)"), e);
            }
            throw new InvalidConfigurationException(fileKey, fileKey + "=" + file + " cannot be read as a "
                    + (type == null ? "PKCS12 or JKS" : type) + " keystore: " + e.getMessage(), e);
        } catch (KeyStoreException e) {
            throw new InvalidConfigurationException(fileKey, fileKey + "=" + file
                    + " is not a PKCS12 or JKS keystore (set " + fileKey + ".type if it is another type)", e);
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(fileKey, fileKey + "=" + file + " cannot be loaded: " + e.getMessage(), e);
        } finally {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }
    }
}
