package io.sealpost.smtp.config;

/** {@code mail.<protocol>.tls.policy}: whether STARTTLS is skipped, tried, or required (SPEC §4.1–4.2). */
public enum TlsPolicy {
    NONE, OPPORTUNISTIC, MANDATORY
}
