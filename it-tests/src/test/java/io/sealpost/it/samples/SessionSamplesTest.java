package io.sealpost.it.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.Samples;
import io.sealpost.it.support.TestPki;
import io.sealpost.smtp.SmtpTransport;
import io.sealpost.smtp.SmtpsTransport;
import io.sealpost.smtp.TlsReport;
import io.sealpost.smtp.testserver.AuthAttempt;
import io.sealpost.smtp.testserver.ConnectionRecord;
import io.sealpost.smtp.testserver.ReceivedMessage;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.TestCertificates;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain Session property files of META-INF-samples/session, each loaded as a user would and pointed
 * at a loopback {@link SmtpTestServer}: Sealpost owns the protocol they name, and the server gets the
 * message the way the file promises (STARTTLS with AUTH, implicit TLS, client certificate).
 */
class SessionSamplesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String USER = "app@example.com";
    private static final String PASSWORD = "s3cret-submission";

    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;

    @BeforeAll
    static void writeCertificates() {
        pki = TestPki.createIn(pkiDirectory);
    }

    private static Properties submissionSample(int port) {
        return Samples.properties("session/submission-587-starttls.properties", Map.of(
                "mail.smtp.host", "localhost",
                "mail.smtp.port", String.valueOf(port),
                "mail.smtp.tls.trustcerts", pki.caPem().toString()));
    }

    private static Properties implicitSample(int port) {
        return Samples.properties("session/implicit-tls-465.properties", Map.of(
                "mail.smtps.host", "localhost",
                "mail.smtps.port", String.valueOf(port),
                "mail.smtps.tls.trustcerts", pki.caPem().toString()));
    }

    private static Properties relaySample(int port) {
        return Samples.properties("session/client-certificate-relay.properties", Map.of(
                "mail.smtp.host", "localhost",
                "mail.smtp.port", String.valueOf(port),
                "mail.smtp.tls.trustcerts", pki.caPem().toString(),
                "mail.smtp.tls.keystore", pki.clientKeystore().toString()));
    }

    @Test
    void everySessionSampleSelectsSealpostForTheProtocolItNames() throws MessagingException {
        assertEquals(SmtpTransport.class, Session.getInstance(submissionSample(587)).getTransport().getClass());
        assertEquals(SmtpsTransport.class, Session.getInstance(implicitSample(465)).getTransport().getClass());
        assertEquals(SmtpTransport.class, Session.getInstance(relaySample(25)).getTransport().getClass());
    }

    @Test
    void port587SampleSubmitsOverStartTlsAndAuthenticatesOnlyInsideTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().credentials(USER, PASSWORD).requireAuthentication().start()) {
            Session session = Session.getInstance(submissionSample(server.port()));
            TlsReport report;
            try (Transport transport = session.getTransport()) {
                transport.connect(USER, PASSWORD);
                transport.sendMessage(message(session, "submission 587"), new InternetAddress[] {new InternetAddress("to@example.net")});
                report = TlsReport.of(transport).orElseThrow(() -> new AssertionError("no TLS report from " + transport));
            }
            server.awaitConnectionsEnded(1, DEADLINE);
            ReceivedMessage received = server.onlyMessage();
            assertEquals(ConnectionRecord.TlsStart.STARTTLS, server.connection(0).tlsStart(), "STARTTLS was used");
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs(), "nothing else in plaintext");
            assertTrue(received.tls(), "the message travelled inside TLS");
            assertEquals(USER, received.authenticatedAs());
            assertTrue(server.authAttempts().stream().allMatch(AuthAttempt::tls), server.authAttempts().toString());
            assertTrue(received.contentAsString().contains("submission 587"));
            assertEquals(TlsReport.Mode.STARTTLS, report.mode());
            assertTrue(report.verified(), "verify=full against the sample's trustcerts: " + report);
        }
    }

    @Test
    void port465SampleSpeaksTlsFromTheFirstByte() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.implicitTls().credentials(USER, PASSWORD).requireAuthentication().start()) {
            Session session = Session.getInstance(implicitSample(server.port()));
            try (Transport transport = session.getTransport()) {
                transport.connect(USER, PASSWORD);
                transport.sendMessage(message(session, "implicit 465"), new InternetAddress[] {new InternetAddress("to@example.net")});
            }
            server.awaitConnectionsEnded(1, DEADLINE);
            ReceivedMessage received = server.onlyMessage();
            assertEquals(ConnectionRecord.TlsStart.IMPLICIT, server.connection(0).tlsStart(), "implicit TLS needs no STARTTLS");
            assertEquals(List.of(), server.plaintextVerbs());
            assertTrue(received.tls());
            assertEquals(USER, received.authenticatedAs());
            assertTrue(received.contentAsString().contains("implicit 465"));
        }
    }

    @Test
    void relaySamplePresentsTheConfiguredClientCertificateAndNoPassword() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .requestClientCertificate(TestCertificates.ca().certificate()).start()) {
            Session session = Session.getInstance(relaySample(server.port()));
            Transport.send(message(session, "client certificate relay"));
            server.awaitConnectionsEnded(1, DEADLINE);
            ReceivedMessage received = server.onlyMessage();
            assertEquals(ConnectionRecord.TlsStart.STARTTLS, server.connection(0).tlsStart());
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs(), "nothing else in plaintext");
            assertEquals(TestCertificates.client().certificate(), received.clientCertificates().stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no client certificate")));
            assertEquals(List.of(), server.authAttempts(), "no AUTH on a certificate relay, though AUTH is offered");
            assertTrue(received.contentAsString().contains("client certificate relay"));
        }
    }

    static MimeMessage message(Session session, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(USER));
        message.setRecipients(Message.RecipientType.TO, "to@example.net");
        message.setSubject(subject);
        message.setText("Sent by the Sealpost integration tests: " + subject + ".\n", "UTF-8");
        return message;
    }
}
