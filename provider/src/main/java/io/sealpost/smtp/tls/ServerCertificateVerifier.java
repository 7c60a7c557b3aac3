package io.sealpost.smtp.tls;

import io.sealpost.smtp.CertificateRejectedException.Reason;
import io.sealpost.smtp.config.VerifyMode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges a server's certificate chain by {@code tls.verify} and {@code tls.pins} (SPEC §4.4). Sealpost
 * does this itself rather than trusting an engine's trust manager: Conscrypt checks host names only for
 * the {@code HTTPS} endpoint identification algorithm, and the JDK's and Conscrypt's rules differ.
 *
 * <p>{@link VerifyMode#FULL}, in this order (the first failure is the reason reported):
 * <ol>
 * <li>a path from the leaf to a trust anchor, built from the certificates the server sent in any order
 *     (RFC 8446 §4.4.2 allows extra and unordered certificates); a trusted leaf is its own path;</li>
 * <li>validity dates of every certificate below the anchor (the anchor's own dates are the trust store's
 *     business, as in the JDK);</li>
 * <li>key strength of every certificate below the anchor: RSA and DSA at least 2048 bits, EC at least 256;</li>
 * <li>no SHA-1, MD5 or MD2 signature on any certificate below the anchor (SHA-1 collisions: SHAttered, 2017);</li>
 * <li>PKIX validation of that path (RFC 5280 §6: signatures, basic constraints, key usage, name
 *     constraints), revocation not checked; an extended key usage on the leaf must allow serverAuth;</li>
 * <li>the name: {@link ServerIdentity};</li>
 * <li>{@code tls.pins}, when set: some certificate of the chain or its anchor must match.</li>
 * </ol>
 * {@link VerifyMode#CHAIN} is the same without the name, {@link VerifyMode#FINGERPRINT} only the pins,
 * {@link VerifyMode#NONE} nothing.
 */
final class ServerCertificateVerifier {
    private static final int MAX_PATH_LENGTH = 10;
    private static final int MIN_RSA_BITS = 2048;
    private static final int MIN_EC_BITS = 256;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private final VerifyMode mode;
    private final TrustAnchors anchors;
    private final Pins pins;
    private final Set<String> trustedHosts;
    private final String keyPrefix;
    private final Clock clock;

    ServerCertificateVerifier(VerifyMode mode, TrustAnchors anchors, Pins pins, Set<String> trustedHosts, String keyPrefix,
            Clock clock) {
        this.mode = mode;
        this.anchors = anchors;
        this.pins = pins;
        this.trustedHosts = lowerCase(trustedHosts);
        this.keyPrefix = keyPrefix;
        this.clock = clock;
    }

    /**
     * @param chain         as the server sent it, leaf first
     * @param host          the host connected to (the key of {@code ssl.trust})
     * @param referenceName the name the certificate must be for: {@code tls.servername}, else {@code host}
     */
    Verdict verify(List<X509Certificate> chain, String host, String referenceName) {
        if (mode == VerifyMode.NONE) {
            return Verdict.notChecked(keyPrefix + "tls.verify=none");
        }
        if (trustedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Verdict.notChecked(host + " is listed in " + keyPrefix + "ssl.trust");
        }
        if (chain.isEmpty()) {
            return Verdict.rejected(Reason.UNTRUSTED, "the server sent no certificate");
        }
        if (mode == VerifyMode.FINGERPRINT) {
            return pins.matchesAny(chain) ? Verdict.verified() : Verdict.rejected(Reason.PIN_MISMATCH, pins.mismatch(chain));
        }
        return verifyPath(chain, referenceName, mode == VerifyMode.FULL, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private Verdict verifyPath(List<X509Certificate> chain, String referenceName, boolean checkName, Instant now) {
        X509Certificate leaf = chain.get(0);
        CertificationPath path = buildPath(chain);
        if (path.anchor() == null) {
            return Verdict.rejected(Reason.UNTRUSTED, path.untrusted() + "; trusted are the CAs of " + anchors.description());
        }
        // A leaf that is itself trusted (a pinned self-signed server in tls.trustcerts) is still the
        // server's certificate: its dates and key count.
        List<X509Certificate> judged = path.belowAnchor().isEmpty() ? List.of(leaf) : path.belowAnchor();
        Date date = Date.from(now);
        for (X509Certificate certificate : judged) {
            try {
                certificate.checkValidity(date);
            } catch (CertificateExpiredException e) {
                return Verdict.rejected(Reason.EXPIRED, "certificate " + subject(certificate) + " expired on "
                        + certificate.getNotAfter().toInstant() + " (it is now " + now + ")");
            } catch (CertificateNotYetValidException e) {
                return Verdict.rejected(Reason.NOT_YET_VALID, "certificate " + subject(certificate)
                        + " is valid only from " + certificate.getNotBefore().toInstant() + " (it is now " + now + ")");
            }
        }
        for (X509Certificate certificate : judged) {
            String weakness = weakKey(certificate.getPublicKey());
            if (weakness != null) {
                return Verdict.rejected(Reason.WEAK_KEY, "certificate " + subject(certificate) + " has " + weakness
                        + "; at least " + MIN_RSA_BITS + "-bit RSA or " + MIN_EC_BITS + "-bit EC is required");
            }
        }
        for (X509Certificate certificate : path.belowAnchor()) {
            if (weakSignature(certificate.getSigAlgName())) {
                return Verdict.rejected(Reason.WEAK_SIGNATURE, "certificate " + subject(certificate) + " is signed with "
                        + certificate.getSigAlgName() + "; SHA-1 and MD5 signatures are refused");
            }
        }
        Verdict pkix = validate(path, now);
        if (pkix != null) {
            return pkix;
        }
        String usage = serverAuthMissing(leaf);
        if (usage != null) {
            return Verdict.rejected(Reason.UNTRUSTED, usage);
        }
        if (checkName) {
            var mismatch = ServerIdentity.mismatch(leaf, referenceName);
            if (mismatch.isPresent()) {
                return Verdict.rejected(Reason.NAME_MISMATCH, mismatch.get());
            }
        }
        if (!pins.isEmpty()) {
            Set<X509Certificate> pinnable = new LinkedHashSet<>(chain);
            pinnable.add(path.anchor());
            if (!pins.matchesAny(pinnable)) {
                return Verdict.rejected(Reason.PIN_MISMATCH, pins.mismatch(pinnable));
            }
        }
        return Verdict.verified();
    }

    /**
     * @param belowAnchor leaf first, up to but not including the anchor; empty when the leaf is an anchor
     * @param anchor      the trusted certificate the path ends at, or null
     * @param untrusted   why there is no anchor, when there is none
     */
    private record CertificationPath(List<X509Certificate> belowAnchor, X509Certificate anchor, String untrusted) {
    }

    private CertificationPath buildPath(List<X509Certificate> chain) {
        List<X509Certificate> below = new ArrayList<>();
        List<X509Certificate> unused = new ArrayList<>(chain.subList(1, chain.size()));
        X509Certificate current = chain.get(0);
        while (below.size() < MAX_PATH_LENGTH) {
            if (anchors.contains(current)) {
                return new CertificationPath(below, current, null);
            }
            below.add(current);
            List<X509Certificate> trustedIssuers = anchors.withSubject(current.getIssuerX500Principal());
            X509Certificate anchor = signerAmong(trustedIssuers, current);
            if (anchor != null) {
                return new CertificationPath(below, anchor, null);
            }
            if (!trustedIssuers.isEmpty()) {
                return untrusted("certificate " + subject(current) + " names the trusted CA "
                        + current.getIssuerX500Principal().getName() + " as issuer, but its signature does not verify with that CA's key");
            }
            if (current.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                return untrusted(below.size() == 1
                        ? "certificate " + subject(current) + " is self-signed and not trusted"
                        : "the chain ends at " + subject(current) + ", a root CA that is not trusted");
            }
            X509Certificate issuer = signerAmong(unused, current);
            if (issuer == null) {
                return untrusted("the issuer " + current.getIssuerX500Principal().getName() + " of certificate "
                        + subject(current) + " is not a trusted CA, and the server did not send it");
            }
            unused.remove(issuer);
            current = issuer;
        }
        return untrusted("no trusted CA within " + MAX_PATH_LENGTH + " certificates of " + subject(chain.get(0)));
    }

    private static CertificationPath untrusted(String why) {
        return new CertificationPath(List.of(), null, why);
    }

    private static X509Certificate signerAmong(List<X509Certificate> candidates, X509Certificate certificate) {
        for (X509Certificate candidate : candidates) {
            if (!candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            try {
                certificate.verify(candidate.getPublicKey());
                return candidate;
            } catch (GeneralSecurityException notThisOne) {
                // another certificate with the same name: a CA's key rollover
            }
        }
        return null;
    }

    /** RFC 5280 §6 on the path; null when it holds. The checks above ran first, so their reasons win. */
    private static Verdict validate(CertificationPath path, Instant now) {
        if (path.belowAnchor().isEmpty()) {
            return null;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(path.anchor(), null)));
            // No OCSP or CRL: no network traffic beyond the SMTP connection (see the package documentation).
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path.belowAnchor()), parameters);
            return null;
        } catch (CertPathValidatorException e) {
            Reason reason = e.getReason() == BasicReason.EXPIRED ? Reason.EXPIRED
                    : e.getReason() == BasicReason.NOT_YET_VALID ? Reason.NOT_YET_VALID
                    : Reason.UNTRUSTED;
            String which = e.getIndex() >= 0 && e.getIndex() < path.belowAnchor().size()
                    ? "certificate " + subject(path.belowAnchor().get(e.getIndex())) : "the chain";
            return Verdict.rejected(reason, which + " fails PKIX validation (RFC 5280): " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Verdict.rejected(Reason.UNTRUSTED, "the chain cannot be validated: " + e);
        }
    }

    private static String weakKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return "a " + rsa.getModulus().bitLength() + "-bit RSA key";
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
            return "a " + ec.getParams().getCurve().getField().getFieldSize() + "-bit EC key";
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams().getP().bitLength() < MIN_RSA_BITS) {
            return "a " + dsa.getParams().getP().bitLength() + "-bit DSA key";
        }
        return null;
    }

    private static boolean weakSignature(String algorithm) {
        String name = algorithm.toUpperCase(Locale.ROOT);
        return name.contains("SHA1") || name.contains("SHA-1") || name.startsWith("MD5") || name.startsWith("MD2");
    }

    private static String serverAuthMissing(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages == null || usages.contains(SERVER_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE)) {
                return null;
            }
            return "certificate " + subject(leaf) + " is not for TLS servers: its extended key usage " + usages
                    + " lacks serverAuth (" + SERVER_AUTH + ")";
        } catch (CertificateParsingException e) {
            return "certificate " + subject(leaf) + " has an unreadable extended key usage: " + e.getMessage();
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static Set<String> lowerCase(Set<String> hosts) {
        Set<String> lower = new LinkedHashSet<>();
        for (String host : hosts) {
            lower.add(host.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }
}
