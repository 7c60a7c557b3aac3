package io.sealpost.smtp.tls;

import io.sealpost.smtp.config.IdentitySource;
import io.sealpost.smtp.config.Secret;
import io.sealpost.smtp.config.TlsEngine;
import io.sealpost.smtp.config.TlsFallback;
import io.sealpost.smtp.config.TlsPolicy;
import io.sealpost.smtp.config.TlsSettings;
import io.sealpost.smtp.config.TrustSource;
import io.sealpost.smtp.config.VerifyMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** TlsSettings for tests, built directly (the settings parser is another unit): full verification, Conscrypt. */
final class TestSettings {
    private VerifyMode verify = VerifyMode.FULL;
    private List<String> pins = List.of();
    private String serverName;
    private TrustSource trust = TrustSource.JVM_DEFAULT;
    private IdentitySource identity = IdentitySource.NONE;
    private List<String> protocols = TlsSettings.DEFAULT_PROTOCOLS;
    private List<String> cipherSuites = List.of();
    private TlsEngine engine = TlsEngine.CONSCRYPT;
    private boolean authInsecure;
    private Set<String> trustedHosts = Set.of();

    static TestSettings trusting(Path pemFile) {
        return new TestSettings().trust(new TrustSource(null, null, null, pemFile));
    }

    static TestSettings defaults() {
        return new TestSettings();
    }

    TestSettings verify(VerifyMode verify) {
        this.verify = verify;
        return this;
    }

    TestSettings pins(String... pins) {
        this.pins = List.of(pins);
        return this;
    }

    TestSettings serverName(String serverName) {
        this.serverName = serverName;
        return this;
    }

    TestSettings trust(TrustSource trust) {
        this.trust = trust;
        return this;
    }

    TestSettings identity(IdentitySource identity) {
        this.identity = identity;
        return this;
    }

    TestSettings keyStore(Path file, String password, String alias) {
        return identity(new IdentitySource(file, null, Secret.of(password), alias, null, null, null));
    }

    TestSettings pemIdentity(Path certificate, Path key) {
        return identity(new IdentitySource(null, null, null, null, null, certificate, key));
    }

    TestSettings protocols(String... protocols) {
        this.protocols = List.of(protocols);
        return this;
    }

    TestSettings cipherSuites(String... suites) {
        this.cipherSuites = List.of(suites);
        return this;
    }

    TestSettings engine(TlsEngine engine) {
        this.engine = engine;
        return this;
    }

    TestSettings authInsecure(boolean authInsecure) {
        this.authInsecure = authInsecure;
        return this;
    }

    TestSettings trustedHosts(String... hosts) {
        this.trustedHosts = Set.of(hosts);
        return this;
    }

    TlsSettings build() {
        return new TlsSettings(TlsPolicy.MANDATORY, false, verify, pins, serverName, trust, identity, protocols,
                cipherSuites, TlsFallback.NONE, engine, authInsecure, trustedHosts);
    }

    TlsClient client() throws Exception {
        return TlsClient.create(build(), "mail.smtp.");
    }
}
