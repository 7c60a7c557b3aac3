package io.sealpost.smtp.tls;

import io.sealpost.smtp.CertificateRejectedException;
import io.sealpost.smtp.InvalidConfigurationException;
import io.sealpost.smtp.TlsHandshakeException;
import io.sealpost.smtp.config.TlsEngine;
import io.sealpost.smtp.config.TlsSettings;
import io.sealpost.smtp.config.VerifyMode;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.conscrypt.Conscrypt;

/**
 * The TLS client of one Jakarta Mail Session: its trust anchors, client identity, engine and session
 * cache. Build it once per Session and reuse it for every connection, so that later connections to the
 * same host and port resume the TLS session (SPEC §7).
 *
 * <p>One {@link SSLContext} serves strict and opportunistic connections alike. That is safe because the
 * verdict on every connection comes from one place, {@link ServerCertificateVerifier}, applied to the
 * session's peer certificates after the handshake, and a resumed session is judged like a new one: a
 * session first accepted unverified by an opportunistic connection is rejected when a strict connection
 * resumes it. In addition, a strict connection is failed inside the trust manager during a full
 * handshake, before the client certificate is sent.
 *
 * <p>Thread-safe: connections may be opened from several threads at once.
 */
public final class TlsClient {
    /** TLS 1.0 and 1.1 are deprecated by RFC 8996 and never enabled, whatever tls.protocols says. */
    private static final Set<String> BELOW_FLOOR = Set.of("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1");
    /** The cipher suites of RFC 8446 §B.4. */
    private static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");
    private static final Pattern JDK_ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    private static final Pattern BORINGSSL_ALERT = Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z0-9_]+)");
    private static final Pattern BORINGSSL_REASON = Pattern.compile("OPENSSL_internal:([A-Z0-9_]+)");

    private final TlsSettings settings;
    private final String engineName;
    private final boolean conscrypt;
    private final Provider provider;
    private final KeyManager[] keyManagers;
    private final ServerTrustManager trustManager;
    /** Replaced, with its session cache, when a session must never be resumed again: see {@link #forgetSessions}. */
    private volatile SSLSocketFactory factory;
    private final ServerCertificateVerifier verifier;
    private final String[] protocols;
    private final String[] cipherSuites;

    private TlsClient(TlsSettings settings, String engineName, boolean conscrypt, Provider provider, SSLContext context,
            KeyManager[] keyManagers, ServerTrustManager trustManager, ServerCertificateVerifier verifier,
            String[] protocols, String[] cipherSuites) {
        this.settings = settings;
        this.engineName = engineName;
        this.conscrypt = conscrypt;
        this.provider = provider;
        this.keyManagers = keyManagers;
        this.factory = context.getSocketFactory();
        this.trustManager = trustManager;
        this.verifier = verifier;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
    }

    /**
     * Loads trust anchors and the client identity and builds the engine's {@link SSLContext}. No network.
     *
     * @param keyPrefix the prefix of every key in messages, e.g. {@code mail.smtp.}
     * @throws InvalidConfigurationException naming the full key ({@code keyPrefix + "tls.truststore"}, …) for an
     *         unreadable or invalid keystore or PEM file, a wrong password, an unknown alias, a keystore with
     *         no key entry or several and no alias, an unknown protocol or cipher suite, an invalid pin, or
     *         an engine that cannot run here. Passwords never appear in messages.
     */
    public static TlsClient create(TlsSettings settings, String keyPrefix) throws InvalidConfigurationException {
        return create(settings, keyPrefix, Clock.systemUTC());
    }

    /** With the clock certificate validity is judged by: tests move it past a certificate's expiry. */
    static TlsClient create(TlsSettings settings, String keyPrefix, Clock clock) throws InvalidConfigurationException {
        Pins pins = Pins.parse(settings.pins(), keyPrefix + "tls.pins");
        if (settings.verify() == VerifyMode.FINGERPRINT && pins.isEmpty()) {
            throw new InvalidConfigurationException(keyPrefix + "tls.pins", keyPrefix
                    + "tls.verify=fingerprint needs at least one pin in " + keyPrefix + "tls.pins (sha256/<base64>)");
        }
        if (settings.serverName() != null) {
            sniHostName(settings.serverName(), keyPrefix + "tls.servername");
        }
        boolean needsAnchors = settings.verify() == VerifyMode.FULL || settings.verify() == VerifyMode.CHAIN;
        // An explicit trust store is loaded even when unused, so a broken one is reported, not ignored.
        TrustAnchors anchors = needsAnchors || !settings.trust().jvmDefault()
                ? TrustAnchors.load(settings.trust(), keyPrefix) : TrustAnchors.none();
        ClientIdentity identity = ClientIdentity.load(settings.identity(), keyPrefix);
        ServerCertificateVerifier verifier = new ServerCertificateVerifier(
                settings.verify(), anchors, pins, settings.trustedHosts(), keyPrefix, clock);
        ServerTrustManager trustManager = new ServerTrustManager(verifier);
        KeyManager[] keyManagers = {new ClientKeyManager(identity, trustManager::current, settings.authInsecure())};

        boolean conscrypt = settings.engine() == TlsEngine.CONSCRYPT;
        Provider provider = conscrypt ? ConscryptHolder.provider(keyPrefix) : sunJsse();
        SSLContext context;
        try {
            context = newContext(provider, keyManagers, trustManager);
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(keyPrefix + "tls.engine", keyPrefix + "tls.engine="
                    + settings.engine().name().toLowerCase(Locale.ROOT) + " cannot create a TLS context: " + e.getMessage(), e);
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        String[] protocols = protocols(settings.protocols(), supported.getProtocols(), keyPrefix + "tls.protocols");
        String[] cipherSuites = cipherSuites(settings.cipherSuites(), supported.getCipherSuites(), keyPrefix + "tls.ciphersuites");
        if (conscrypt) {
            protocols = honourTls13SuitesOnBoringSsl(protocols, cipherSuites, supported.getCipherSuites(), keyPrefix);
        }
        String engineName = conscrypt ? "Conscrypt " + Conscrypt.version().major() + "." + Conscrypt.version().minor()
                + "." + Conscrypt.version().patch() : "JDK " + context.getProvider().getName();
        return new TlsClient(settings, engineName, conscrypt, provider, context, keyManagers, trustManager, verifier,
                protocols, cipherSuites);
    }

    /**
     * Layers TLS over a connected socket, runs the handshake now, and judges the server's certificate. For
     * STARTTLS pass the SMTP connection's socket after the 220 reply; for implicit TLS a fresh TCP socket. The
     * caller sets the socket's read timeout first; it bounds the handshake.
     *
     * <p>The name verified is {@code tls.servername}, else {@code host}; it is sent as SNI unless it is an IP
     * literal (RFC 6066 §3). {@code host} and {@code port} also key the session cache. With TLS 1.3 a server
     * that refuses the client certificate says so after the client's handshake is done: that alert arrives on
     * the first read, as an {@link javax.net.ssl.SSLException}.
     *
     * @param requireVerified true: a certificate failing {@code tls.verify} or {@code tls.pins} aborts the handshake
     *        (during it, before any client certificate, whenever the server sends its certificate) and throws;
     *        false (opportunistic, RFC 7435): the connection goes on and the result says {@code verified=false} and why.
     *        With {@code tls.verify=none}, or for a host listed in {@code ssl.trust}, nothing is checked and nothing
     *        fails: the result says {@code verified=false}, "not checked", and the caller decides about credentials
     * @throws CertificateRejectedException the certificate failed and {@code requireVerified}; the socket is closed
     * @throws TlsHandshakeException the handshake failed (no common protocol or suite, an alert, a reset); the socket is closed
     * @throws SocketTimeoutException as thrown by the socket, the very instance; the socket is closed
     * @throws IOException the TLS socket could not be created; the socket is closed
     */
    public TlsConnection handshake(Socket connected, String host, int port, boolean requireVerified)
            throws IOException, TlsHandshakeException, CertificateRejectedException {
        String referenceName = settings.serverName() != null ? settings.serverName() : host;
        Handshake attempt = new Handshake(host, referenceName, requireVerified);
        SSLSocket socket = null;
        try {
            socket = (SSLSocket) factory.createSocket(connected, host, port, true);
            configure(socket, referenceName);
            trustManager.during(attempt, socket::startHandshake);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket != null ? socket : connected);
            SocketTimeoutException timeout = timeoutIn(e);
            if (timeout != null) {
                throw timeout;
            }
            Verdict verdict = attempt.serverVerdict();
            if (requireVerified && verdict != null && verdict.isRejected()) {
                throw rejected(host, port, verdict, e);
            }
            throw handshakeFailed(host, port, attempt, e);
        }
        return judge(socket, attempt, port);
    }

    /** After the handshake, full or resumed: one verdict from the session's peer certificates. */
    private TlsConnection judge(SSLSocket socket, Handshake attempt, int port) throws CertificateRejectedException {
        SSLSession session = socket.getSession();
        List<X509Certificate> chain = peerCertificates(session);
        Verdict verdict = verifier.verify(chain, attempt.host(), attempt.referenceName());
        if (verdict.isRejected()) {
            // Never resume a rejected session: once the server's certificate is fixed, the next connection
            // must see the new one, not the old one the session remembers.
            session.invalidate();
            forgetSessions();
            if (attempt.requireVerified()) {
                closeQuietly(socket);
                throw rejected(attempt.host(), port, verdict, null);
            }
        }
        return new TlsConnection(socket, session.getProtocol(), session.getCipherSuite(), verdict.isVerified(),
                verdict.failure(), chain, !attempt.fullHandshake());
    }

    private static SSLContext newContext(Provider provider, KeyManager[] keyManagers, TrustManager trustManager)
            throws GeneralSecurityException {
        SSLContext context = provider == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", provider);
        context.init(keyManagers, new TrustManager[] {trustManager}, null);
        return context;
    }

    /**
     * Starts a new, empty session cache. {@link SSLSession#invalidate()} is not enough with Conscrypt: it
     * expires the one session object, but a TLS 1.2 server that renews its ticket on resumption (RFC 5077
     * §3.3; the JDK's server does) has already given the client a fresh session of the same handshake,
     * cached beside it. Sessions of other hosts go too; a rejection is rare, a full handshake cheap.
     */
    private void forgetSessions() {
        try {
            factory = newContext(provider, keyManagers, trustManager).getSocketFactory();
        } catch (GeneralSecurityException e) {
            // it worked in create(); if it fails now, the old cache stays and every resumption is judged anyway
        }
    }

    private void configure(SSLSocket socket, String referenceName) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols);
        if (cipherSuites.length > 0) {
            parameters.setCipherSuites(cipherSuites);
        }
        // RFC 6066 §3: SNI carries a DNS name, never an IP literal, and no trailing dot.
        String sni = ServerIdentity.ipLiteral(referenceName) == null ? withoutTrailingDot(referenceName) : null;
        SNIHostName serverName = sni == null ? null : sniHostNameOrNull(sni);
        parameters.setServerNames(serverName == null ? List.of() : List.of(serverName));
        parameters.setEndpointIdentificationAlgorithm(null); // ServerIdentity checks the name, for every engine
        socket.setSSLParameters(parameters);
        if (conscrypt) {
            // RFC 5077 tickets: what servers without a session cache (Postfix's default) resume TLS 1.2 with.
            Conscrypt.setUseSessionTickets(socket, true);
        }
    }

    private CertificateRejectedException rejected(String host, int port, Verdict verdict, Exception cause) {
        String message = host + ":" + port + ": server certificate rejected (" + Verdict.describe(verdict.reason()) + "): "
                + verdict.explanation();
        return cause == null ? new CertificateRejectedException(verdict.reason(), message)
                : new CertificateRejectedException(verdict.reason(), message, cause);
    }

    private TlsHandshakeException handshakeFailed(String host, int port, Handshake attempt, Exception e) {
        String alert = alertOf(e);
        StringBuilder message = new StringBuilder("TLS handshake with ").append(host).append(':').append(port)
                .append(" failed (").append(engineName).append("): ").append(alert);
        if (alert.equals("protocol_version") || alert.equals("unsupported_protocol")
                || alert.startsWith("No appropriate protocol")) {
            message.append("; Sealpost offered ").append(Arrays.toString(protocols))
                    .append(" and never TLS 1.0 or 1.1 (RFC 8996)");
        } else if (alert.equals("handshake_failure") || alert.equals("no_shared_cipher")) {
            message.append("; Sealpost offered ").append(Arrays.toString(protocols)).append(" with ")
                    .append(cipherSuites.length == 0 ? "the engine's default cipher suites" : Arrays.toString(cipherSuites));
        }
        if (attempt.wasClientCertificateWithheld()) {
            message.append("; the client certificate was withheld because the server certificate failed verification (")
                    .append(attempt.serverVerdict().failure().orElse("")).append(')');
        }
        return new TlsHandshakeException(message.toString(), alert, e);
    }

    /** The TLS alert (RFC 8446 §6) or engine reason that ended the handshake, as the RFC spells it. */
    static String alertOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getMessage();
            if (text == null) {
                continue;
            }
            Matcher jdk = JDK_ALERT.matcher(text);
            if (jdk.find()) {
                return jdk.group(1);
            }
            Matcher boringAlert = BORINGSSL_ALERT.matcher(text);
            if (boringAlert.find()) {
                return boringAlert.group(1).toLowerCase(Locale.ROOT);
            }
            Matcher boringReason = BORINGSSL_REASON.matcher(text);
            if (boringReason.find()) {
                return boringReason.group(1).toLowerCase(Locale.ROOT);
            }
        }
        String text = failure.getMessage();
        return text == null || text.isBlank() ? failure.getClass().getSimpleName() : text.lines().findFirst().orElse(text);
    }

    private static SocketTimeoutException timeoutIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException timeout) {
                return timeout;
            }
        }
        return null;
    }

    private static List<X509Certificate> peerCertificates(SSLSession session) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (SSLPeerUnverifiedException anonymous) {
            return List.of(); // judged as "the server sent no certificate"
        }
    }

    private static String[] protocols(List<String> configured, String[] supported, String key) throws InvalidConfigurationException {
        List<String> wanted = configured.isEmpty() ? TlsSettings.DEFAULT_PROTOCOLS : configured;
        List<String> available = Arrays.asList(supported);
        for (String protocol : wanted) {
            if (BELOW_FLOOR.contains(protocol)) {
                throw new InvalidConfigurationException(key, key + ": " + protocol
                        + " is never enabled (RFC 8996 deprecates TLS 1.0 and 1.1); use TLSv1.3,TLSv1.2");
            }
            if (!available.contains(protocol)) {
                throw new InvalidConfigurationException(key, key + ": " + protocol + " is not a protocol of this engine; it has "
                        + available.stream().filter(p -> !BELOW_FLOOR.contains(p)).toList());
            }
        }
        return wanted.toArray(new String[0]);
    }

    private static String[] cipherSuites(List<String> configured, String[] supported, String key) throws InvalidConfigurationException {
        List<String> available = Arrays.asList(supported);
        for (String suite : configured) {
            if (!available.contains(suite)) {
                throw new InvalidConfigurationException(key, key + ": " + suite
                        + " is not a cipher suite of this engine (names as in the IANA registry, e.g. TLS_AES_128_GCM_SHA256)");
            }
        }
        return configured.toArray(new String[0]);
    }

    /**
     * BoringSSL, under Conscrypt, always offers every TLS 1.3 suite it has and ignores the TLS 1.3 names in
     * {@code setEnabledCipherSuites}. A list without TLS 1.3 suites is honoured as the JDK honours it, by not
     * using TLS 1.3; a list naming some TLS 1.3 suites but not all cannot be honoured and is refused.
     */
    private static String[] honourTls13SuitesOnBoringSsl(String[] protocols, String[] cipherSuites, String[] supported,
            String keyPrefix) throws InvalidConfigurationException {
        List<String> enabled = new ArrayList<>(Arrays.asList(protocols));
        if (cipherSuites.length == 0 || !enabled.contains("TLSv1.3")) {
            return protocols;
        }
        List<String> tls13 = Arrays.stream(supported).filter(TLS13_SUITES::contains).toList();
        List<String> listed = Arrays.stream(cipherSuites).filter(TLS13_SUITES::contains).toList();
        String key = keyPrefix + "tls.ciphersuites";
        if (listed.isEmpty()) {
            enabled.remove("TLSv1.3");
            if (enabled.isEmpty()) {
                throw new InvalidConfigurationException(key, key + " lists no TLS 1.3 suite, and " + keyPrefix
                        + "tls.protocols allows only TLSv1.3: no handshake could succeed");
            }
            return enabled.toArray(new String[0]);
        }
        if (!listed.containsAll(tls13)) {
            throw new InvalidConfigurationException(key, key + " lists the TLS 1.3 suites " + listed + ", but Conscrypt"
                    + " (BoringSSL) always offers all of " + tls13 + ": list all of them or none (then TLS 1.3 is not used),"
                    + " or set " + keyPrefix + "tls.engine=jdk");
        }
        return protocols;
    }

    private static void sniHostName(String name, String key) throws InvalidConfigurationException {
        if (ServerIdentity.ipLiteral(name) != null) {
            return; // verified against IP address entries, sent as no SNI
        }
        try {
            new SNIHostName(withoutTrailingDot(name));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, key + "=" + name + " is not a host name: " + e.getMessage(), e);
        }
    }

    private static SNIHostName sniHostNameOrNull(String name) {
        try {
            return new SNIHostName(name);
        } catch (IllegalArgumentException notAHostName) {
            return null;
        }
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing; the first exception is the one that matters
        }
    }

    /** The JDK's own TLS, even if a host inserted another provider (Conscrypt, Bouncy Castle) first. */
    private static Provider sunJsse() {
        return Security.getProvider("SunJSSE");
    }

    /**
     * One Conscrypt provider instance for Sealpost, created with {@link Conscrypt#newProvider()} and passed to
     * {@link SSLContext#getInstance(String, Provider)}: never installed with {@code Security.insertProviderAt},
     * which would change TLS for the whole application server.
     */
    private static final class ConscryptHolder {
        private static Provider provider;

        static synchronized Provider provider(String keyPrefix) throws InvalidConfigurationException {
            if (provider == null) {
                try {
                    Conscrypt.checkAvailability();
                    provider = Conscrypt.newProvider();
                } catch (LinkageError | RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new InvalidConfigurationException(keyPrefix + "tls.engine", keyPrefix
                            + "tls.engine=conscrypt, but Conscrypt's native library cannot be loaded on "
                            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + cause
                            + "); set " + keyPrefix + "tls.engine=jdk to use the JDK's TLS instead",
                            e instanceof Exception exception ? exception : new IllegalStateException(e));
                }
            }
            return provider;
        }
    }

    @Override
    public String toString() {
        return "TlsClient[" + engineName + ", " + Arrays.toString(protocols) + ", verify=" + settings.verify() + "]";
    }
}
