package io.sealpost.it.server.liberty;

import io.sealpost.it.server.AppServerContract;
import io.sealpost.it.server.AppServerDeployments;
import io.sealpost.it.server.AppServerFixture;
import io.sealpost.it.support.Samples;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The administrator's installation from META-INF-samples/liberty: the jars in Liberty's global library
 * directory (usr/shared/config/lib/global) and the sample dropped into configDropins/overrides (host, port,
 * from and the certificate paths changed, nothing else), then the server starts; an application with no
 * Sealpost jar looks up mail/Sealpost. Liberty builds the global library when it starts (jars copied into
 * the directory of a running server reach no application, measured), so this class has its own failsafe
 * execution: the installation happens before Arquillian starts Liberty (the extension is registered first).
 */
@ExtendWith({LibertyServerWideIT.SharedLibraryInstallation.class, ArquillianExtension.class})
class LibertyServerWideIT extends AppServerContract {
    private static final String PROBE = "server-probe?jndi=mail/Sealpost";

    @Deployment(testable = false)
    static WebArchive application() {
        return AppServerDeployments.withoutSealpost("no-sealpost-app");
    }

    @ArquillianResource
    URL base;

    @Test
    void sharedLibraryMailSessionIsServedBySealpostInAnApplicationWithoutTheJar() throws Exception {
        assertSealpostServes(base, PROBE);
    }

    @Test
    void sharedLibraryMailSessionSendsOverMandatoryStartTlsPresentingTheClientCertificate() throws Exception {
        assertSendsOverMandatoryStartTlsWithClientCertificate(base, PROBE);
    }

    /** Installs before the server starts, as the recipe requires; removes the installation afterwards. */
    static final class SharedLibraryInstallation implements BeforeAllCallback, AfterAllCallback {
        private static final Path HOME = Path.of(System.getProperty("liberty.home", "target/wlp"));
        private static final Path LIBRARY = HOME.resolve("usr/shared/config/lib/global");
        private static final Path DROPIN = HOME.resolve("usr/servers/sealpost/configDropins/overrides/sealpost-mail-session.xml");

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            if (serverListens()) {
                throw new IllegalStateException("Liberty is already running: LibertyServerWideIT needs its own failsafe"
                        + " execution, because Liberty reads the global library only when it starts");
            }
            Files.createDirectories(LIBRARY);
            Files.copy(AppServerDeployments.jar("sealpost-smtp.jar"), LIBRARY.resolve("sealpost-smtp.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(AppServerDeployments.jar("conscrypt-openjdk-uber-"), LIBRARY.resolve("conscrypt-openjdk-uber.jar"), StandardCopyOption.REPLACE_EXISTING);

            Map<String, String> local = new LinkedHashMap<>();
            local.put("host=\"relay.example.internal\"", "host=\"localhost\"");
            local.put("from=\"app@example.com\"", "from=\"" + AppServerFixture.FROM + "\"");
            local.put("name=\"mail.smtp.port\" value=\"25\"", "name=\"mail.smtp.port\" value=\"" + AppServerFixture.SMTP_PORT + "\"");
            local.put("/etc/sealpost/relay-ca.pem", AppServerFixture.CA_PEM);
            local.put("/etc/sealpost/client.p12", AppServerFixture.CLIENT_KEYSTORE);
            Files.createDirectories(DROPIN.getParent());
            Files.writeString(DROPIN, Samples.text("liberty/sealpost-mail-session.xml", local));
        }

        /** Left behind, the global library would reach LibertyAppIT's WAR on the next run. */
        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            Files.deleteIfExists(DROPIN);
            Files.deleteIfExists(LIBRARY.resolve("sealpost-smtp.jar"));
            Files.deleteIfExists(LIBRARY.resolve("conscrypt-openjdk-uber.jar"));
        }

        private static boolean serverListens() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", 9180), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
