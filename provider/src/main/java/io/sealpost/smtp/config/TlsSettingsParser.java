package io.sealpost.smtp.config;

import static io.sealpost.smtp.config.SessionProperties.invalid;
import static io.sealpost.smtp.config.SessionProperties.shown;

import io.sealpost.smtp.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * {@code mail.<protocol>.tls.*}, {@code auth.insecure} and the Angus TLS aliases ({@code starttls.*},
 * {@code ssl.enable}, {@code ssl.trust}, {@code ssl.checkserveridentity}, {@code ssl.protocols},
 * {@code ssl.ciphersuites}) to one {@link TlsSettings} (SPEC §3.2). An explicit {@code tls.*} key
 * always wins over its Angus alias; the alias then has no effect (it is still checked for
 * well-formedness, so a malformed value never passes unnoticed).
 */
final class TlsSettingsParser {
    /** Every {@code tls.*} name; anything else under {@code tls.} is a typo and fails. */
    static final List<String> KNOWN_KEYS = List.of(
            "tls.policy", "tls.verify", "tls.pins", "tls.servername",
            "tls.truststore", "tls.truststore.type", "tls.truststore.password", "tls.trustcerts",
            "tls.keystore", "tls.keystore.type", "tls.keystore.password", "tls.key.alias", "tls.key.password",
            "tls.cert", "tls.key", "tls.protocols", "tls.ciphersuites", "tls.fallback", "tls.engine");

    static final String LOGGER_NAME = "io.sealpost.smtp";

    private static final AtomicBoolean TRUST_ALL_WARNED = new AtomicBoolean();
    private static final List<String> KEYSTORE_TYPES = List.of("PKCS12", "JKS");
    private static final Pattern CIPHER_SUITE_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    private final SessionProperties properties;

    private TlsSettingsParser(SessionProperties properties) {
        this.properties = properties;
    }

    static TlsSettings parse(SessionProperties properties) throws InvalidConfigurationException {
        return new TlsSettingsParser(properties).parse();
    }

    private TlsSettings parse() throws InvalidConfigurationException {
        rejectUnknownTlsKeys();
        boolean implicit = properties.protocol().equals("smtps") || properties.flag(key("ssl.enable"), false);
        TlsPolicy policy = policy(implicit);

        Verification verification = verification();
        List<String> pins = pins(verification.mode());
        String serverName = serverName();
        TrustSource trust = trust();
        IdentitySource identity = identity();
        List<String> protocols = protocols();
        List<String> cipherSuites = cipherSuites();
        TlsFallback fallback = fallback(policy, implicit);
        TlsEngine engine = properties.choice(key("tls.engine"), TlsEngine.class, TlsEngine.CONSCRYPT);

        return new TlsSettings(policy, implicit, verification.mode(), pins, serverName, trust, identity,
                protocols, cipherSuites, fallback, engine, verification.authInsecure(), verification.trustedHosts());
    }

    private void rejectUnknownTlsKeys() throws InvalidConfigurationException {
        String prefix = key("tls");
        for (String name : properties.names()) {
            boolean tlsKey = name.equals(prefix) || name.startsWith(prefix + ".");
            if (tlsKey && !KNOWN_KEYS.contains(name.substring(key("").length()))) {
                List<String> known = new ArrayList<>();
                for (String k : KNOWN_KEYS) {
                    known.add(key(k));
                }
                throw invalid(name, "is not a Sealpost key (a typo?). The TLS keys are: " + String.join(", ", known)
                        + ", and " + key("auth.insecure"));
            }
        }
    }

    /**
     * An explicit {@code tls.policy} wins. Otherwise {@code starttls.required=true} means mandatory, as
     * in Angus (where required implies enable). An unset {@code starttls.enable} does not mean "no
     * STARTTLS": Sealpost is secure by default and tries STARTTLS whenever offered. Only an explicit
     * {@code starttls.enable=false} means {@code none}: that user asked for no STARTTLS.
     */
    private TlsPolicy policy(boolean implicit) throws InvalidConfigurationException {
        TlsPolicy explicit = properties.choice(key("tls.policy"), TlsPolicy.class, null);
        Boolean enable = properties.flag(key("starttls.enable"));
        boolean required = properties.flag(key("starttls.required"), false);
        if (implicit) {
            if (explicit != null && explicit != TlsPolicy.MANDATORY) {
                throw invalid(key("tls.policy"), "must be mandatory (or unset) with implicit TLS ("
                        + implicitReason() + "): the connection is TLS from the first byte (RFC 8314);"
                        + " was " + shown(key("tls.policy"), explicit.name().toLowerCase(Locale.ROOT)));
            }
            return TlsPolicy.MANDATORY;
        }
        if (explicit != null) {
            return explicit;
        }
        if (required) {
            return TlsPolicy.MANDATORY;
        }
        return Boolean.FALSE.equals(enable) ? TlsPolicy.NONE : TlsPolicy.OPPORTUNISTIC;
    }

