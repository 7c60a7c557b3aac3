package io.sealpost.smtp.config;

/** {@code mail.<protocol>.tls.fallback}: what opportunistic TLS does when the handshake fails. */
public enum TlsFallback {
    NONE, PLAINTEXT
}
