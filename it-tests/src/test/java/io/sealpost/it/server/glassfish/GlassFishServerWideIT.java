package io.sealpost.it.server.glassfish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealpost.it.server.AppServerContract;
import io.sealpost.it.server.AppServerDeployments;
import io.sealpost.it.server.AppServerFixture;
import io.sealpost.it.support.Samples;
import java.lang.annotation.Annotation;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The administrator's mail resource from META-INF-samples/glassfish, applied with asadmin add-resources through
 * the embedded server's CommandRunner (host, port, from and the certificate paths changed, nothing else); then
 * an application with no Sealpost jar looks up mail/Sealpost. Embedded GlassFish runs in the test JVM, so
 * its "domain lib" is the test class path, where Sealpost is: the sample's add-library step is not run here
 * (embedded GlassFish has no create-javamail-resource command either, hence the resources file),
 * and this test proves the mail resource, not the jar's placement (WildFly and Liberty prove that). The
 * embedded domain is a temporary directory discarded with the JVM, so nothing is removed afterwards.
 */
@ExtendWith(ArquillianExtension.class)
class GlassFishServerWideIT extends AppServerContract {
    private static final String PROBE = "server-probe?jndi=mail/Sealpost";

    @Deployment(testable = false)
    static WebArchive application() {
        return AppServerDeployments.withoutSealpost("no-sealpost-app");
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void addTheMailResourceAsTheAdministratorWould() throws IOException {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("host=\"relay.example.internal\"", "host=\"localhost\"");
        local.put("from=\"app@example.com\"", "from=\"" + AppServerFixture.FROM + "\"");
        local.put("name=\"mail-smtp-port\" value=\"25\"", "name=\"mail-smtp-port\" value=\"" + AppServerFixture.SMTP_PORT + "\"");
        local.put("/etc/sealpost/relay-ca.pem", AppServerFixture.CA_PEM);
        local.put("/etc/sealpost/client.p12", AppServerFixture.CLIENT_KEYSTORE);
        Path resources = Files.createTempFile("sealpost-mail-resource", ".xml");
        Files.writeString(resources, Samples.text("glassfish/sealpost-mail-resource.xml", local));
        asadmin("add-resources", resources.toString());
    }

    @Test
    void mailResourceIsServedBySealpostInAnApplicationWithoutTheJar() throws Exception {
        assertSealpostServes(base, PROBE);
    }

    @Test
    void mailResourceSendsOverMandatoryStartTlsPresentingTheClientCertificate() throws Exception {
        assertSendsOverMandatoryStartTlsWithClientCertificate(base, PROBE);
    }

    /**
     * One asadmin command through the embedded server's {@code CommandRunner}, reached by reflection: GlassFish
     * is on this execution's class path only, not on the test compile path shared with the other servers.
     */
    private static void asadmin(String... commandLine) {
        try {
            Object locator = Class.forName("org.glassfish.internal.api.Globals").getMethod("getDefaultHabitat").invoke(null);
            Class<?> runnerType = Class.forName("org.glassfish.embeddable.CommandRunner");
            Object runner = Class.forName("org.glassfish.hk2.api.ServiceLocator")
                    .getMethod("getService", Class.class, Annotation[].class).invoke(locator, runnerType, new Annotation[0]);
            String[] arguments = List.of(commandLine).subList(1, commandLine.length).toArray(String[]::new);
            Object result = runnerType.getMethod("run", String.class, String[].class).invoke(runner, commandLine[0], arguments);
            Class<?> resultType = Class.forName("org.glassfish.embeddable.CommandResult");
            assertEquals("SUCCESS", String.valueOf(resultType.getMethod("getExitStatus").invoke(result)),
                    String.join(" ", commandLine) + ":\n" + resultType.getMethod("getOutput").invoke(result)
                            + "\n" + resultType.getMethod("getFailureCause").invoke(result));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no embedded GlassFish CommandRunner in this JVM", e);
        }
    }
}
