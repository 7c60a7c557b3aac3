package io.sealpost.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.ProtocolViolationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    private static Capabilities parse(String... lines) throws ProtocolViolationException {
        return Capabilities.parse(new Reply(250, List.of(lines)));
    }

    @Test
    void parsesKeywordsAndParametersCaseInsensitively() throws Exception {
        Capabilities capabilities = parse("mail.test greets you", "starttls", "AUTH plain LOGIN", "SIZE 1000", "8BITMIME");
        assertEquals("mail.test greets you", capabilities.greeting());
        assertTrue(capabilities.supports("STARTTLS"));
        assertEquals(Set.of("PLAIN", "LOGIN"), capabilities.authMechanisms());
        assertEquals(1000, capabilities.maxSize());
        assertFalse(capabilities.supports("PIPELINING"));
        assertEquals(List.of("starttls", "AUTH plain LOGIN", "SIZE 1000", "8BITMIME"), capabilities.lines());
    }

    @Test
    void sizeWithoutLimitIsZeroAndAbsentSizeIsMinusOne() throws Exception {
        assertEquals(0, parse("mail.test", "SIZE").maxSize());
        assertEquals(-1, parse("mail.test").maxSize());
    }

    @Test
    void malformedKeywordIsAProtocolViolationNotSomethingToSkip() {
        assertThrows(ProtocolViolationException.class, () -> parse("mail.test", "-STARTTLS"));
        assertThrows(ProtocolViolationException.class, () -> parse("mail.test", ""));
        assertThrows(ProtocolViolationException.class, () -> parse("mail.test", "SIZE big").maxSize());
    }

    @Test
    void heloServersOfferNothing() {
        assertFalse(Capabilities.none().supports("STARTTLS"));
    }
}
