package io.sealpost.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.testserver.AuthAttempt;
import io.sealpost.smtp.testserver.ConnectionRecord;
import io.sealpost.smtp.testserver.ReceivedMessage;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.TestCertificates;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The provider's {@link SmtpTestServer}, which the integration tests send through, proven with a client
 * they do not test: Angus Mail, chosen with mail.smtp.class. When a Sealpost test against this server
 * fails, the server is not the suspect.
 */
class SmtpTestServerAngusTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static Properties angus(String protocol, SmtpTestServer server) {
        Properties properties = new Properties();
        properties.setProperty("mail." + protocol + ".class", protocol.equals("smtp")
                ? "org.eclipse.angus.mail.smtp.SMTPTransport" : "org.eclipse.angus.mail.smtp.SMTPSSLTransport");
        properties.setProperty("mail." + protocol + ".host", "localhost");
        properties.setProperty("mail." + protocol + ".port", String.valueOf(server.port()));
        properties.setProperty("mail." + protocol + ".starttls.enable", "true");
        properties.setProperty("mail." + protocol + ".starttls.required", "true");
        properties.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        properties.put("mail." + protocol + ".ssl.socketFactory", TestPki.clientContext().getSocketFactory());
        return properties;
    }

    @Test
    void recordsStartTlsAuthAndClientCertificateOfAnAngusSession() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().credentials("u", "p").requireAuthentication()
                .requestClientCertificate(TestCertificates.ca().certificate()).start()) {
            Properties properties = angus("smtp", server);
            properties.setProperty("mail.smtp.auth", "true");
            Session session = Session.getInstance(properties);
            MimeMessage message = new MimeMessage(session);
            message.setFrom("a@example.com");
            message.setRecipients(Message.RecipientType.TO, "b@example.net");
            message.setText(".leading dot and ünïcödé\n", "UTF-8");
            message.setHeader("Content-Transfer-Encoding", "8bit");
            Transport.send(message, "u", "p");

            server.awaitConnectionsEnded(1, DEADLINE);
            ReceivedMessage received = server.onlyMessage();
            assertEquals(ConnectionRecord.TlsStart.STARTTLS, server.connection(0).tlsStart());
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs());
            assertTrue(received.tls());
            assertTrue(received.tlsProtocol().startsWith("TLSv1."), received.tlsProtocol());
            assertEquals(TestCertificates.client().certificate(), received.clientCertificates().get(0));
            assertEquals("u", received.authenticatedAs());
            assertTrue(server.authAttempts().stream().allMatch(AuthAttempt::tls), server.authAttempts().toString());
            assertEquals("a@example.com", received.from());
            assertEquals(List.of("b@example.net"), received.recipients());
            assertTrue(received.contentAsString().contains(".leading dot and ünïcödé"), received.contentAsString());
        }
    }

    @Test
    void recordsImplicitTlsOfAnAngusSession() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.implicitTls().start()) {
            Session session = Session.getInstance(angus("smtps", server));
            MimeMessage message = new MimeMessage(session);
            message.setFrom("a@example.com");
            message.setRecipients(Message.RecipientType.TO, "b@example.net");
            message.setText("implicit");
            try (Transport transport = session.getTransport("smtps")) {
                transport.connect();
                transport.sendMessage(message, new InternetAddress[] {new InternetAddress("b@example.net")});
            }

            server.awaitConnectionsEnded(1, DEADLINE);
            ReceivedMessage received = server.onlyMessage();
            assertEquals(ConnectionRecord.TlsStart.IMPLICIT, server.connection(0).tlsStart());
            assertEquals(List.of(), server.plaintextVerbs());
            assertTrue(received.tls());
            assertTrue(received.clientCertificates().isEmpty(), "not requested, so not sent");
            assertTrue(received.contentAsString().contains("implicit"), received.contentAsString());
        }
    }
}