    private String implicitReason() {
        return properties.protocol().equals("smtps") ? "protocol smtps" : key("ssl.enable") + "=true";
    }

    private record Verification(VerifyMode mode, boolean authInsecure, Set<String> trustedHosts) {
    }

    /**
     * An explicit {@code tls.verify} wins and {@code ssl.trust} / {@code ssl.checkserveridentity} then
     * have no effect (no trusted hosts, no trust-all warning). Otherwise {@code ssl.trust=*} (Angus's trust-all) means verify=none and, unless
     * {@code auth.insecure} says otherwise, auth.insecure=true, since an Angus set-up with trust-all
     * did send its credentials; {@code ssl.trust=<hosts>} skips verification for those hosts only;
     * {@code ssl.checkserveridentity=false} means chain.
     */
    private Verification verification() throws InvalidConfigurationException {
        VerifyMode explicit = properties.choice(key("tls.verify"), VerifyMode.class, null);
        Boolean authInsecure = properties.flag(key("auth.insecure"));
        Boolean checkServerIdentity = properties.flag(key("ssl.checkserveridentity"));
        List<String> trust = properties.words(key("ssl.trust"));
        boolean insecure = Boolean.TRUE.equals(authInsecure);
        if (explicit != null) {
            return new Verification(explicit, insecure, Set.of());
        }
        if (List.of("*").equals(trust)) {
            warnTrustAllOnce();
            return new Verification(VerifyMode.NONE, authInsecure == null || authInsecure, Set.of());
        }
        Set<String> trustedHosts = new LinkedHashSet<>();
        if (trust != null) {
            for (String host : trust) {
                if (host.contains("*")) {
                    throw invalid(key("ssl.trust"), "must be '*' alone (trust every server) or a whitespace-separated"
                            + " list of host names; was " + shown(key("ssl.trust"), String.join(" ", trust)));
                }
                trustedHosts.add(host.toLowerCase(Locale.ROOT));
            }
        }
        VerifyMode mode = Boolean.FALSE.equals(checkServerIdentity) ? VerifyMode.CHAIN : VerifyMode.FULL;
        return new Verification(mode, insecure, trustedHosts);
    }

    /** For tests of the once-per-JVM warning. */
    static void resetTrustAllWarning() {
        TRUST_ALL_WARNED.set(false);
    }

    private void warnTrustAllOnce() {
        if (TRUST_ALL_WARNED.compareAndSet(false, true)) {
            System.getLogger(LOGGER_NAME).log(System.Logger.Level.WARNING,
                    key("ssl.trust") + "=* trusts every server certificate: connections are encrypted but not"
                            + " authenticated, and credentials are sent anyway (auth.insecure=true). Configure"
                            + " " + key("tls.truststore") + " or " + key("tls.trustcerts")
                            + " (or " + key("tls.pins") + ") instead.");
        }
    }

    /** {@code sha256/<base64>}: the SHA-256 digest of the certificate's SubjectPublicKeyInfo (RFC 7469 §2.4). */
    private List<String> pins(VerifyMode verify) throws InvalidConfigurationException {
        String pinsKey = key("tls.pins");
        List<String> listed = properties.list(pinsKey);
        List<String> pins = new ArrayList<>();
        if (listed != null) {
            String expected = "must list pins of the form sha256/<base64 of the 32-byte SHA-256 digest of the"
                    + " server's SubjectPublicKeyInfo>, for example sha256/" + Base64.getEncoder()
                    .encodeToString(new byte[PinSyntax.DIGEST_BYTES]);
            for (String pin : listed) {
                String normalised;
                try {
                    normalised = PinSyntax.of(PinSyntax.digest(pin));
                } catch (IllegalArgumentException e) {
                    throw invalid(pinsKey, expected + "; was '" + pin + "' (" + e.getMessage() + ")");
                }
                if (!pins.contains(normalised)) {
                    pins.add(normalised);
                }
            }
        }
        if (verify == VerifyMode.FINGERPRINT && pins.isEmpty()) {
            throw invalid(pinsKey, "must list at least one pin when " + key("tls.verify") + "=fingerprint"
                    + " (the pins are then the only check of the server)");
        }
        if (verify == VerifyMode.NONE && !pins.isEmpty()) {
            throw invalid(pinsKey, "would never be checked: verification is none (from " + key("tls.verify")
                    + " or " + key("ssl.trust") + "=*). Set " + key("tls.verify") + "=fingerprint to check only"
                    + " the pins, or full to check them in addition to the chain and name");
        }
        return pins;
    }

