package io.sealpost.it.server.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealpost.it.server.AppServerContract;
import io.sealpost.it.server.AppServerDeployments;
import io.sealpost.it.server.AppServerFixture;
import io.sealpost.it.support.Samples;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The administrator's installation from META-INF-samples/wildfly: the module and the CLI script, run with
 * WildFly's own jboss-cli.sh against the running server; then an application with no Sealpost jar uses
 * java:jboss/mail/Sealpost. Runs after WildFlyAppIT (alphabetical order) and undoes its changes after.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyServerWideIT extends AppServerContract {
    private static final String PROBE = "server-probe?jndi=java:jboss/mail/Sealpost";

    @Deployment(testable = false)
    static WebArchive application() {
        return AppServerDeployments.withoutSealpost("no-sealpost-app");
    }

    @ArquillianResource
    URL base;

    private static Path home() {
        return Path.of(System.getProperty("jboss.home"));
    }

    @BeforeAll
    static void installSealpostAsTheAdministratorWould() throws Exception {
        Path module = home().resolve("modules/io/sealpost/smtp/main");
        Files.createDirectories(module);
        Files.copy(Samples.file("wildfly/module.xml"), module.resolve("module.xml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(AppServerDeployments.jar("sealpost-smtp.jar"), module.resolve("sealpost-smtp.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(AppServerDeployments.jar("conscrypt-openjdk-uber-"), module.resolve("conscrypt-openjdk-uber.jar"), StandardCopyOption.REPLACE_EXISTING);

        Map<String, String> local = new LinkedHashMap<>();
        local.put("host=relay.example.internal, port=25", "host=localhost, port=" + AppServerFixture.SMTP_PORT);
        local.put("from=app@example.com", "from=" + AppServerFixture.FROM);
        local.put("/etc/sealpost/relay-ca.pem", AppServerFixture.CA_PEM);
        local.put("/etc/sealpost/client.p12", AppServerFixture.CLIENT_KEYSTORE);
        cli(Samples.text("wildfly/sealpost-mail-session.cli", local));
    }

    @AfterAll
    static void uninstall() throws Exception {
        cli(String.join("\n",
                "batch",
                "/subsystem=ee:list-remove(name=global-modules, value={name=io.sealpost.smtp, services=true, meta-inf=true})",
                "/subsystem=mail/mail-session=sealpost:remove",
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=sealpost-relay:remove",
                "run-batch",
                "reload", ""));
    }

    @Test
    void sessionOfTheMailSubsystemIsServedBySealpostInAnApplicationWithoutTheJar() throws Exception {
        assertSealpostServes(base, PROBE);
    }

    @Test
    void sessionOfTheMailSubsystemSendsOverMandatoryStartTlsPresentingTheClientCertificate() throws Exception {
        assertSendsOverMandatoryStartTlsWithClientCertificate(base, PROBE);
    }

    private static void cli(String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile("sealpost-", ".cli");
        Files.writeString(file, script);
        Process cli = new ProcessBuilder(home().resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=localhost:10090", "--file=" + file)
                .redirectErrorStream(true).start();
        if (!cli.waitFor(180, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("jboss-cli.sh did not finish in 180 s");
        }
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cli.exitValue(), "jboss-cli.sh failed:\n" + output);
    }
}
