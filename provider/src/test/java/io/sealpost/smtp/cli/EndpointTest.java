package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EndpointTest {
    private final Properties none = new Properties();

    @Test
    void aBareHostIsPort25WithStartTls() throws UsageException {
        Endpoint endpoint = Endpoint.resolve("mx.example.com", false, none);
        assertEquals("mx.example.com", endpoint.host());
        assertEquals(25, endpoint.port());
        assertFalse(endpoint.implicit());
        assertEquals("smtp", endpoint.protocol());
    }

    @Test
    void port465ImpliesImplicitTls() throws UsageException {
        Endpoint endpoint = Endpoint.resolve("smtp.example.com:465", false, none);
        assertTrue(endpoint.implicit());
        assertEquals("true", endpoint.applyTo(none).getProperty("mail.smtp.ssl.enable"));
    }

    @Test
    void anExplicitSslEnableWinsOverPort465() throws UsageException {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.ssl.enable", "false");
        assertFalse(Endpoint.resolve("smtp.example.com:465", false, properties).implicit());
    }

    @Test
    void implicitFlagWorksOnAnyPort() throws UsageException {
        Endpoint endpoint = Endpoint.resolve("127.0.0.1:2465", true, none);
        assertTrue(endpoint.implicit());
        assertEquals(2465, endpoint.port());
    }

    @Test
    void ipv6AddressesTakeBrackets() throws UsageException {
        Endpoint endpoint = Endpoint.resolve("[::1]:587", false, none);
        assertEquals("::1", endpoint.host());
        assertEquals(587, endpoint.port());
        assertEquals("[::1]:587", endpoint.address());
        assertEquals(25, Endpoint.resolve("::1", false, none).port());
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertThrows(UsageException.class, () -> Endpoint.resolve("mx.example.com:70000", false, none));
        assertThrows(UsageException.class, () -> Endpoint.resolve("mx.example.com:smtp", false, none));
        assertThrows(UsageException.class, () -> Endpoint.resolve(":25", false, none));
    }

    @Test
    void withOnlySmtpsKeysTheSmtpsProtocolIsUsed() throws UsageException {
        Properties properties = new Properties();
        properties.setProperty("mail.smtps.tls.trustcerts", "ca.pem");
        Endpoint endpoint = Endpoint.resolve("smtp.example.com", false, properties);
        assertEquals("smtps", endpoint.protocol());
        assertTrue(endpoint.implicit());
        assertEquals(465, endpoint.port());
    }

    @Test
    void withoutAServerArgumentTheSessionPropertiesNameIt() throws UsageException {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "relay.example.com");
        properties.setProperty("mail.smtp.port", "587");
        Endpoint endpoint = Endpoint.resolve(null, false, properties);
        assertEquals("relay.example.com:587", endpoint.address());
        assertThrows(UsageException.class, () -> Endpoint.resolve(null, false, none));
    }
}
