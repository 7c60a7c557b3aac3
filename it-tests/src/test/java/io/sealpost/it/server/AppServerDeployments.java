package io.sealpost.it.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WARs the application-server tests deploy, built from the jars Maven copied to target/selection. */
public final class AppServerDeployments {
    private AppServerDeployments() {
    }

    /** An application with Sealpost and Conscrypt in WEB-INF/lib and its own @MailSessionDefinition. */
    public static WebArchive withSealpostInWebInfLib(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(AppMailProbeServlet.class, MailProbe.class, AppServerFixture.class)
                .addAsLibraries(jar("sealpost-smtp.jar").toFile(), jar("conscrypt-openjdk-uber-").toFile());
    }

    /** An application with no Sealpost jar: it uses a session the administrator installed on the server. */
    public static WebArchive withoutSealpost(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(ServerMailProbeServlet.class, MailProbe.class, AppServerFixture.class);
    }

    public static Path jar(String prefix) {
        Path dir = Path.of(System.getProperty("sealpost.it.jars", "target/selection"));
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + dir));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
