package io.sealpost.it.server.wildfly;

import io.sealpost.it.server.AppServerContract;
import io.sealpost.it.server.AppServerDeployments;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WildFly (managed, a real server JVM): Sealpost in WEB-INF/lib, session from @MailSessionDefinition. */
@ExtendWith(ArquillianExtension.class)
class WildFlyAppIT extends AppServerContract {

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
}
