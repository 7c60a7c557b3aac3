package io.sealpost.smtp.testserver;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.security.KeyStore;

/**
 * One throw-away CA per test JVM and the identities most tests need; tests that attack certificates issue
 * their own from {@link #ca()} (expired, wrong name, weak key…) or use {@link ThrowawayCa#selfSigned}.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    private static final class Holder {
        static final ThrowawayCa CA = ThrowawayCa.create("Sealpost Test CA");
        static final ThrowawayCa.Issued SERVER = CA.issue(SmtpTestServer.HOSTNAME)
                .dnsNames(SmtpTestServer.HOSTNAME, "localhost").ipAddresses("127.0.0.1").issue();
        static final ThrowawayCa.Issued CLIENT = CA.issue("alice").clientAuth().issue();
    }

    /** The CA every certificate here chains to: the client's trust anchor. */
    public static ThrowawayCa ca() {
        return Holder.CA;
    }

    /** A PKCS12 trust store holding only {@link #ca()}. */
    public static KeyStore trustStore() {
        return Holder.CA.trustStore();
    }

    /** A valid server certificate for mail.test, localhost and 127.0.0.1. */
    public static ThrowawayCa.Issued server() {
        return Holder.SERVER;
    }

    /** A valid client certificate (CN=alice, extendedKeyUsage clientAuth). */
    public static ThrowawayCa.Issued client() {
        return Holder.CLIENT;
    }
}
