package io.sealpost.smtp.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that lives for one run: the demo's server certificate, and every good and bad
 * certificate the tests need (expired, wrong name, weak key, SHA-1, client certificates). Uses Bouncy
 * Castle's certificate builder; the JDK has no public API for issuing certificates.
 */
public final class ThrowawayCa {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Issued self;

    private ThrowawayCa(Issued self) {
        this.self = self;
    }

    /** A new self-signed root CA with an EC P-256 key, valid from an hour ago for a year. */
    public static ThrowawayCa create(String commonName) {
        return new ThrowawayCa(new Builder(null, commonName).ca().issue());
    }

    /** The CA certificate: the trust anchor to configure on the client. */
    public X509Certificate certificate() {
        return self.certificate();
    }

    /** The CA as an issued identity (certificate, key, chain). */
    public Issued identity() {
        return self;
    }

    /** Starts a certificate signed by this CA, for a leaf by default. */
    public Builder issue(String commonName) {
        return new Builder(this, commonName);
    }

    /** Starts a self-signed certificate that no CA vouches for. */
    public static Builder selfSigned(String commonName) {
        return new Builder(null, commonName);
    }

    /** A trust store holding only this CA, as a PKCS12 {@link KeyStore}. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", self.certificate());
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build an in-memory trust store", e);
        }
    }

    /** Writes certificates as a PEM file: the form {@code tls.trustcerts} and {@code tls.cert} read. */
    public static Path writePem(Path file, X509Certificate... certificates) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** Writes a private key as an unencrypted PKCS#8 PEM file: the form {@code tls.key} reads. */
    public static Path writePem(Path file, PrivateKey key) throws IOException {
        return Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** One PEM block (RFC 7468) with the given label. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** A certificate with its private key and the chain up to (not including) the root. */
    public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
        public Issued {
            chain = List.copyOf(chain);
        }

        /** A PKCS12 key store holding this identity under {@code alias}. */
        public KeyStore keyStore(String alias, char[] password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
                return store;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot build an in-memory key store", e);
            }
        }

        /** This identity as a CA that can issue further certificates (for intermediate CAs). */
        public ThrowawayCa asCa() {
            return new ThrowawayCa(this);
        }
    }

    /** A certificate to issue: every property has a sane default, each test changes what it attacks. */
    public static final class Builder {
        private final ThrowawayCa issuer;
        private final String commonName;
        private final List<GeneralName> subjectAltNames = new ArrayList<>();
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        private String keyAlgorithm = "EC";
        private int keySize = 256;
        private String signatureAlgorithm;
        private boolean ca;
        private boolean clientAuth;

        private Builder(ThrowawayCa issuer, String commonName) {
            this.issuer = issuer;
            this.commonName = commonName;
        }

        public Builder dnsNames(String... names) {
            for (String name : names) {
                subjectAltNames.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        public Builder ipAddresses(String... addresses) {
            for (String address : addresses) {
                subjectAltNames.add(new GeneralName(GeneralName.iPAddress, address));
            }
            return this;
        }

        public Builder validity(Instant from, Instant until) {
            this.notBefore = from;
            this.notAfter = until;
            return this;
        }

        /** An RSA key of the given size instead of EC P-256. */
        public Builder rsa(int bits) {
            this.keyAlgorithm = "RSA";
            this.keySize = bits;
            return this;
        }

        /** An EC key on the named curve size (256, 384, 521) instead of P-256. */
        public Builder ec(int bits) {
            this.keyAlgorithm = "EC";
            this.keySize = bits;
            return this;
        }

        /** The issuer's signature algorithm, for example {@code SHA1withRSA}; default SHA-256 with the issuer's key type. */
        public Builder signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        /** Makes the certificate a CA (basicConstraints cA=true, keyCertSign). */
        public Builder ca() {
            this.ca = true;
            return this;
        }

        /** Marks the certificate for TLS client authentication instead of server authentication. */
        public Builder clientAuth() {
            this.clientAuth = true;
            return this;
        }

        public Issued issue() {
            try {
                KeyPair keyPair = generateKeyPair();
                X500Name subject = new X500Name("CN=" + commonName);
                PrivateKey signingKey = issuer == null ? keyPair.getPrivate() : issuer.self.key();
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.self.certificate().getSubjectX500Principal().getEncoded());
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        issuerName, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                        Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic());
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
                if (issuer != null) {
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(issuer.self.certificate()));
                }
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            clientAuth ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
                }
                if (!subjectAltNames.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(subjectAltNames.toArray(new GeneralName[0])));
                }
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(signature(signingKey)).build(signingKey)));
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(certificate);
                if (issuer != null && issuer.self.certificate() != null
                        && !issuer.self.certificate().getSubjectX500Principal().equals(issuer.self.certificate().getIssuerX500Principal())) {
                    chain.addAll(issuer.self.chain()); // an intermediate issuer: send its chain too
                }
                return new Issued(certificate, keyPair.getPrivate(), chain);
            } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
                throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
            }
        }

        private KeyPair generateKeyPair() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (keyAlgorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec(keySize == 521 ? "secp521r1" : "secp" + keySize + "r1"), RANDOM);
            } else {
                generator.initialize(keySize, RANDOM);
            }
            return generator.generateKeyPair();
        }

        private String signature(PrivateKey signingKey) {
            if (signatureAlgorithm != null) {
                return signatureAlgorithm;
            }
            return signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        }
    }
}