    private String serverName() throws InvalidConfigurationException {
        String nameKey = key("tls.servername");
        String value = properties.text(nameKey);
        if (value == null) {
            return null;
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!DNS_NAME.matcher(name).matches() && !IPV6_LITERAL.matcher(name).matches()) {
            throw invalid(nameKey, "must be a host name (letters, digits, hyphens, dots) or an IP literal,"
                    + " as in the server's certificate; was " + shown(nameKey, value));
        }
        return name;
    }

    /** Unset: {@link TrustSource#JVM_DEFAULT}; the {@code …tls} package reads the JDK's default trust itself. */
    private TrustSource trust() throws InvalidConfigurationException {
        Path truststore = properties.file(key("tls.truststore"));
        String type = keystoreType(key("tls.truststore.type"), properties.text(key("tls.truststore.type")));
        Secret password = properties.secret(key("tls.truststore.password"));
        Path trustCerts = properties.file(key("tls.trustcerts"));
        if (truststore == null) {
            requireStore(key("tls.truststore.type"), type != null, key("tls.truststore"));
            requireStore(key("tls.truststore.password"), password != null, key("tls.truststore"));
            if (trustCerts == null) {
                return TrustSource.JVM_DEFAULT;
            }
        }
        return new TrustSource(truststore, type, password, trustCerts);
    }

    /**
     * {@code tls.keystore} or {@code tls.cert}+{@code tls.key}; when neither is set, the
     * {@code javax.net.ssl.keyStore*} system properties, as the JDK's default SSLContext would present
     * them ({@code NONE}, the JDK's marker for a PKCS#11 token, means no identity here).
     */
    private IdentitySource identity() throws InvalidConfigurationException {
        Path keystore = properties.file(key("tls.keystore"));
        String type = keystoreType(key("tls.keystore.type"), properties.text(key("tls.keystore.type")));
        Secret password = properties.secret(key("tls.keystore.password"));
        String alias = properties.text(key("tls.key.alias"));
        Secret keyPassword = properties.secret(key("tls.key.password"));
        Path certificate = properties.file(key("tls.cert"));
        Path privateKey = properties.file(key("tls.key"));

        if (certificate != null && privateKey == null) {
            throw invalid(key("tls.cert"), "is set but " + key("tls.key") + " is not: a client certificate needs"
                    + " its PKCS#8 private key");
        }
        if (privateKey != null && certificate == null) {
            throw invalid(key("tls.key"), "is set but " + key("tls.cert") + " is not: a private key needs its"
                    + " certificate chain");
        }
        if (keystore != null && certificate != null) {
            throw invalid(key("tls.cert"), "and " + key("tls.keystore") + " are both set: choose one client"
                    + " identity, a keystore or a PEM certificate and key");
        }
        if (keystore == null) {
            requireStore(key("tls.keystore.type"), type != null, key("tls.keystore"));
            requireStore(key("tls.keystore.password"), password != null, key("tls.keystore"));
        }
        if (certificate != null) {
            if (alias != null) {
                throw invalid(key("tls.key.alias"), "applies to " + key("tls.keystore") + " only: " + key("tls.key")
                        + " holds a single key; was " + shown(key("tls.key.alias"), alias));
            }
            return new IdentitySource(null, null, null, null, keyPassword, certificate, privateKey);
        }
        if (keystore == null) {
            String systemStore = System.getProperty("javax.net.ssl.keyStore");
            if (systemStore != null && !systemStore.isBlank() && !systemStore.trim().equals("NONE")) {
                keystore = SessionProperties.existingFile("javax.net.ssl.keyStore", systemStore.trim());
                String systemType = System.getProperty("javax.net.ssl.keyStoreType");
                type = keystoreType("javax.net.ssl.keyStoreType", systemType == null ? null : systemType.trim());
                password = Secret.of(System.getProperty("javax.net.ssl.keyStorePassword"));
            }
        }
        if (keystore == null) {
            if (alias != null || keyPassword != null) {
                String orphan = alias != null ? key("tls.key.alias") : key("tls.key.password");
                throw invalid(orphan, "is set but there is no client identity: set " + key("tls.keystore")
                        + " or " + key("tls.cert") + " and " + key("tls.key"));
            }
            return IdentitySource.NONE;
        }
        return new IdentitySource(keystore, type, password, alias, keyPassword, null, null);
    }

