package io.sealpost.it.server.glassfish;

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
 * GlassFish 7 embedded: Sealpost in WEB-INF/lib, sessions from @MailSessionDefinition. Embedded GlassFish
 * runs in the test JVM, whose class path also holds Sealpost (ahead of glassfish-embedded-all), so this
 * proves the sessions and the send, not the WAR's packaging (WildFly and Liberty, managed, prove that).
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishAppIT extends AppServerContract {

    @Deployment(testable = false)
    static WebArchive application() {
        return AppServerDeployments.withSealpostInWebInfLib("sealpost-app");
    }

    @ArquillianResource
    URL base;

    @Test
    void injectedMailSessionDefinitionSessionIsServedBySealpost() throws Exception {
        assertSealpostServes(base, "probe");
    }

    @Test
    void injectedSessionSendsOverMandatoryStartTlsPresentingTheClientCertificate() throws Exception {
        assertSendsOverMandatoryStartTlsWithClientCertificate(base, "probe");
    }

    @Test
    void withMailSmtpClassTheInjectedSessionSendsOverMandatoryStartTlsPresentingTheClientCertificate() throws Exception {
        assertSealpostServes(base, "probe?session=explicit");
        assertSendsOverMandatoryStartTlsWithClientCertificate(base, "probe?session=explicit");
    }
}
