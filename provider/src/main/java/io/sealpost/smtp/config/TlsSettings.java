package io.sealpost.smtp.config;

import java.util.List;
import java.util.Set;

/**
 * Everything that decides how a connection is protected, parsed once from Session properties
 * (SPEC §3.2). Validation happens while parsing; loading key material happens in {@code …tls}.
 *
 * @param policy         {@code tls.policy}; for implicit TLS it is always MANDATORY
 * @param implicit       smtps, or {@code ssl.enable=true}: TLS from the first byte (RFC 8314)
 * @param verify         {@code tls.verify} (or FULL/CHAIN/NONE from {@code ssl.checkserveridentity}, {@code ssl.trust=*})
 * @param pins           {@code tls.pins}: each {@code sha256/<base64>}, normalised
 * @param serverName     {@code tls.servername}, or null for the host connected to
 * @param trust          where trust anchors come from
 * @param identity       the client certificate, if any
 * @param protocols      {@code tls.protocols} (alias {@code ssl.protocols}); never empty, TLSv1.2 floor
 * @param cipherSuites   {@code tls.ciphersuites} (alias {@code ssl.ciphersuites}); empty = engine defaults
 * @param fallback       {@code tls.fallback}
 * @param engine         {@code tls.engine}
 * @param authInsecure   {@code auth.insecure}: allow credentials without verified TLS
 * @param trustedHosts   hosts from {@code ssl.trust} (a host list, not {@code *}), lower-cased: verification is
 *                       skipped for them; empty when {@code tls.verify} is set explicitly
 */
public record TlsSettings(
        TlsPolicy policy,
        boolean implicit,
        VerifyMode verify,
        List<String> pins,
        String serverName,
        TrustSource trust,
        IdentitySource identity,
        List<String> protocols,
        List<String> cipherSuites,
        TlsFallback fallback,
        TlsEngine engine,
        boolean authInsecure,
        Set<String> trustedHosts) {

    public TlsSettings {
        pins = List.copyOf(pins);
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        trustedHosts = Set.copyOf(trustedHosts);
    }

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
}
