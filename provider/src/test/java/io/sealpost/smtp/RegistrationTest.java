package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2: with Angus Mail 2.0.5 and jakarta.mail-api 2.1.5 on the class path (both are on this module's
 * test class path), Sealpost owns smtp and smtps without mail.smtp.class.
 */
class RegistrationTest {
    @Test
    void angusAndMailApiOnTheClassPathAreTheOnesThisTestIsAbout() throws Exception {
        assertTrue(jarOf(Session.class).endsWith("jakarta.mail-api-2.1.5.jar"), jarOf(Session.class));
        // Angus is present, with its own smtp provider competing for the protocol.
        String angus = jarOf(Class.forName("org.eclipse.angus.mail.smtp.SMTPTransport"));
        assertTrue(angus.endsWith("angus-mail-2.0.5.jar"), angus);
    }

    @Test
    void sealpostOwnsSmtpWithoutMailSmtpClass() throws Exception {
        Session session = Session.getInstance(new Properties());
        assertTrue(session.getTransport("smtp") instanceof SmtpTransport, () -> "smtp went to "
                + transportClass(session, "smtp"));
        assertEquals("Sealpost", session.getProvider("smtp").getVendor());
    }

    @Test
    void sealpostOwnsSmtpsWithoutMailSmtpsClass() throws Exception {
        Session session = Session.getInstance(new Properties());
        assertTrue(session.getTransport("smtps") instanceof SmtpsTransport, () -> "smtps went to "
                + transportClass(session, "smtps"));
    }

    private static String jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().getPath();
    }

    private static String transportClass(Session session, String protocol) {
        try {
            return session.getTransport(protocol).getClass().getName();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
