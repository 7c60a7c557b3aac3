package io.sealpost.smtp.tls;

import io.sealpost.smtp.InvalidConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files (RFC 7468): CA certificates ({@code tls.trustcerts}), a client certificate chain
 * ({@code tls.cert}) and an unencrypted PKCS#8 private key ({@code tls.key}). Text outside the
 * {@code -----BEGIN/END-----} lines is ignored, as RFC 7468 §2 allows (openssl writes "Bag Attributes").
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);

    /** How to turn any other private key format into the one Sealpost reads. */
    static final String CONVERT_KEY = "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"
            + " (the result starts with -----BEGIN PRIVATE KEY-----; keep it readable only by the mail client)";

    private Pem() {
    }

    /** Every {@code CERTIFICATE} block of the file, in file order. */
    static List<X509Certificate> certificates(Path file, String key) throws InvalidConfigurationException {
        String text = read(file, key);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(text, key, file)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new InvalidConfigurationException(key,
                    key + "=" + file + " holds a CERTIFICATE block that is not an X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new InvalidConfigurationException(key,
                    key + "=" + file + " holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }

    /** The single {@code PRIVATE KEY} (PKCS#8, RFC 5208) block of the file: RSA, EC or EdDSA. */
    static PrivateKey privateKey(Path file, String key) throws InvalidConfigurationException {
        String text = read(file, key);
        List<Block> keys = new ArrayList<>();
        for (Block block : blocks(text, key, file)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> keys.add(block);
                case "ENCRYPTED PRIVATE KEY" -> throw new InvalidConfigurationException(key, key + "=" + file
                        + " holds an encrypted PKCS#8 key; Sealpost reads only unencrypted keys; " + CONVERT_KEY);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY" ->
                        throw new InvalidConfigurationException(key, key + "=" + file + " holds a "
                                + block.label() + " (not PKCS#8); " + CONVERT_KEY);
                default -> {
                    // certificates next to the key are fine
                }
            }
        }
        if (keys.size() != 1) {
            throw new InvalidConfigurationException(key, key + "=" + file + " holds " + keys.size()
                    + " -----BEGIN PRIVATE KEY----- blocks; exactly one is needed");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0).der());
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryTheNext) {
                // the PKCS#8 structure names the algorithm; the JDK has no "any algorithm" key factory
            }
        }
        throw new InvalidConfigurationException(key, key + "=" + file
                + " holds a PRIVATE KEY that is not an RSA, EC or EdDSA PKCS#8 key");
    }

    private record Block(String label, byte[] der) {
    }

    private static List<Block> blocks(String text, String key, Path file) throws InvalidConfigurationException {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String body = matcher.group(2);
            if (body.contains(":")) {
                // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED"): an openssl-encrypted traditional key
                throw new InvalidConfigurationException(key, key + "=" + file
                        + " holds an encrypted " + matcher.group(1) + "; " + CONVERT_KEY);
            }
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(key, key + "=" + file + ": the "
                        + matcher.group(1) + " block is not valid Base64", e);
            }
        }
        return blocks;
    }

    private static String read(Path file, String key) throws InvalidConfigurationException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(key, key + "=" + file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(key, key + "=" + file + " cannot be read: " + e, e);
        }
    }
}
