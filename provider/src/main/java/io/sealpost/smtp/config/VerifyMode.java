package io.sealpost.smtp.config;

/** {@code mail.<protocol>.tls.verify}: how the server certificate is judged (SPEC §3.2, §4.4). */
public enum VerifyMode {
    /** PKIX chain to a trust anchor plus RFC 6125/7817 host name rules, key strength, no SHA-1. */
    FULL,
    /** PKIX chain, key strength and signatures, without the host name. */
    CHAIN,
    /** Only the {@code tls.pins}. */
    FINGERPRINT,
    /** Nothing: encrypted but never "verified". */
    NONE
}
