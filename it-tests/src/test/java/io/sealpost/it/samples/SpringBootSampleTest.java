package io.sealpost.it.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.RecordingSmtpServer;
import io.sealpost.it.support.RecordingSmtpServer.Mode;
import io.sealpost.it.support.RecordingSmtpServer.Received;
import io.sealpost.it.support.Samples;
import io.sealpost.it.support.TestPki;
import io.sealpost.smtp.SmtpTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * META-INF-samples/spring-boot/application.properties, bound the way Spring Boot's
 * {@code MailSenderPropertiesConfiguration} binds {@code spring.mail.*} onto a {@link JavaMailSenderImpl}
 * (host, port, username, password, protocol, default-encoding, and {@code properties.*} into the
 * Session), then used to send through a loopback receiver.
 */
class SpringBootSampleTest {
    private static final String SAMPLE = "spring-boot/application.properties";
    private static final String PASSWORD = "s3cret-from-the-environment";

    @TempDir
    static Path pkiDirectory;
    private static TestPki pki;
    private static RecordingSmtpServer server;

    @BeforeAll
    static void startReceiver() throws Exception {
        pki = TestPki.createIn(pkiDirectory);
        server = RecordingSmtpServer.start(Mode.STARTTLS, pki.serverContext(), false, Map.of("app@example.com", PASSWORD), 0);
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        server.close();
    }

    /** What Boot would build; ${SMTP_PASSWORD} is resolved as Boot resolves it, from the environment. */
    private static JavaMailSenderImpl senderFromSample() {
        Properties boot = Samples.properties(SAMPLE, Map.of(
                "spring.mail.host", "localhost",
                "spring.mail.port", String.valueOf(server.port()),
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
        JavaMailSenderImpl sender = senderFromSample();
        assertEquals(SmtpTransport.class, sender.getSession().getTransport(sender.getProtocol()).getClass());
        Properties session = sender.getSession().getProperties();
        assertEquals("mandatory", session.getProperty("mail.smtp.tls.policy"));
        assertEquals("full", session.getProperty("mail.smtp.tls.verify"));
        assertEquals(pki.caPem().toString(), session.getProperty("mail.smtp.tls.trustcerts"));
    }

    @Test
    void javaMailSenderImplConfiguredBySpringBootSampleSendsOverMandatoryStartTls() throws Exception {
        JavaMailSenderImpl sender = senderFromSample();
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("app@example.com");
        message.setTo("to@example.net");
        message.setSubject("Spring Boot sample");
        message.setText("Sent through JavaMailSenderImpl and Sealpost — ünïcödé body.");
        sender.send(message);

        Received received = server.awaitMessage(Duration.ofSeconds(30));
        assertTrue(received.startTls(), "STARTTLS was used");
        assertEquals("app@example.com", received.authenticatedUser().orElse(null));
        assertEquals("to@example.net", received.recipients().get(0));
        assertTrue(received.text().contains("Spring Boot sample"));
    }
}
