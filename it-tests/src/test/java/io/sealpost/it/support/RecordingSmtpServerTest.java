package io.sealpost.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.RecordingSmtpServer.Mode;
import io.sealpost.it.support.RecordingSmtpServer.Received;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness proven with a client it does not test: Angus Mail, chosen with mail.smtp.class. When a
 * Sealpost test against this receiver fails, the receiver is not the suspect.
 */
class RecordingSmtpServerTest {

    @TempDir
    Path directory;

    private Properties angus(String protocol, int port, TestPki pki) {
        Properties properties = new Properties();
        properties.setProperty("mail." + protocol + ".class", protocol.equals("smtp")
                ? "org.eclipse.angus.mail.smtp.SMTPTransport" : "org.eclipse.angus.mail.smtp.SMTPSSLTransport");
        properties.setProperty("mail." + protocol + ".host", "localhost");
        properties.setProperty("mail." + protocol + ".port", String.valueOf(port));
        properties.setProperty("mail." + protocol + ".starttls.enable", "true");
        properties.setProperty("mail." + protocol + ".starttls.required", "true");
        properties.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        properties.put("mail." + protocol + ".ssl.socketFactory", pki.clientContext().getSocketFactory());
        return properties;
    }

    @Test
    void recordsStartTlsAuthAndClientCertificateOfAnAngusSession() throws Exception {
        TestPki pki = TestPki.createIn(directory);
        try (RecordingSmtpServer server = RecordingSmtpServer.start(Mode.STARTTLS, pki.serverContext(), true,
                Map.of("u", "p"), 0)) {
            Properties properties = angus("smtp", server.port(), pki);
            properties.setProperty("mail.smtp.auth", "true");
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session);
            message.setFrom("a@example.com");
            message.setRecipients(Message.RecipientType.TO, "b@example.net");
            message.setText(".leading dot and ünïcödé\n", "UTF-8");
            message.setHeader("Content-Transfer-Encoding", "8bit");
            Transport.send(message, "u", "p");

            Received received = server.awaitMessage(Duration.ofSeconds(20));
            assertTrue(received.startTls());
            assertTrue(received.tlsProtocol().startsWith("TLSv1."));
            assertEquals(TestPki.CLIENT_SUBJECT, received.clientCertificateSubject().orElse(null));
            assertEquals("u", received.authenticatedUser().orElse(null));
            assertEquals("a@example.com", received.mailFrom());
            assertTrue(received.text().contains(".leading dot and ünïcödé"), received.text());
        }
    }

    @Test
    void recordsImplicitTlsOfAnAngusSession() throws Exception {
        TestPki pki = TestPki.createIn(directory);
        try (RecordingSmtpServer server = RecordingSmtpServer.start(Mode.IMPLICIT_TLS, pki.serverContext(), false,
                Map.of(), 0)) {
            Session session = Session.getInstance(angus("smtps", server.port(), pki));
            MimeMessage message = new MimeMessage(session);
            message.setFrom("a@example.com");
            message.setRecipients(Message.RecipientType.TO, "b@example.net");
            message.setText("implicit");
            Transport transport = session.getTransport("smtps");
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress("b@example.net")});
            transport.close();

            Received received = server.awaitMessage(Duration.ofSeconds(20));
            assertTrue(received.encrypted());
            assertFalse(received.startTls());
            assertTrue(received.clientCertificateSubject().isEmpty(), "not requested, so not sent");
        }
    }
}
