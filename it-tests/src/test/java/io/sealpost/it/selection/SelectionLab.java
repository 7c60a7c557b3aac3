package io.sealpost.it.selection;

import io.sealpost.it.selection.SelectionCell.Placement;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Builds the isolated class loaders of one matrix cell from the jars Maven copied to
 * {@code target/selection}, and asks that cell's {@code jakarta.mail.Session} which class it returns for
 * {@code smtp} and {@code smtps}. The test's own class path never takes part (the parent is the platform
 * loader), and the thread context loader is the cell's, as in an application or a WAR.
 */
final class SelectionLab {
    private final Path jars;

    SelectionLab(Path jars) {
        this.jars = jars;
        TestJars.writeInto(jars);
    }

    static SelectionLab fromSystemProperty() {
        String dir = System.getProperty("sealpost.selection.dir", "target/selection");
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path.toAbsolutePath()
                    + " is missing: run through Maven (mvn -pl it-tests verify), whose dependency plugin fills it");
        }
        return new SelectionLab(path);
    }

    /** What a cell's Session answered: transport class names, or the exception it threw instead. */
    record Outcome(String smtp, String smtps) {
        boolean sealpostOwnsBoth() {
            return smtp.equals("io.sealpost.smtp.SmtpTransport") && smtps.equals("io.sealpost.smtp.SmtpsTransport");
        }

        boolean angusOwnsBoth() {
            return smtp.equals("org.eclipse.angus.mail.smtp.SMTPTransport")
                    && smtps.equals("org.eclipse.angus.mail.smtp.SMTPSSLTransport");
        }
    }

    /** How the application asks for its Session. */
    enum SessionRequest {
        /** {@code Session.getInstance(props)}. */
        PROPERTIES_ONLY,
        /** {@code Session.getInstance(props, authenticator)} with an Authenticator class of the application's. */
        WITH_APP_AUTHENTICATOR
    }

    Outcome measure(SelectionCell cell, Properties sessionProperties, SessionRequest request) {
        List<URL> implementation = urls(cell.api().jar(), cell.implementation().jar,
                "jakarta.activation-api-2.1.3.jar", angusActivationJar());
        List<URL> sealpost = urls("sealpost-smtp.jar", conscryptJar(), TestJars.APP);
        List<URLClassLoader> loaders = new ArrayList<>();
        try {
            ClassLoader leaf;
            if (cell.placement() == Placement.SEALPOST_IN_CHILD_LOADER) {
                URLClassLoader server = track(loaders, new URLClassLoader("server", implementation.toArray(URL[]::new),
                        ClassLoader.getPlatformClassLoader()));
                leaf = track(loaders, new URLClassLoader("war", sealpost.toArray(URL[]::new), server));
            } else {
                List<URL> path = new ArrayList<>();
                path.add(implementation.get(0)); // the API itself first, always
                if (cell.placement() == Placement.SEALPOST_FIRST) {
                    path.addAll(sealpost);
                    path.addAll(implementation.subList(1, implementation.size()));
                } else {
                    path.addAll(implementation.subList(1, implementation.size()));
                    path.addAll(sealpost);
                }
                leaf = track(loaders, new URLClassLoader("application", path.toArray(URL[]::new),
                        ClassLoader.getPlatformClassLoader()));
            }
            return askSession(leaf, sessionProperties, request);
        } finally {
            for (URLClassLoader loader : loaders) {
                try {
                    loader.close();
                } catch (IOException ignored) {
                    // a jar we only read; nothing to recover
                }
            }
        }
    }

    private static Outcome askSession(ClassLoader leaf, Properties sessionProperties, SessionRequest request) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(leaf);
        try {
            Class<?> sessionClass = Class.forName("jakarta.mail.Session", true, leaf);
            Object session;
            if (request == SessionRequest.WITH_APP_AUTHENTICATOR) {
                Class<?> authenticatorType = Class.forName("jakarta.mail.Authenticator", false, leaf);
                Object authenticator = Class.forName(AppAuthenticator.class.getName(), true, leaf)
                        .getConstructor().newInstance();
                session = sessionClass.getMethod("getInstance", Properties.class, authenticatorType)
                        .invoke(null, sessionProperties, authenticator);
            } else {
                session = sessionClass.getMethod("getInstance", Properties.class).invoke(null, sessionProperties);
            }
            Method getTransport = sessionClass.getMethod("getTransport", String.class);
            return new Outcome(transportClass(getTransport, session, "smtp"), transportClass(getTransport, session, "smtps"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot drive the cell's Session", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String transportClass(Method getTransport, Object session, String protocol)
            throws IllegalAccessException {
        try {
            return getTransport.invoke(session, protocol).getClass().getName();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    private static URLClassLoader track(List<URLClassLoader> loaders, URLClassLoader loader) {
        loaders.add(loader);
        return loader;
    }

    private String angusActivationJar() {
        return only("angus-activation-");
    }

    private String conscryptJar() {
        return only("conscrypt-openjdk-uber-");
    }

    private String only(String prefix) {
        try (var files = Files.list(jars)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
            if (names.size() != 1) {
                throw new IllegalStateException("expected one " + prefix + "*.jar in " + jars + ", found " + names);
            }
            return names.get(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + jars, e);
        }
    }

    private List<URL> urls(String... names) {
        List<URL> urls = new ArrayList<>();
        for (String name : names) {
            Path jar = jars.resolve(name);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": add it to the selection-jars execution of it-tests/pom.xml");
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return urls;
    }
}
