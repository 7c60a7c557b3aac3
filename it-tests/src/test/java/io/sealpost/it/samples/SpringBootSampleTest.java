package io.sealpost.it.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.Samples;
import io.sealpost.it.support.TestPki;
import io.sealpost.smtp.SmtpTransport;
import io.sealpost.smtp.testserver.AuthAttempt;
import io.sealpost.smtp.testserver.ConnectionRecord;
import io.sealpost.smtp.testserver.ReceivedMessage;
import io.sealpost.smtp.testserver.SmtpTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * META-INF-samples/spring-boot/application.properties, bound the way Spring Boot's
 * {@code MailSenderPropertiesConfiguration} binds {@code spring.mail.*} onto a {@link JavaMailSenderImpl}
 * (host, port, username, password, protocol, default-encoding, and {@code properties.*} into the
 * Session), then used to send through a loopback {@link SmtpTestServer}.
 */
class SpringBootSampleTest {
    private static final String SAMPLE = "spring-boot/application.properties";
    private static final String PASSWORD = "s3cret-from-the-environment";

    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;

    @BeforeAll
    static void writeCertificates() {
        pki = TestPki.createIn(pkiDirectory);
    }

    /** What Boot would build; ${SMTP_PASSWORD} is resolved as Boot resolves it, from the environment. */
    private static JavaMailSenderImpl senderFromSample(int port) {
        Properties boot = Samples.properties(SAMPLE, Map.of(
                "spring.mail.host", "localhost",
                "spring.mail.port", String.valueOf(port),
                "spring.mail.password", PASSWORD,
                "spring.mail.properties.mail.smtp.tls.trustcerts", pki.caPem().toString()));
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(boot.getProperty("spring.mail.host"));
        sender.setPort(Integer.parseInt(boot.getProperty("spring.mail.port")));
        sender.setUsername(boot.getProperty("spring.mail.username"));
        sender.setPassword(boot.getProperty("spring.mail.password"));
        sender.setProtocol(boot.getProperty("spring.mail.protocol"));
        sender.setDefaultEncoding(boot.getProperty("spring.mail.default-encoding"));
        Properties session = new Properties();
        String prefix = "spring.mail.properties.";
        boot.stringPropertyNames().stream().filter(key -> key.startsWith(prefix))
                .forEach(key -> session.setProperty(key.substring(prefix.length()), boot.getProperty(key)));
        sender.setJavaMailProperties(session);
        return sender;
    }

    @Test
    void springBootSampleGivesJavaMailSenderImplASealpostSessionWithTheTlsKeys() throws Exception {
        JavaMailSenderImpl sender = senderFromSample(587);
        assertEquals(SmtpTransport.class, sender.getSession().getTransport(sender.getProtocol()).getClass());
        Properties session = sender.getSession().getProperties();
        assertEquals("mandatory", session.getProperty("mail.smtp.tls.policy"));
        assertEquals("full", session.getProperty("mail.smtp.tls.verify"));
        assertEquals(pki.caPem().toString(), session.getProperty("mail.smtp.tls.trustcerts"));
    }

    @Test
    void javaMailSenderImplConfiguredBySpringBootSampleSendsOverMandatoryStartTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().credentials("app@example.com", PASSWORD)
                .requireAuthentication().start()) {
            JavaMailSenderImpl sender = senderFromSample(server.port());
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom("app@example.com");
            message.setTo("to@example.net");
            message.setSubject("Spring Boot sample");
            message.setText("Sent through JavaMailSenderImpl and Sealpost — ünïcödé body.");
            sender.send(message);

            server.awaitConnectionsEnded(1, Duration.ofSeconds(30));
            ReceivedMessage received = server.onlyMessage();
            assertEquals(ConnectionRecord.TlsStart.STARTTLS, server.connection(0).tlsStart(), "STARTTLS was used");
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs(), "nothing else in plaintext");
            assertTrue(received.tls());
            assertEquals("app@example.com", received.authenticatedAs());
            assertTrue(server.authAttempts().stream().allMatch(AuthAttempt::tls), server.authAttempts().toString());
            assertEquals(List.of("to@example.net"), received.recipients());
            assertTrue(received.contentAsString().contains("Spring Boot sample"));
        }
    }
}
