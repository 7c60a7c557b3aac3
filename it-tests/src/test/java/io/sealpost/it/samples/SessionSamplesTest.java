package io.sealpost.it.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.RecordingSmtpServer;
import io.sealpost.it.support.RecordingSmtpServer.Mode;
import io.sealpost.it.support.RecordingSmtpServer.Received;
import io.sealpost.it.support.Samples;
import io.sealpost.it.support.TestPki;
import io.sealpost.smtp.SmtpTransport;
import io.sealpost.smtp.SmtpsTransport;
import io.sealpost.smtp.TlsReport;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain Session property files of META-INF-samples/session, each loaded as a user would and pointed
 * at a loopback receiver: Sealpost owns the protocol they name, and the receiver gets the message the way
 * the file promises (STARTTLS with AUTH, implicit TLS, client certificate).
 */
class SessionSamplesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String USER = "app@example.com";
    private static final String PASSWORD = "s3cret-submission";

    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;
    private static RecordingSmtpServer submission;
    private static RecordingSmtpServer implicit;
    private static RecordingSmtpServer relay;

    @BeforeAll
    static void startReceivers() throws Exception {
        pki = TestPki.createIn(pkiDirectory);
        submission = RecordingSmtpServer.start(Mode.STARTTLS, pki.serverContext(), false, Map.of(USER, PASSWORD), 0);
        implicit = RecordingSmtpServer.start(Mode.IMPLICIT_TLS, pki.serverContext(), false, Map.of(USER, PASSWORD), 0);
        relay = RecordingSmtpServer.start(Mode.STARTTLS, pki.serverContext(), true, Map.of(), 0);
    }

    @AfterAll
    static void stopReceivers() throws Exception {
        for (RecordingSmtpServer server : new RecordingSmtpServer[] {submission, implicit, relay}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static Properties submissionSample() {
        return Samples.properties("session/submission-587-starttls.properties", Map.of(
                "mail.smtp.host", "localhost",
                "mail.smtp.port", String.valueOf(submission.port()),
                "mail.smtp.tls.trustcerts", pki.caPem().toString()));
    }

    private static Properties implicitSample() {
        return Samples.properties("session/implicit-tls-465.properties", Map.of(
                "mail.smtps.host", "localhost",
                "mail.smtps.port", String.valueOf(implicit.port()),
                "mail.smtps.tls.trustcerts", pki.caPem().toString()));
    }

    private static Properties relaySample() {
        return Samples.properties("session/client-certificate-relay.properties", Map.of(
                "mail.smtp.host", "localhost",
                "mail.smtp.port", String.valueOf(relay.port()),
                "mail.smtp.tls.trustcerts", pki.caPem().toString(),
                "mail.smtp.tls.keystore", pki.clientKeystore().toString()));
    }

    @Test
    void everySessionSampleSelectsSealpostForTheProtocolItNames() throws MessagingException {
        assertEquals(SmtpTransport.class, Session.getInstance(submissionSample()).getTransport().getClass());
        assertEquals(SmtpsTransport.class, Session.getInstance(implicitSample()).getTransport().getClass());
        assertEquals(SmtpTransport.class, Session.getInstance(relaySample()).getTransport().getClass());
    }

    @Test
    void port587SampleSubmitsOverStartTlsAndAuthenticatesOnlyInsideTls() throws Exception {
        Session session = Session.getInstance(submissionSample());
        TlsReport report;
        try (Transport transport = session.getTransport()) {
            transport.connect(USER, PASSWORD);
            transport.sendMessage(message(session, "submission 587"), new InternetAddress[] {new InternetAddress("to@example.net")});
            report = TlsReport.of(transport).orElseThrow(() -> new AssertionError("no TLS report from " + transport));
        }
        Received received = submission.awaitMessage(DEADLINE);
        assertTrue(received.startTls(), "STARTTLS was used");
        assertTrue(received.encrypted(), "the message travelled inside TLS");
        assertEquals(USER, received.authenticatedUser().orElse(null));
        assertTrue(received.text().contains("submission 587"));
        assertEquals(TlsReport.Mode.STARTTLS, report.mode());
        assertTrue(report.verified(), "verify=full against the sample's trustcerts: " + report);
    }

    @Test
    void port465SampleSpeaksTlsFromTheFirstByte() throws Exception {
        Session session = Session.getInstance(implicitSample());
        try (Transport transport = session.getTransport()) {
            transport.connect(USER, PASSWORD);
            transport.sendMessage(message(session, "implicit 465"), new InternetAddress[] {new InternetAddress("to@example.net")});
        }
        Received received = implicit.awaitMessage(DEADLINE);
        assertTrue(received.encrypted());
        assertFalse(received.startTls(), "implicit TLS needs no STARTTLS");
        assertEquals(USER, received.authenticatedUser().orElse(null));
        assertTrue(received.text().contains("implicit 465"));
    }

    @Test
    void relaySamplePresentsTheConfiguredClientCertificateAndNoPassword() throws Exception {
        Session session = Session.getInstance(relaySample());
        Message message = message(session, "client certificate relay");
        Transport.send(message);
        Received received = relay.awaitMessage(DEADLINE);
        assertTrue(received.startTls());
        assertEquals(TestPki.CLIENT_SUBJECT, received.clientCertificateSubject().orElse("no client certificate"));
        assertTrue(received.authenticatedUser().isEmpty(), "no AUTH on a certificate relay");
        assertTrue(received.text().contains("client certificate relay"));
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
