package io.sealpost.smtp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsParserTest {
    private static final String PIN_A = "sha256/" + Base64.getEncoder().encodeToString(bytes(32, 1));
    private static final String PIN_B = "sha256/" + Base64.getEncoder().encodeToString(bytes(32, 2));
    private static final String SECRET = "s3cr3t-Value-That-Must-Not-Leak";
    private static final List<String> SYSTEM_KEYSTORE_PROPERTIES =
            List.of("javax.net.ssl.keyStore", "javax.net.ssl.keyStoreType", "javax.net.ssl.keyStorePassword");

    @TempDir
    Path dir;

    private final Properties savedSystem = new Properties();

    @BeforeEach
    void clearJvmKeystoreProperties() {
        // Settings read javax.net.ssl.keyStore*; a build machine that sets them must not change these tests.
        for (String name : SYSTEM_KEYSTORE_PROPERTIES) {
            String value = System.getProperty(name);
            if (value != null) {
                savedSystem.setProperty(name, value);
                System.clearProperty(name);
            }
        }
    }

    @AfterEach
    void restoreJvmKeystoreProperties() {
        for (String name : SYSTEM_KEYSTORE_PROPERTIES) {
            System.clearProperty(name);
        }
        savedSystem.stringPropertyNames().forEach(name -> System.setProperty(name, savedSystem.getProperty(name)));
    }

    // ---- defaults ------------------------------------------------------------------------------

    @Test
    void emptyPropertiesGiveAngusDefaultsWithFiniteTimeoutsAndOpportunisticVerifiedTls() throws Exception {
        SmtpSettings settings = parse(new Properties());

        assertEquals("smtp", settings.protocol());
        assertNull(settings.host());
        assertEquals(-1, settings.port());
        assertEquals(25, settings.defaultPort());
        assertNull(settings.user());
        assertNull(settings.password());
        assertNull(settings.from());
        assertNull(settings.localHost());
        assertNull(settings.localAddress());
        assertEquals(0, settings.localPort());
        assertEquals(Duration.ofSeconds(30), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(60), settings.readTimeout());
        assertEquals(Duration.ofSeconds(60), settings.writeTimeout());
        assertFalse(settings.auth());
        assertEquals(List.of("LOGIN", "PLAIN"), settings.authMechanisms());
        assertTrue(settings.ehlo());
        assertTrue(settings.quitWait());
        assertFalse(settings.reportSuccess());
        assertFalse(settings.userSet());
        assertTrue(settings.noopStrict());
        assertFalse(settings.allow8bitMime());
        assertFalse(settings.sendPartial());
        assertNull(settings.mailExtension());
        assertNull(settings.submitter());
        assertNull(settings.dsnNotify());
        assertNull(settings.dsnRet());
        assertEquals(ProxySettings.DIRECT, settings.proxy());
        assertFalse(settings.debug());

        TlsSettings tls = settings.tls();
        assertEquals(TlsPolicy.OPPORTUNISTIC, tls.policy());
        assertFalse(tls.implicit());
        assertEquals(VerifyMode.FULL, tls.verify());
        assertEquals(List.of(), tls.pins());
        assertNull(tls.serverName());
        assertEquals(TrustSource.JVM_DEFAULT, tls.trust());
        assertEquals(IdentitySource.NONE, tls.identity());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), tls.protocols());
        assertEquals(List.of(), tls.cipherSuites());
        assertEquals(TlsFallback.NONE, tls.fallback());
        assertEquals(TlsEngine.CONSCRYPT, tls.engine());
        assertFalse(tls.authInsecure());
        assertEquals(Set.of(), tls.trustedHosts());
    }

    @Test
    void smtpsIsImplicitMandatoryTlsOnPort465() throws Exception {
        SmtpSettings settings = SettingsParser.parse(new Properties(), "smtps");

        assertEquals("smtps", settings.protocol());
        assertTrue(settings.tls().implicit());
        assertEquals(TlsPolicy.MANDATORY, settings.tls().policy());
        assertEquals(465, settings.defaultPort());
    }

    @Test
    void eachProtocolReadsOnlyItsOwnKeys() throws Exception {
        Properties properties = props("mail.smtp.host", "plain.example", "mail.smtps.host", "tls.example",
                "mail.smtps.tls.bogus", "a typo, but not in the smtp keys");

        assertEquals("plain.example", parse(properties).host());
        assertEquals("tls.example", SettingsParser.parse(props("mail.smtps.host", "tls.example"), "smtps").host());
    }

    @Test
    void protocolOtherThanSmtpOrSmtpsIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> SettingsParser.parse(new Properties(), "imap"));
    }

    // ---- fallbacks to mail.host / mail.user / mail.from ------------------------------------------

    @Test
    void hostUserAndFromFallBackToTheGlobalKeysAsApplicationServersSetThem() throws Exception {
        SmtpSettings settings = parse(props("mail.host", "mx.example", "mail.user", "alice",
                "mail.from", "alice@example.org"));

        assertEquals("mx.example", settings.host());
        assertEquals("alice", settings.user());
        assertEquals("alice@example.org", settings.from());
    }

    @Test
    void protocolKeysWinOverTheGlobalFallbacks() throws Exception {
        SmtpSettings settings = parse(props("mail.host", "global.example", "mail.smtp.host", "smtp.example",
                "mail.user", "global", "mail.smtp.user", "bob",
                "mail.from", "global@example.org", "mail.smtp.from", "bob@example.org"));

        assertEquals("smtp.example", settings.host());
        assertEquals("bob", settings.user());
        assertEquals("bob@example.org", settings.from());
    }

    @Test
    void emptyValueCountsAsUnsetSoTheFallbackApplies() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.host", "", "mail.host", "mx.example",
                "mail.smtp.auth", " ", "mail.smtp.timeout", ""));

        assertEquals("mx.example", settings.host());
        assertFalse(settings.auth());
        assertEquals(SmtpSettings.DEFAULT_READ_TIMEOUT, settings.readTimeout());
    }

    @Test
    void valuesAreTrimmed() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.host", " mx.example ", "mail.smtp.auth", "true ",
                "mail.smtp.port", " 587"));

        assertEquals("mx.example", settings.host());
        assertTrue(settings.auth());
        assertEquals(587, settings.port());
    }

    @Test
    void defaultsChainedIntoThePropertiesAreRead() throws Exception {
        Properties defaults = props("mail.smtp.host", "mx.example", "mail.smtp.tls.policy", "mandatory");
        Properties properties = new Properties(defaults);

        SmtpSettings settings = parse(properties);

        assertEquals("mx.example", settings.host());
        assertEquals(TlsPolicy.MANDATORY, settings.tls().policy());
    }

    @Test
    void unknownTlsKeyInChainedDefaultsIsStillCaught() {
        Properties properties = new Properties(props("mail.smtp.tls.polcy", "mandatory"));

        assertFailure(properties, "mail.smtp.tls.polcy");
    }

    // ---- plain Angus keys ----------------------------------------------------------------------

    @Test
    void everyAngusKeyIsReadWithItsMeaning() throws Exception {
        SmtpSettings settings = parse(props(
                "mail.smtp.port", "2525",
                "mail.smtp.password", "pw",
                "mail.smtp.localhost", "client.example",
                "mail.smtp.localaddress", "192.0.2.1",
                "mail.smtp.localport", "40000",
                "mail.smtp.connectiontimeout", "1500",
                "mail.smtp.timeout", "2500",
                "mail.smtp.writetimeout", "3500",
                "mail.smtp.auth", "true",
                "mail.smtp.ehlo", "false",
                "mail.smtp.quitwait", "false",
                "mail.smtp.reportsuccess", "true",
                "mail.smtp.userset", "true",
                "mail.smtp.noop.strict", "false",
                "mail.smtp.allow8bitmime", "true",
                "mail.smtp.sendpartial", "true",
                "mail.smtp.mailextension", "XACCOUNT=42",
                "mail.smtp.submitter", "alice@example.org",
                "mail.debug", "true"));

        assertEquals(2525, settings.port());
        assertEquals("pw", settings.password().reveal());
        assertEquals("client.example", settings.localHost());
        assertEquals("192.0.2.1", settings.localAddress());
        assertEquals(40000, settings.localPort());
        assertEquals(Duration.ofMillis(1500), settings.connectTimeout());
        assertEquals(Duration.ofMillis(2500), settings.readTimeout());
        assertEquals(Duration.ofMillis(3500), settings.writeTimeout());
        assertTrue(settings.auth());
        assertFalse(settings.ehlo());
        assertFalse(settings.quitWait());
        assertTrue(settings.reportSuccess());
        assertTrue(settings.userSet());
        assertFalse(settings.noopStrict());
        assertTrue(settings.allow8bitMime());
        assertTrue(settings.sendPartial());
        assertEquals("XACCOUNT=42", settings.mailExtension());
        assertEquals("alice@example.org", settings.submitter());
        assertTrue(settings.debug());
    }

    @Test
    void valuesPutAsBooleanOrIntegerObjectsAreAcceptedLikeAngusPropUtil() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.auth", Boolean.TRUE);
        properties.put("mail.smtp.port", 465);
        properties.put("mail.smtp.timeout", 1234);
        properties.put("mail.smtp.starttls.required", Boolean.TRUE);
        properties.put("mail.debug", Boolean.TRUE);

        SmtpSettings settings = parse(properties);

        assertTrue(settings.auth());
        assertEquals(465, settings.port());
        assertEquals(Duration.ofMillis(1234), settings.readTimeout());
        assertEquals(TlsPolicy.MANDATORY, settings.tls().policy());
        assertTrue(settings.debug());
    }

    @Test
    void booleansAreCaseInsensitive() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.auth", "TRUE", "mail.smtp.quitwait", "False"));

        assertTrue(settings.auth());
        assertFalse(settings.quitWait());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.auth", "mail.smtp.ehlo", "mail.smtp.quitwait", "mail.smtp.reportsuccess",
            "mail.smtp.userset", "mail.smtp.noop.strict", "mail.smtp.allow8bitmime", "mail.smtp.sendpartial",
            "mail.smtp.starttls.enable", "mail.smtp.starttls.required", "mail.smtp.ssl.enable",
            "mail.smtp.ssl.checkserveridentity", "mail.smtp.auth.insecure", "mail.smtp.auth.login.disable",
            "mail.smtp.auth.plain.disable", "mail.smtp.auth.xoauth2.disable", "mail.smtp.auth.ntlm.disable",
            "mail.smtp.auth.digest-md5.disable", "mail.smtp.sasl.enable", "mail.debug"})
    void booleanOtherThanTrueOrFalseFailsNamingTheKeyWhereAngusWouldReadFalse(String key) {
        InvalidConfigurationException e = assertFailure(props(key, "yes"), key);

        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        assertTrue(e.getMessage().contains("'yes'"), e.getMessage());
    }

    @Test
    void portAcceptsHexadecimalAsAngusDoes() throws Exception {
        assertEquals(587, parse(props("mail.smtp.port", "0x24b")).port());
    }

    @Test
    void portMinusOneMeansTheProtocolDefaultAsInAngus() throws Exception {
        assertEquals(-1, parse(props("mail.smtp.port", "-1")).port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-2", "smtp", "25a"})
    void portThatIsNotAPortNumberFailsNamingTheKey(String value) {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.port", value), "mail.smtp.port");

        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "any"})
    void localPortOutOfRangeFailsNamingTheKey(String value) {
        assertFailure(props("mail.smtp.localport", value), "mail.smtp.localport");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout"})
    void zeroOrNegativeTimeoutFailsExplainingThatSealpostNeverWaitsForever(String key) {
        for (String value : List.of("0", "-1")) {
            InvalidConfigurationException e = assertFailure(props(key, value), key);
            assertTrue(e.getMessage().contains("never waits forever"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout"})
    void timeoutThatIsNotANumberFailsNamingTheKey(String key) {
        InvalidConfigurationException e = assertFailure(props(key, "30s"), key);

        assertTrue(e.getMessage().contains("'30s'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.localhost", "mail.smtp.from", "mail.smtp.mailextension",
            "mail.smtp.submitter", "mail.smtp.host", "mail.from"})
    void controlCharactersThatWouldInjectSmtpCommandsFail(String key) {
        InvalidConfigurationException e = assertFailure(props(key, "x.example\r\nRCPT TO:<victim@example.org>"), key);

        assertFalse(e.getMessage().contains("\r\n"), "the message itself must stay on one line");
    }

    @Test
    void dsnNotifyIsCheckedAgainstRfc3461AndUpperCased() throws Exception {
        assertEquals("SUCCESS,FAILURE", parse(props("mail.smtp.dsn.notify", "success, Failure")).dsnNotify());
        assertEquals("NEVER", parse(props("mail.smtp.dsn.notify", "never")).dsnNotify());
        assertEquals("DELAY", parse(props("mail.smtp.dsn.notify", "DELAY")).dsnNotify());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NEVER,SUCCESS", "ALWAYS", "SUCCESS,SUCCESS", "SUCCESS,", "SUCCESS FAILURE"})
    void invalidDsnNotifyFailsNamingTheKey(String value) {
        assertFailure(props("mail.smtp.dsn.notify", value), "mail.smtp.dsn.notify");
    }

    @Test
    void dsnRetIsFullOrHdrs() throws Exception {
        assertEquals("HDRS", parse(props("mail.smtp.dsn.ret", "hdrs")).dsnRet());
        assertEquals("FULL", parse(props("mail.smtp.dsn.ret", "FULL")).dsnRet());
        assertFailure(props("mail.smtp.dsn.ret", "BODY"), "mail.smtp.dsn.ret");
    }

    // ---- secrets -------------------------------------------------------------------------------

    @Test
    void passwordIsASecretTakenExactlyAsGivenAndHiddenFromToString() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.password", " " + SECRET + " ",
                "mail.smtp.proxy.host", "proxy.example", "mail.smtp.proxy.password", SECRET));

        assertEquals(" " + SECRET + " ", settings.password().reveal());
        assertEquals(SECRET, settings.proxy().password().reveal());
        assertFalse(settings.toString().contains(SECRET), settings.toString());
    }

    @Test
    void passwordPutAsCharArrayIsRead() throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.password", SECRET.toCharArray());

        assertEquals(SECRET, parse(properties).password().reveal());
    }

    @Test
    void passwordNeverAppearsInErrorMessages() throws Exception {
        Path store = file("store.p12");
        List<Properties> failing = List.of(
                props("mail.smtp.proxy.password", SECRET),
                props("mail.smtp.tls.truststore.password", SECRET),
                props("mail.smtp.tls.keystore.password", SECRET),
                props("mail.smtp.tls.key.password", SECRET),
                props("mail.smtp.password", SECRET, "mail.smtp.auth", "maybe"),
                props("mail.smtp.password", SECRET, "mail.smtp.user", "alice", "mail.smtp.sasl.enable", "true"),
                props("mail.smtp.tls.keystore", store.toString(), "mail.smtp.tls.keystore.password", SECRET,
                        "mail.smtp.tls.keystore.type", "PKCS11"));
        for (Properties properties : failing) {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> parse(properties));
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void valueOfAKeyNamedPasswordIsNeverQuotedEvenWhenItIsTheInvalidOne() {
        assertEquals("(a value, not shown because it is secret)",
                SessionProperties.shown("mail.smtp.tls.keystore.password", SECRET));
    }

    // ---- authentication mechanisms -------------------------------------------------------------

    @Test
    void defaultMechanismsAreAngusListLessWhatSealpostLacksAndLessXoauth2() throws Exception {
        assertEquals(List.of("LOGIN", "PLAIN"), parse(new Properties()).authMechanisms());
    }

    @Test
    void listedMechanismsKeepTheirOrderAndOnlyTheImplementedOnes() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.auth.mechanisms", "digest-md5, plain NTLM,login plain"));

        assertEquals(List.of("PLAIN", "LOGIN"), settings.authMechanisms());
    }

    @Test
    void explicitlyListedXoauth2IsUsedWithoutEnablingItAsInAngus() throws Exception {
        assertEquals(List.of("XOAUTH2"), parse(props("mail.smtp.auth.mechanisms", "XOAUTH2")).authMechanisms());
    }

    @Test
    void xoauth2DisableFalseAddsItToTheDefaultList() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.auth.xoauth2.disable", "false"));

        assertEquals(List.of("LOGIN", "PLAIN", "XOAUTH2"), settings.authMechanisms());
    }

    @Test
    void mechanismDisableKeysRemoveMechanisms() throws Exception {
        assertEquals(List.of("PLAIN"), parse(props("mail.smtp.auth.login.disable", "true")).authMechanisms());
        assertEquals(List.of("LOGIN"), parse(props("mail.smtp.auth.plain.disable", "true")).authMechanisms());
    }

    @Test
    void explicitDisableIsHonouredEvenForAnExplicitList() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.auth.mechanisms", "XOAUTH2 PLAIN",
                "mail.smtp.auth.xoauth2.disable", "true"));

        assertEquals(List.of("PLAIN"), settings.authMechanisms());
    }

    @Test
    void listingOnlyUnimplementedMechanismsFailsNamingTheKeyAndTheSupportedOnes() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.auth.mechanisms", "NTLM DIGEST-MD5"),
                "mail.smtp.auth.mechanisms");

        assertTrue(e.getMessage().contains("PLAIN, LOGIN, XOAUTH2"), e.getMessage());
        assertTrue(e.getMessage().contains("NTLM DIGEST-MD5"), e.getMessage());
    }

    @Test
    void disablingEveryListedMechanismFails() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.auth.mechanisms", "LOGIN",
                "mail.smtp.auth.login.disable", "true"), "mail.smtp.auth.mechanisms");

        assertTrue(e.getMessage().contains("mail.smtp.auth.login.disable"), e.getMessage());
    }

    @Test
    void disablingEveryDefaultMechanismFailsOnlyWhenAuthIsOn() throws Exception {
        Properties properties = props("mail.smtp.auth.login.disable", "true", "mail.smtp.auth.plain.disable", "true");
        assertEquals(List.of(), parse(properties).authMechanisms());

        properties.setProperty("mail.smtp.auth", "true");
        InvalidConfigurationException e = assertFailure(properties, "mail.smtp.auth.mechanisms");
        assertTrue(e.getMessage().contains("XOAUTH2 is off by default"), e.getMessage());
    }

    // ---- proxies -------------------------------------------------------------------------------

    @Test
    void httpProxyDefaultsToPort80() throws Exception {
        ProxySettings proxy = parse(props("mail.smtp.proxy.host", "proxy.example", "mail.smtp.proxy.user", "u",
                "mail.smtp.proxy.password", "p")).proxy();

        assertEquals(ProxySettings.Type.HTTP, proxy.type());
        assertEquals("proxy.example", proxy.host());
        assertEquals(80, proxy.port());
        assertEquals("u", proxy.user());
        assertEquals("p", proxy.password().reveal());
    }

    @Test
    void proxyHostMayCarryThePortAndThePortKeyWinsAsInAngus() throws Exception {
        assertEquals(3128, parse(props("mail.smtp.proxy.host", "proxy.example:3128")).proxy().port());
        assertEquals("proxy.example", parse(props("mail.smtp.proxy.host", "proxy.example:3128")).proxy().host());
        assertEquals(8080, parse(props("mail.smtp.proxy.host", "proxy.example:3128",
                "mail.smtp.proxy.port", "8080")).proxy().port());
    }

    @Test
    void ipv6ProxyHostIsUnderstoodWithAndWithoutPort() throws Exception {
        ProxySettings bracketed = parse(props("mail.smtp.socks.host", "[2001:db8::1]:9050")).proxy();
        assertEquals("2001:db8::1", bracketed.host());
        assertEquals(9050, bracketed.port());

        ProxySettings bare = parse(props("mail.smtp.socks.host", "2001:db8::1")).proxy();
        assertEquals("2001:db8::1", bare.host());
        assertEquals(1080, bare.port());
    }

    @Test
    void socksProxyDefaultsToPort1080() throws Exception {
        ProxySettings proxy = parse(props("mail.smtp.socks.host", "socks.example")).proxy();

        assertEquals(new ProxySettings(ProxySettings.Type.SOCKS, "socks.example", 1080, null, null), proxy);
        assertEquals(1081, parse(props("mail.smtp.socks.host", "socks.example", "mail.smtp.socks.port", "1081"))
                .proxy().port());
    }

    @Test
    void httpAndSocksProxyTogetherFail() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.proxy.host", "proxy.example",
                "mail.smtp.socks.host", "socks.example"), "mail.smtp.socks.host");

        assertTrue(e.getMessage().contains("mail.smtp.proxy.host"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.proxy.port", "mail.smtp.proxy.user", "mail.smtp.proxy.password",
            "mail.smtp.socks.port"})
    void proxyKeyWithoutItsHostFailsRatherThanConnectingDirectly(String key) {
        assertFailure(props(key, "1234"), key);
    }

    @Test
    void badProxyPortFailsNamingTheKey() {
        assertFailure(props("mail.smtp.proxy.host", "proxy.example:http"), "mail.smtp.proxy.host");
        assertFailure(props("mail.smtp.proxy.host", "proxy.example", "mail.smtp.proxy.port", "0"),
                "mail.smtp.proxy.port");
    }

    // ---- TLS policy ----------------------------------------------------------------------------

    @Test
    void unsetStarttlsEnableIsStillOpportunistic() throws Exception {
        assertEquals(TlsPolicy.OPPORTUNISTIC, parse(new Properties()).tls().policy());
    }

    @Test
    void starttlsEnableTrueIsOpportunistic() throws Exception {
        assertEquals(TlsPolicy.OPPORTUNISTIC, parse(props("mail.smtp.starttls.enable", "true")).tls().policy());
    }

    @Test
    void starttlsRequiredMeansMandatoryPolicy() throws Exception {
        assertEquals(TlsPolicy.MANDATORY, parse(props("mail.smtp.starttls.enable", "true",
                "mail.smtp.starttls.required", "true")).tls().policy());
    }

    @Test
    void starttlsRequiredAloneIsMandatoryAsInAngus() throws Exception {
        assertEquals(TlsPolicy.MANDATORY, parse(props("mail.smtp.starttls.required", "true")).tls().policy());
        assertEquals(TlsPolicy.MANDATORY, parse(props("mail.smtp.starttls.required", "true",
                "mail.smtp.starttls.enable", "false")).tls().policy());
    }

    @Test
    void explicitStarttlsEnableFalseMeansNoStartTls() throws Exception {
        assertEquals(TlsPolicy.NONE, parse(props("mail.smtp.starttls.enable", "false")).tls().policy());
    }

    @Test
    void explicitTlsPolicyWinsOverTheStarttlsAliases() throws Exception {
        assertEquals(TlsPolicy.OPPORTUNISTIC, parse(props("mail.smtp.tls.policy", "opportunistic",
                "mail.smtp.starttls.required", "true")).tls().policy());
        assertEquals(TlsPolicy.MANDATORY, parse(props("mail.smtp.tls.policy", "mandatory",
                "mail.smtp.starttls.enable", "false")).tls().policy());
        assertEquals(TlsPolicy.NONE, parse(props("mail.smtp.tls.policy", "none",
                "mail.smtp.starttls.enable", "true")).tls().policy());
    }

    @Test
    void tlsPolicyIsCaseInsensitive() throws Exception {
        assertEquals(TlsPolicy.MANDATORY, parse(props("mail.smtp.tls.policy", "MANDATORY")).tls().policy());
    }

    @Test
    void unknownTlsPolicyFailsListingTheValues() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.tls.policy", "required"),
                "mail.smtp.tls.policy");

        assertTrue(e.getMessage().contains("none, opportunistic, mandatory"), e.getMessage());
        assertTrue(e.getMessage().contains("'required'"), e.getMessage());
    }

    @Test
    void sslEnableMeansImplicitMandatoryTlsOnPort465() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.ssl.enable", "true", "mail.smtp.starttls.enable", "false"));

        assertTrue(settings.tls().implicit());
        assertEquals(TlsPolicy.MANDATORY, settings.tls().policy());
        assertEquals(465, settings.defaultPort());
    }

    @Test
    void implicitTlsWithANonMandatoryPolicyFailsNamingTlsPolicy() {
        assertFailure(props("mail.smtp.ssl.enable", "true", "mail.smtp.tls.policy", "opportunistic"),
                "mail.smtp.tls.policy");
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> SettingsParser.parse(props("mail.smtps.tls.policy", "none"), "smtps"));
        assertEquals("mail.smtps.tls.policy", e.key());
        assertTrue(e.getMessage().contains("smtps"), e.getMessage());
    }

    @Test
    void implicitTlsAcceptsAnExplicitMandatoryPolicy() throws Exception {
        assertEquals(TlsPolicy.MANDATORY,
                SettingsParser.parse(props("mail.smtps.tls.policy", "mandatory"), "smtps").tls().policy());
    }

    @Test
    void helloWithoutEhloFailsWhenStartTlsIsMandatoryBecauseStartTlsIsAnEhloExtension() throws Exception {
        assertFailure(props("mail.smtp.ehlo", "false", "mail.smtp.starttls.required", "true"), "mail.smtp.ehlo");
        assertFalse(parse(props("mail.smtp.ehlo", "false", "mail.smtp.ssl.enable", "true")).ehlo());
        assertFalse(parse(props("mail.smtp.ehlo", "false")).ehlo());
    }

    // ---- verification --------------------------------------------------------------------------

    @Test
    void checkServerIdentityFalseMeansChain() throws Exception {
        assertEquals(VerifyMode.CHAIN, parse(props("mail.smtp.ssl.checkserveridentity", "false")).tls().verify());
        assertEquals(VerifyMode.FULL, parse(props("mail.smtp.ssl.checkserveridentity", "true")).tls().verify());
    }

    @Test
    void explicitTlsVerifyWinsOverCheckServerIdentity() throws Exception {
        assertEquals(VerifyMode.FULL, parse(props("mail.smtp.tls.verify", "full",
                "mail.smtp.ssl.checkserveridentity", "false")).tls().verify());
    }

    @Test
    void sslTrustStarMeansNoVerificationAndInsecureAuthWithOneWarning() throws Exception {
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(TlsSettingsParser.LOGGER_NAME);
        logger.addHandler(handler);
        TlsSettingsParser.resetTrustAllWarning();
        try {
            TlsSettings tls = parse(props("mail.smtp.ssl.trust", "*")).tls();
            parse(props("mail.smtp.ssl.trust", "*"));

            assertEquals(VerifyMode.NONE, tls.verify());
            assertTrue(tls.authInsecure());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).getMessage().contains("mail.smtp.ssl.trust=*"), warnings.get(0).getMessage());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void explicitAuthInsecureFalseWinsOverSslTrustStar() throws Exception {
        TlsSettings tls = parse(props("mail.smtp.ssl.trust", "*", "mail.smtp.auth.insecure", "false")).tls();

        assertEquals(VerifyMode.NONE, tls.verify());
        assertFalse(tls.authInsecure());
    }

    @Test
    void explicitTlsVerifyWinsOverSslTrust() throws Exception {
        TlsSettings star = parse(props("mail.smtp.ssl.trust", "*", "mail.smtp.tls.verify", "full")).tls();
        assertEquals(VerifyMode.FULL, star.verify());
        assertFalse(star.authInsecure());

        TlsSettings hosts = parse(props("mail.smtp.ssl.trust", "relay.local", "mail.smtp.tls.verify", "chain")).tls();
        assertEquals(VerifyMode.CHAIN, hosts.verify());
        assertEquals(Set.of(), hosts.trustedHosts());
    }

    @Test
    void sslTrustHostListBecomesTrustedHostsAndKeepsFullVerificationForOthers() throws Exception {
        TlsSettings tls = parse(props("mail.smtp.ssl.trust", "Relay.Local  mx.example.org")).tls();

        assertEquals(Set.of("relay.local", "mx.example.org"), tls.trustedHosts());
        assertEquals(VerifyMode.FULL, tls.verify());
        assertFalse(tls.authInsecure());
    }

    @Test
    void sslTrustMixingStarAndHostsFails() {
        assertFailure(props("mail.smtp.ssl.trust", "* relay.local"), "mail.smtp.ssl.trust");
    }

    @Test
    void authInsecureIsRead() throws Exception {
        assertTrue(parse(props("mail.smtp.auth.insecure", "true")).tls().authInsecure());
    }

    @Test
    void tlsVerifyIsCaseInsensitiveAndUnknownValuesFail() throws Exception {
        assertEquals(VerifyMode.CHAIN, parse(props("mail.smtp.tls.verify", "Chain")).tls().verify());
        InvalidConfigurationException e = assertFailure(props("mail.smtp.tls.verify", "strict"), "mail.smtp.tls.verify");
        assertTrue(e.getMessage().contains("full, chain, fingerprint, none"), e.getMessage());
    }

    @Test
    void fingerprintVerificationWithoutPinsFailsNamingTlsPins() {
        assertFailure(props("mail.smtp.tls.verify", "fingerprint"), "mail.smtp.tls.pins");
    }

    @Test
    void pinsAreParsedAndNormalised() throws Exception {
        String unpaddedUpperPrefix = "SHA256/" + PIN_B.substring("sha256/".length()).replace("=", "");
        TlsSettings tls = parse(props("mail.smtp.tls.verify", "fingerprint",
                "mail.smtp.tls.pins", PIN_A + " , " + unpaddedUpperPrefix + "," + PIN_A)).tls();

        assertEquals(VerifyMode.FINGERPRINT, tls.verify());
        assertEquals(List.of(PIN_A, PIN_B), tls.pins());
    }

    @Test
    void pinsAreCheckedInAdditionWithFullVerification() throws Exception {
        TlsSettings tls = parse(props("mail.smtp.tls.pins", PIN_A)).tls();

        assertEquals(VerifyMode.FULL, tls.verify());
        assertEquals(List.of(PIN_A), tls.pins());
    }

    @Test
    void malformedPinFailsNamingTlsPinsAndShowingTheEntry() {
        String noPrefix = PIN_A.substring("sha256/".length());
        String sha1Sized = "sha256/" + Base64.getEncoder().encodeToString(bytes(20, 3));
        for (String bad : List.of(noPrefix, "sha1/" + noPrefix, sha1Sized, "sha256/not*base64")) {
            InvalidConfigurationException e = assertFailure(props("mail.smtp.tls.pins", PIN_A + "," + bad),
                    "mail.smtp.tls.pins");
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void pinsWithVerificationOffFailBecauseTheyWouldNeverBeChecked() {
        assertFailure(props("mail.smtp.tls.pins", PIN_A, "mail.smtp.tls.verify", "none"), "mail.smtp.tls.pins");
        assertFailure(props("mail.smtp.tls.pins", PIN_A, "mail.smtp.ssl.trust", "*"), "mail.smtp.tls.pins");
    }

    @Test
    void serverNameIsAHostNameOrIpLiteral() throws Exception {
        assertEquals("mx.example.org", parse(props("mail.smtp.tls.servername", "MX.Example.org.")).tls().serverName());
        assertEquals("2001:db8::25", parse(props("mail.smtp.tls.servername", "[2001:db8::25]")).tls().serverName());
        for (String bad : List.of("mx example", "*.example.org", "mx..example", "-mx.example")) {
            assertFailure(props("mail.smtp.tls.servername", bad), "mail.smtp.tls.servername");
        }
    }

    // ---- trust and identity --------------------------------------------------------------------

    @Test
    void truststoreWithTypeAndPasswordIsTheTrustSource() throws Exception {
        Path store = file("trust.jks");
        TrustSource trust = parse(props("mail.smtp.tls.truststore", store.toString(),
                "mail.smtp.tls.truststore.type", "jks", "mail.smtp.tls.truststore.password", "changeit")).tls().trust();

        assertEquals(store, trust.keystore());
        assertEquals("JKS", trust.keystoreType());
        assertEquals("changeit", trust.password().reveal());
        assertNull(trust.pemFile());
        assertFalse(trust.jvmDefault());
    }

    @Test
    void trustCertsAloneIsAPemTrustSource() throws Exception {
        Path pem = file("ca.pem");
        TrustSource trust = parse(props("mail.smtp.tls.trustcerts", pem.toString())).tls().trust();

        assertEquals(new TrustSource(null, null, null, pem), trust);
    }

    @Test
    void truststoreAndTrustCertsTogetherTrustBoth() throws Exception {
        Path store = file("trust.p12");
        Path pem = file("ca.pem");
        TrustSource trust = parse(props("mail.smtp.tls.truststore", store.toString(),
                "mail.smtp.tls.trustcerts", pem.toString())).tls().trust();

        assertEquals(new TrustSource(store, null, null, pem), trust);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.tls.truststore", "mail.smtp.tls.trustcerts", "mail.smtp.tls.keystore"})
    void missingFileFailsNamingTheKeyAndThePath(String key) {
        Path missing = dir.resolve("missing.p12");
        InvalidConfigurationException e = assertFailure(props(key, missing.toString()), key);

        assertTrue(e.getMessage().contains("file not found: " + missing.toAbsolutePath()), e.getMessage());
    }

    @Test
    void missingPemCertificateOrKeyFailsNamingTheKey() throws Exception {
        Path cert = file("client.pem");
        Path missing = dir.resolve("missing.pem");
        assertFailure(props("mail.smtp.tls.cert", cert.toString(), "mail.smtp.tls.key", missing.toString()),
                "mail.smtp.tls.key");
        assertFailure(props("mail.smtp.tls.cert", missing.toString(), "mail.smtp.tls.key", cert.toString()),
                "mail.smtp.tls.cert");
    }

    @Test
    void directoryInsteadOfAFileFails() {
        assertFailure(props("mail.smtp.tls.truststore", dir.toString()), "mail.smtp.tls.truststore");
    }

    @Test
    void keystoreTypesArePkcs12OrJksCaseInsensitive() throws Exception {
        Path store = file("client.p12");
        assertEquals("PKCS12", parse(props("mail.smtp.tls.keystore", store.toString(),
                "mail.smtp.tls.keystore.type", "pkcs12")).tls().identity().keystoreType());
        assertNull(parse(props("mail.smtp.tls.keystore", store.toString())).tls().identity().keystoreType());
        assertFailure(props("mail.smtp.tls.keystore", store.toString(), "mail.smtp.tls.keystore.type", "JCEKS"),
                "mail.smtp.tls.keystore.type");
        assertFailure(props("mail.smtp.tls.truststore", store.toString(), "mail.smtp.tls.truststore.type", "BKS"),
                "mail.smtp.tls.truststore.type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.tls.truststore.type", "mail.smtp.tls.truststore.password",
            "mail.smtp.tls.keystore.type", "mail.smtp.tls.keystore.password"})
    void keystoreDetailsWithoutTheKeystoreFail(String key) {
        assertFailure(props(key, "PKCS12"), key);
    }

    @Test
    void keystoreIdentityCarriesAliasAndKeyPassword() throws Exception {
        Path store = file("client.p12");
        IdentitySource identity = parse(props("mail.smtp.tls.keystore", store.toString(),
                "mail.smtp.tls.keystore.type", "PKCS12", "mail.smtp.tls.keystore.password", "storepw",
                "mail.smtp.tls.key.alias", "mailer", "mail.smtp.tls.key.password", "keypw")).tls().identity();

        assertEquals(store, identity.keystore());
        assertEquals("PKCS12", identity.keystoreType());
        assertEquals("storepw", identity.password().reveal());
        assertEquals("mailer", identity.alias());
        assertEquals("keypw", identity.keyPassword().reveal());
        assertFalse(identity.none());
    }

    @Test
    void pemIdentityIsCertificateAndKeyWithOptionalKeyPassword() throws Exception {
        Path cert = file("client.crt");
        Path key = file("client.key");
        IdentitySource identity = parse(props("mail.smtp.tls.cert", cert.toString(), "mail.smtp.tls.key",
                key.toString(), "mail.smtp.tls.key.password", "keypw")).tls().identity();

        assertEquals(new IdentitySource(null, null, null, null, Secret.of("keypw"), cert, key), identity);
    }

    @Test
    void certificateWithoutKeyOrKeyWithoutCertificateFails() throws Exception {
        Path pem = file("client.pem");
        assertFailure(props("mail.smtp.tls.cert", pem.toString()), "mail.smtp.tls.cert");
        assertFailure(props("mail.smtp.tls.key", pem.toString()), "mail.smtp.tls.key");
    }

    @Test
    void keystoreAndPemCertificateTogetherFail() throws Exception {
        Path pem = file("client.pem");
        Path store = file("client.p12");
        InvalidConfigurationException e = assertFailure(props("mail.smtp.tls.keystore", store.toString(),
                "mail.smtp.tls.cert", pem.toString(), "mail.smtp.tls.key", pem.toString()), "mail.smtp.tls.cert");

        assertTrue(e.getMessage().contains("mail.smtp.tls.keystore"), e.getMessage());
    }

    @Test
    void keyAliasWithAPemKeyOrWithoutAnyIdentityFails() throws Exception {
        Path pem = file("client.pem");
        assertFailure(props("mail.smtp.tls.cert", pem.toString(), "mail.smtp.tls.key", pem.toString(),
                "mail.smtp.tls.key.alias", "mailer"), "mail.smtp.tls.key.alias");
        assertFailure(props("mail.smtp.tls.key.alias", "mailer"), "mail.smtp.tls.key.alias");
        assertFailure(props("mail.smtp.tls.key.password", "pw"), "mail.smtp.tls.key.password");
    }

    @Test
    void keystoreDefaultsToTheJavaxNetSslSystemProperties() throws Exception {
        Path store = file("jvm-identity.jks");
        System.setProperty("javax.net.ssl.keyStore", store.toString());
        System.setProperty("javax.net.ssl.keyStoreType", "jks");
        System.setProperty("javax.net.ssl.keyStorePassword", "jvmpw");

        IdentitySource identity = parse(props("mail.smtp.tls.key.alias", "mailer")).tls().identity();

        assertEquals(store, identity.keystore());
        assertEquals("JKS", identity.keystoreType());
        assertEquals("jvmpw", identity.password().reveal());
        assertEquals("mailer", identity.alias());
    }

    @Test
    void explicitIdentityWinsOverTheSystemKeystore() throws Exception {
        Path jvmStore = file("jvm-identity.p12");
        Path store = file("client.p12");
        Path pem = file("client.pem");
        System.setProperty("javax.net.ssl.keyStore", jvmStore.toString());

        assertEquals(store, parse(props("mail.smtp.tls.keystore", store.toString())).tls().identity().keystore());
        IdentitySource fromPem = parse(props("mail.smtp.tls.cert", pem.toString(), "mail.smtp.tls.key",
                pem.toString())).tls().identity();
        assertNull(fromPem.keystore());
        assertEquals(pem, fromPem.pemCertificate());
    }

    @Test
    void systemKeystoreNoneMeansNoIdentity() throws Exception {
        System.setProperty("javax.net.ssl.keyStore", "NONE");

        assertEquals(IdentitySource.NONE, parse(new Properties()).tls().identity());
    }

    @Test
    void missingSystemKeystoreFailsNamingTheSystemProperty() {
        System.setProperty("javax.net.ssl.keyStore", dir.resolve("gone.p12").toString());

        assertFailure(new Properties(), "javax.net.ssl.keyStore");
    }

    // ---- protocols, suites, fallback, engine ---------------------------------------------------

    @Test
    void protocolsAreReadFromTlsProtocolsOrTheSslProtocolsAlias() throws Exception {
        assertEquals(List.of("TLSv1.3"), parse(props("mail.smtp.tls.protocols", "tlsv1.3")).tls().protocols());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"),
                parse(props("mail.smtp.ssl.protocols", "TLSv1.2 TLSv1.3")).tls().protocols());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"),
                parse(props("mail.smtp.tls.protocols", "TLSv1.3,  TLSv1.2")).tls().protocols());
    }

    @Test
    void listValuesMaySpanTabsAndLinesWithoutTrippingTheControlCharacterCheck() throws Exception {
        SmtpSettings settings = parse(props("mail.smtp.ssl.protocols", "TLSv1.2\tTLSv1.3",
                "mail.smtp.ssl.trust", "a.example\n b.example", "mail.smtp.auth.mechanisms", "PLAIN\r\nLOGIN"));

        assertEquals(List.of("TLSv1.2", "TLSv1.3"), settings.tls().protocols());
        assertEquals(Set.of("a.example", "b.example"), settings.tls().trustedHosts());
        assertEquals(List.of("PLAIN", "LOGIN"), settings.authMechanisms());
    }

    @Test
    void explicitTlsProtocolsWinOverTheSslProtocolsAlias() throws Exception {
        assertEquals(List.of("TLSv1.3"), parse(props("mail.smtp.tls.protocols", "TLSv1.3",
                "mail.smtp.ssl.protocols", "TLSv1.2")).tls().protocols());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1", "TLSv1.1", "SSLv3"})
    void protocolsBelowTls12FailBecauseTls12IsTheFloor(String legacy) {
        for (String key : List.of("mail.smtp.tls.protocols", "mail.smtp.ssl.protocols")) {
            InvalidConfigurationException e = assertFailure(props(key, "TLSv1.2 " + legacy), key);
            assertTrue(e.getMessage().contains("TLS 1.2 is the floor"), e.getMessage());
        }
    }

    @Test
    void unknownProtocolFailsNamingTheKey() {
        assertFailure(props("mail.smtp.tls.protocols", "TLSv1.4"), "mail.smtp.tls.protocols");
        assertFailure(props("mail.smtp.tls.protocols", ","), "mail.smtp.tls.protocols");
    }

    @Test
    void cipherSuitesAreReadFromTlsCiphersuitesOrTheSslCiphersuitesAlias() throws Exception {
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"),
                parse(props("mail.smtp.tls.ciphersuites", "TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256"))
                        .tls().cipherSuites());
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"),
                parse(props("mail.smtp.ssl.ciphersuites", "TLS_AES_256_GCM_SHA384")).tls().cipherSuites());
        assertEquals(List.of("TLS_AES_128_GCM_SHA256"), parse(props("mail.smtp.tls.ciphersuites",
                "TLS_AES_128_GCM_SHA256", "mail.smtp.ssl.ciphersuites", "TLS_AES_256_GCM_SHA384")).tls().cipherSuites());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_NULL_SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_RC4_128_MD5",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", "TLS_AES_128_GCM_SHA256;"})
    void weakOrMalformedCipherSuitesFailNamingTheKey(String suite) {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.ssl.ciphersuites", suite),
                "mail.smtp.ssl.ciphersuites");

        assertTrue(e.getMessage().contains(suite), e.getMessage());
    }

    @Test
    void plaintextFallbackIsAllowedOnlyWithOpportunisticPolicy() throws Exception {
        assertEquals(TlsFallback.PLAINTEXT, parse(props("mail.smtp.tls.fallback", "plaintext")).tls().fallback());
        assertFailure(props("mail.smtp.tls.fallback", "plaintext", "mail.smtp.starttls.required", "true"),
                "mail.smtp.tls.fallback");
        assertFailure(props("mail.smtp.tls.fallback", "plaintext", "mail.smtp.tls.policy", "none"),
                "mail.smtp.tls.fallback");
        assertFailure(props("mail.smtp.tls.fallback", "plaintext", "mail.smtp.ssl.enable", "true"),
                "mail.smtp.tls.fallback");
        assertFailure(props("mail.smtp.tls.fallback", "cleartext"), "mail.smtp.tls.fallback");
    }

    @Test
    void engineIsConscryptOrJdk() throws Exception {
        assertEquals(TlsEngine.JDK, parse(props("mail.smtp.tls.engine", "JDK")).tls().engine());
        assertEquals(TlsEngine.CONSCRYPT, parse(props("mail.smtp.tls.engine", "conscrypt")).tls().engine());
        assertFailure(props("mail.smtp.tls.engine", "bouncycastle"), "mail.smtp.tls.engine");
    }

    @Test
    void unknownTlsKeyFailsListingTheKnownKeys() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.tls.trustore", "/etc/trust.p12"),
                "mail.smtp.tls.trustore");

        assertTrue(e.getMessage().contains("mail.smtp.tls.truststore"), e.getMessage());
        assertTrue(e.getMessage().contains("mail.smtp.auth.insecure"), e.getMessage());
        assertFailure(props("mail.smtp.tls", "true"), "mail.smtp.tls");
    }

    // ---- Angus keys Sealpost cannot honour -----------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.socketFactory.class", "mail.smtp.ssl.socketFactory.class"})
    void socketFactoryKeyFailsNamingTheTlsKeysToUse(String key) {
        InvalidConfigurationException e = assertFailure(props(key, "com.example.TrustingFactory"), key);

        for (String instead : List.of("mail.smtp.tls.truststore", "mail.smtp.tls.trustcerts", "mail.smtp.tls.keystore",
                "mail.smtp.tls.cert", "mail.smtp.tls.engine")) {
            assertTrue(e.getMessage().contains(instead), e.getMessage());
        }
    }

    @Test
    void sslSocketFactoryClassOnPort465PointsToSslEnable() {
        InvalidConfigurationException e = assertFailure(props(
                "mail.smtp.socketFactory.class", "javax.net.ssl.SSLSocketFactory"), "mail.smtp.socketFactory.class");

        assertTrue(e.getMessage().contains("mail.smtp.ssl.enable=true"), e.getMessage());
    }

    @Test
    void socketFactoryInstanceFailsNamingTheKey() {
        Properties properties = new Properties();
        properties.put("mail.smtp.ssl.socketFactory", SocketFactory.getDefault());

        InvalidConfigurationException e = assertFailure(properties, "mail.smtp.ssl.socketFactory");
        assertTrue(e.getMessage().contains("mail.smtp.tls.truststore"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.socketFactory.port", "mail.smtp.ssl.socketFactory.port"})
    void socketFactoryPortFailsNamingThePortKey(String key) {
        InvalidConfigurationException e = assertFailure(props(key, "465"), key);

        assertTrue(e.getMessage().contains("mail.smtp.port"), e.getMessage());
    }

    @Test
    void socketFactoryFallbackFailsNamingTlsFallback() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.socketFactory.fallback", "false"),
                "mail.smtp.socketFactory.fallback");

        assertTrue(e.getMessage().contains("mail.smtp.tls.fallback"), e.getMessage());
    }

    @Test
    void emptySocketFactoryValueCountsAsUnsetAsInAngus() throws Exception {
        assertEquals(TlsPolicy.OPPORTUNISTIC, parse(props("mail.smtp.socketFactory.class", "",
                "mail.smtp.ssl.socketFactory.class", " ")).tls().policy());
    }

    @Test
    void hostnameVerifierFailsNamingTheVerificationKeys() {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.ssl.hostnameverifier.class",
                "com.example.AllowAll"), "mail.smtp.ssl.hostnameverifier.class");

        assertTrue(e.getMessage().contains("mail.smtp.tls.verify"), e.getMessage());
    }

    @Test
    void saslEnableTrueFailsBecauseSealpostImplementsItsMechanismsItself() throws Exception {
        InvalidConfigurationException e = assertFailure(props("mail.smtp.sasl.enable", "true"), "mail.smtp.sasl.enable");
        assertTrue(e.getMessage().contains("mail.smtp.auth.mechanisms"), e.getMessage());

        assertEquals(List.of("LOGIN", "PLAIN"), parse(props("mail.smtp.sasl.enable", "false",
                "mail.smtp.sasl.mechanisms", "GSSAPI")).authMechanisms());
    }

    @Test
    void saslAuthorizationIdIsAcceptedOnlyWhenItIsTheUser() throws Exception {
        assertEquals("alice", parse(props("mail.smtp.user", "alice", "mail.smtp.sasl.authorizationid", "alice")).user());
        assertFailure(props("mail.smtp.user", "alice", "mail.smtp.sasl.authorizationid", "boss"),
                "mail.smtp.sasl.authorizationid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp.auth.ntlm.domain", "mail.smtp.auth.ntlm.flags", "mail.smtp.sasl.realm",
            "mail.smtp.saslrealm"})
    void keysOfUnimplementedMechanismsFailNamingTheSupportedOnes(String key) {
        InvalidConfigurationException e = assertFailure(props(key, "CORP"), key);

        assertTrue(e.getMessage().contains("PLAIN, LOGIN or XOAUTH2"), e.getMessage());
    }

    @Test
    void debugAuthFailsBecauseAuthPayloadsAreNeverLogged() throws Exception {
        assertFailure(props("mail.debug.auth", "true"), "mail.debug.auth");
        assertFalse(parse(props("mail.debug.auth", "false")).debug());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static SmtpSettings parse(Properties properties) throws InvalidConfigurationException {
        return SettingsParser.parse(properties, "smtp");
    }

    /** Every failure names its key, both as {@link InvalidConfigurationException#key()} and in the message. */
    private static InvalidConfigurationException assertFailure(Properties properties, String key) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> parse(properties));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(key), e.getMessage());
        return e;
    }

    private static Properties props(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "placeholder: the tls package reads the contents");
    }

    private static byte[] bytes(int length, int fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) fill);
        return bytes;
    }
}
