package io.sealpost.smtp.cli;

import io.sealpost.smtp.tls.Pins;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a person checking a server wants to know about one certificate: names, validity, key, signature,
 * and its {@code tls.pins} value. Immutable; built from the chain the server sent.
 */
record CertificateView(
        String subject,
        String issuer,
        List<String> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keyBits,
        String signatureAlgorithm,
        String pin) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    CertificateView {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    static CertificateView of(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        return new CertificateView(
                certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(),
                subjectAltNames(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                key.getAlgorithm(),
                keyBits(key),
                certificate.getSigAlgName(),
                Pins.pinOf(certificate));
    }

    static List<CertificateView> of(List<X509Certificate> chain) {
        return chain.stream().map(CertificateView::of).toList();
    }

    /** DNS and IP subject alternative names, as {@code DNS:name} and {@code IP:address}. */
    private static List<String> subjectAltNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    int type = (Integer) entry.get(0);
                    if (type == 2) {
                        names.add("DNS:" + entry.get(1));
                    } else if (type == 7) {
                        names.add("IP:" + entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            names.add("(unreadable: " + e.getMessage() + ")");
        }
        return names;
    }

    private static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        return switch (key.getAlgorithm()) {
            case "Ed25519", "X25519" -> 255;
            case "Ed448", "X448" -> 448;
            default -> -1;
        };
    }

    /** The DNS names the certificate is valid for, for suggesting a {@code tls.servername}. */
    List<String> dnsNames() {
        return subjectAltNames.stream().filter(name -> name.startsWith("DNS:")).map(name -> name.substring(4)).toList();
    }

    String key() {
        return keyBits > 0 ? keyAlgorithm + " " + keyBits + " bits" : keyAlgorithm;
    }

    String validity(Instant now) {
        String range = DATE.format(notBefore) + " to " + DATE.format(notAfter);
        if (now.isAfter(notAfter)) {
            return range + " (EXPIRED " + ago(Duration.between(notAfter, now)) + " ago)";
        }
        if (now.isBefore(notBefore)) {
            return range + " (NOT YET VALID, starts in " + ago(Duration.between(now, notBefore)) + ")";
        }
        return range + " (valid, " + ago(Duration.between(now, notAfter)) + " left)";
    }

    static String formatInstant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String ago(Duration duration) {
        long days = duration.toDays();
        if (days >= 1) {
            return days + (days == 1 ? " day" : " days");
        }
        long hours = duration.toHours();
        return hours >= 1 ? hours + (hours == 1 ? " hour" : " hours") : duration.toMinutes() + " minutes";
    }
}
