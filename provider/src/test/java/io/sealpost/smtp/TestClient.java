package io.sealpost.smtp;

import io.sealpost.smtp.cli.ThrowawayCa;
import io.sealpost.smtp.tls.Pki;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.TestCertificates;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Properties;

/**
 * A Jakarta Mail client of a {@link SmtpTestServer}, configured as a user would: Session properties
 * only. Defaults: trust the test CA (PEM file), expect the name mail.test, 5-second timeouts.
 */
final class TestClient {
    private final Properties properties = new Properties();
    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();
    private String protocol = "smtp";

    private TestClient() {
    }

    static TestClient of(SmtpTestServer server) {
        TestClient client = new TestClient();
        client.protocol = server.mode() == SmtpTestServer.Mode.IMPLICIT_TLS ? "smtps" : "smtp";
        return client.with("host", server.host())
                .with("port", String.valueOf(server.port()))
                .with("tls.trustcerts", pem(TestCertificates.ca().certificate()).toString())
                .with("tls.servername", SmtpTestServer.HOSTNAME)
                .with("connectiontimeout", "5000")
                .with("timeout", "5000")
                .with("writetimeout", "5000");
    }

    /** Sets {@code mail.<protocol>.<key>}, or the key as given when it starts with "mail.". */
    TestClient with(String key, String value) {
        properties.setProperty(key.startsWith("mail.") ? key : "mail." + protocol + "." + key, value);
        return this;
    }

    TestClient without(String key) {
        properties.remove(key.startsWith("mail.") ? key : "mail." + protocol + "." + key);
        return this;
    }

    /** Logs in as the test server's default user. */
    TestClient credentials() {
        return with("auth", "true").with("user", "alice").with("password", "secret");
    }

    TestClient debug() {
        return with("mail.debug", "true");
    }

    Session session() {
        return session(null);
    }

    /** A Session whose {@link Authenticator} answers when the transport needs a password. */
    Session session(Authenticator authenticator) {
        Session session = Session.getInstance(properties, authenticator);
        session.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
        return session;
    }

    String protocol() {
        return protocol;
    }

    /** The mail.debug output of every Session this client made. */
    String trace() {
        return trace.toString(StandardCharsets.UTF_8);
    }

    /** Connects a transport of a new Session; the caller closes it. */
    SmtpTransport connect() throws MessagingException {
        SmtpTransport transport = (SmtpTransport) session().getTransport(protocol);
        transport.connect();
        return transport;
    }

    /** Connects, sends {@link #message} to bob@example.com, closes; returns the TLS report of that connection. */
    TlsReport send() throws MessagingException {
        Session session = session();
        SmtpTransport transport = (SmtpTransport) session.getTransport(protocol);
        try (transport) {
            transport.connect();
            MimeMessage message = message(session);
            transport.sendMessage(message, message.getAllRecipients());
            return transport.getTlsReport().orElseThrow();
        }
    }

    static MimeMessage message(Session session) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom("alice@example.com");
        message.setRecipients(Message.RecipientType.TO, "bob@example.com");
        message.setSubject("Sealpost test");
        message.setText("Hello Bob,\n.this line starts with a dot\nBye.\n");
        return message;
    }

    /** A PEM file holding the certificates, deleted when the JVM exits. */
    static Path pem(X509Certificate... certificates) {
        try {
            return ThrowawayCa.writePem(temporary(".pem"), certificates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An unencrypted PKCS#8 PEM file holding the key, deleted when the JVM exits. */
    static Path pemKey(PrivateKey key) {
        try {
            return ThrowawayCa.writePem(temporary(".key"), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PKCS12 key store file holding each identity under its alias, password "changeit". */
    static Path keyStore(Object... aliasesAndIdentities) {
        try {
            return Pki.writeIdentities(temporary(".p12"), "changeit", aliasesAndIdentities);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporary(String suffix) throws IOException {
        Path file = Files.createTempFile("sealpost-test-", suffix);
        file.toFile().deleteOnExit();
        return file;
    }
}
