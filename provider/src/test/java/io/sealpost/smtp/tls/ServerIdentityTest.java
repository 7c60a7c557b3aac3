package io.sealpost.smtp.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RFC 6125 / RFC 9525 name rules, on certificates without a handshake (the handshake tests cover the wiring). */
class ServerIdentityTest {
    static ThrowawayCa ca;

    @BeforeAll
    static void pki() {
        ca = ThrowawayCa.create("Sealpost Test Root");
    }

    private static X509Certificate dns(String... names) {
        return ca.issue("test").dnsNames(names).issue().certificate();
    }

    @Test
    void namesCompareCaseInsensitively() {
        assertTrue(ServerIdentity.matches(dns("Mail.Example.TEST"), "mail.example.test"));
        assertTrue(ServerIdentity.matches(dns("*.EXAMPLE.test"), "MAIL.example.test"));
    }

    @Test
    void aTrailingDotOnEitherSideIsIgnored() {
        assertTrue(ServerIdentity.matches(dns("mail.example.test"), "mail.example.test."));
        assertTrue(ServerIdentity.matches(dns("mail.example.test."), "mail.example.test"));
    }

    @Test
    void theSubjectCommonNameIsNeverUsedEvenWithoutSubjectAltNames() {
        X509Certificate commonNameOnly = ca.issue("mail.example.test").issue().certificate();

        assertFalse(ServerIdentity.matches(commonNameOnly, "mail.example.test"));
        assertTrue(ServerIdentity.mismatch(commonNameOnly, "mail.example.test").orElseThrow().contains("RFC 9525"));
    }

    @Test
    void aWildcardForAWholeTopLevelDomainMatchesNothing() {
        assertFalse(ServerIdentity.matches(dns("*.test"), "example.test"));
    }

    @Test
    void aWildcardOutsideTheLeftMostLabelMatchesNothing() {
        assertFalse(ServerIdentity.matches(dns("mail.*.test"), "mail.example.test"));
        assertFalse(ServerIdentity.matches(dns("*.*.test"), "mail.example.test"));
        assertFalse(ServerIdentity.matches(dns("*mail.example.test"), "mail.example.test"));
    }

    @Test
    void aReferenceNameIsNeverAPattern() {
        assertFalse(ServerIdentity.matches(dns("*.example.test"), "*.example.test"));
    }

    @Test
    void anIpAddressEntryNeverMatchesADnsName() {
        X509Certificate loopback = ca.issue("loopback").ipAddresses("127.0.0.1").issue().certificate();

        assertFalse(ServerIdentity.matches(loopback, "localhost"));
    }

    @Test
    void ipv6LiteralsCompareAsAddressesInAnySpelling() {
        X509Certificate v6 = ca.issue("v6").ipAddresses("2001:db8::25").issue().certificate();

        assertTrue(ServerIdentity.matches(v6, "2001:DB8:0:0:0:0:0:25"));
        assertTrue(ServerIdentity.matches(v6, "[2001:db8::25]"));
        assertFalse(ServerIdentity.matches(v6, "2001:db8::26"));
    }

    @Test
    void internationalisedNamesCompareAsALabels() {
        assertTrue(ServerIdentity.matches(dns("xn--bcher-kva.example"), "bücher.example"));
    }

    @Test
    void onlyRealIpLiteralsAreIpLiterals() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, ServerIdentity.ipLiteral("192.0.2.1"));
        assertNull(ServerIdentity.ipLiteral("256.0.0.1"));
        assertNull(ServerIdentity.ipLiteral("mail.example.test"));
        assertNull(ServerIdentity.ipLiteral("cafe:beef")); // not an IPv6 address, and never looked up in DNS
        assertNull(ServerIdentity.ipLiteral("1.2.3"));
    }
}
