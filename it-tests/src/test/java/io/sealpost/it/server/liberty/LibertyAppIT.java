package io.sealpost.it.server.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealpost.it.server.AppServerContract;
import io.sealpost.it.server.AppServerDeployments;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Open Liberty (managed, a real server JVM): Sealpost in WEB-INF/lib, sessions from @MailSessionDefinition.
 * Liberty 26.0.0.3's mail-2.1 feature is mail-api 2.1.1 with Angus Mail 2.0.5, both visible to the thread's
 * context loader ahead of the WAR: as in the matrix's "2.1.0–2.1.3, child loader" cells, Angus is registered
 * first and wins unless the session names Sealpost with {@code mail.smtp.class}.
 */
@ExtendWith(ArquillianExtension.class)
class LibertyAppIT extends AppServerContract {
    private static final String EXPLICIT = "probe?session=explicit";

    @Deployment(testable = false)
    static WebArchive application() {
        return AppServerDeployments.withSealpostInWebInfLib("sealpost-app");
    }

    @ArquillianResource
    URL base;

    @Test
    void withMailSmtpClassTheInjectedSessionIsServedBySealpost() throws Exception {
        assertSealpostServes(base, EXPLICIT);
    }

    @Test
    void withMailSmtpClassTheInjectedSessionSendsOverMandatoryStartTlsPresentingTheClientCertificate() throws Exception {
        assertSendsOverMandatoryStartTlsWithClientCertificate(base, EXPLICIT);
    }

    /**
     * Pins the README's Liberty row: without {@code mail.smtp.class} Liberty's Angus takes smtp, and Angus
     * ignores every {@code mail.smtp.tls.*} key. When a Liberty release changes this, the README changes too.
     */
    @Test
    void withoutMailSmtpClassLibertysOwnAngusMailTakesSmtp() throws Exception {
        String answer = get(base, "probe?action=transport");
        assertEquals("org.eclipse.angus.mail.smtp.SMTPTransport", answer.lines().findFirst().orElse(""), answer);
    }
}
