package io.sealpost.it.selection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Packs test classes that must live inside a matrix cell's class loaders (never on the test class
 * path's own loader) into small jars beside the Maven-copied ones, once per run.
 */
final class TestJars {
    /** {@link PlainStreamProvider} with its service file: a Jakarta Mail implementation that is not Angus. */
    static final String PLAIN_STREAM_PROVIDER = "plain-stream-provider.jar";
    /** {@link AppAuthenticator}: a class of the application itself, loaded by the application's loader. */
    static final String APP = "app.jar";

    private TestJars() {
    }

    static synchronized void writeInto(Path directory) {
        write(directory.resolve(PLAIN_STREAM_PROVIDER), PlainStreamProvider.class,
                "META-INF/services/jakarta.mail.util.StreamProvider", "/selection/plain-stream-provider/");
        write(directory.resolve(APP), AppAuthenticator.class, null, null);
    }

    private static void write(Path jar, Class<?> type, String serviceEntry, String serviceRoot) {
        String classEntry = type.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            copy(out, classEntry, "/" + classEntry);
            if (serviceEntry != null) {
                copy(out, serviceEntry, serviceRoot + serviceEntry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
    }

    private static void copy(JarOutputStream out, String entry, String resource) throws IOException {
        try (InputStream in = TestJars.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