    private static void requireStore(String fullKey, boolean set, String storeKey) throws InvalidConfigurationException {
        if (set) {
            throw invalid(fullKey, "is set but " + storeKey + " is not: it describes that keystore");
        }
    }

    /** PKCS12 or JKS, case-insensitive, upper-cased; null when unset (the {@code …tls} package infers it). */
    private static String keystoreType(String fullKey, String value) throws InvalidConfigurationException {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String type = value.toUpperCase(Locale.ROOT);
        if (!KEYSTORE_TYPES.contains(type)) {
            throw invalid(fullKey, "must be PKCS12 or JKS; was " + shown(fullKey, value));
        }
        return type;
    }

    /**
     * TLS 1.2 is the floor: TLS 1.0 and 1.1 are deprecated by RFC 8996, SSL 3.0 by RFC 7568, and
     * RFC 8314 §4.1 asks for TLS 1.2 or later for mail submission.
     */
    private List<String> protocols() throws InvalidConfigurationException {
        String listKey = aliased("tls.protocols", "ssl.protocols");
        List<String> listed = properties.list(listKey);
        if (listed == null) {
            return TlsSettings.DEFAULT_PROTOCOLS;
        }
        Set<String> protocols = new LinkedHashSet<>();
        for (String protocol : listed) {
            String known = null;
            for (String allowed : TlsSettings.DEFAULT_PROTOCOLS) {
                if (allowed.equalsIgnoreCase(protocol)) {
                    known = allowed;
                }
            }
            if (known == null) {
                String why = protocol.toUpperCase(Locale.ROOT).matches("TLSV1(\\.[01])?|SSLV[23]|SSLV2HELLO")
                        ? " (TLS 1.2 is the floor: TLS 1.0 and 1.1 are deprecated by RFC 8996, SSL by RFC 7568)"
                        : "";
                throw invalid(listKey, "must list TLSv1.3 and/or TLSv1.2; was '" + protocol + "'" + why);
            }
            protocols.add(known);
        }
        return List.copyOf(protocols);
    }

    /**
     * Suite names are passed to the engine as given; suites that give no confidentiality or
     * authentication (NULL, anon, EXPORT) or rely on broken primitives (RC4: RFC 7465, DES/3DES:
     * SWEET32, MD5) are refused here rather than left to the engine's disabled list.
     */
    private List<String> cipherSuites() throws InvalidConfigurationException {
        String listKey = aliased("tls.ciphersuites", "ssl.ciphersuites");
        List<String> listed = properties.list(listKey);
        if (listed == null) {
            return List.of();
        }
        for (String suite : listed) {
            if (!CIPHER_SUITE_NAME.matcher(suite).matches()) {
                throw invalid(listKey, "must list cipher suite names such as TLS_AES_128_GCM_SHA256 or"
                        + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; was '" + suite + "'");
            }
            String upper = suite.toUpperCase(Locale.ROOT);
            for (String weak : List.of("_NULL_", "_ANON_", "EXPORT", "_RC4_", "_DES", "3DES", "_MD5")) {
                if (upper.contains(weak)) {
                    throw invalid(listKey, "must not list weak suites (NULL, anon, EXPORT, RC4, DES, 3DES, MD5);"
                            + " was '" + suite + "'");
                }
            }
        }
        return listed;
    }

    private TlsFallback fallback(TlsPolicy policy, boolean implicit) throws InvalidConfigurationException {
        String fallbackKey = key("tls.fallback");
        TlsFallback fallback = properties.choice(fallbackKey, TlsFallback.class, TlsFallback.NONE);
        if (fallback == TlsFallback.PLAINTEXT) {
            if (implicit) {
                throw invalid(fallbackKey, "must be none with implicit TLS (" + implicitReason()
                        + "): the connection is TLS from the first byte, there is no plaintext to fall back to;"
                        + " was 'plaintext'");
            }
            if (policy != TlsPolicy.OPPORTUNISTIC) {
                throw invalid(fallbackKey, "must be none unless " + key("tls.policy") + " is opportunistic; the policy"
                        + " is " + policy.name().toLowerCase(Locale.ROOT)
                        + (policy == TlsPolicy.MANDATORY ? ", which never retries in plaintext (SPEC §4.1)"
                        : ", which never tries TLS, so there is nothing to fall back from")
                        + "; was 'plaintext'");
            }
        }
        return fallback;
    }

    /** The explicit Sealpost key when set, else the Angus alias. */
    private String aliased(String sealpostName, String angusName) {
        return properties.isSet(key(sealpostName)) || !properties.isSet(key(angusName))
                ? key(sealpostName) : key(angusName);
    }

    private String key(String name) {
        return properties.key(name);
    }
}
