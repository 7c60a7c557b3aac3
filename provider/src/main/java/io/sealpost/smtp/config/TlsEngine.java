package io.sealpost.smtp.config;

/** {@code mail.<protocol>.tls.engine}: which JSSE provider runs TLS. */
public enum TlsEngine {
    CONSCRYPT, JDK
}
