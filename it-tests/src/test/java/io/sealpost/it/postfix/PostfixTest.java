package io.sealpost.it.postfix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.Samples;
import io.sealpost.it.support.TestPki;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sealpost against a real MTA: Postfix from Debian's packages (see {@link PostfixInstance}). Every test
 * asserts on what Postfix logged and on the message it delivered to its Maildir, not on the absence of
 * exceptions. Skipped only where Postfix cannot run (not installed, not root); CI installs it with
 * {@code .ci/it-setup}.
 */
class PostfixTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String TO = "inbox@" + PostfixInstance.DOMAIN;

    private static TestPki pki;
    private static PostfixInstance postfix;

    @BeforeAll
    static void startPostfix() throws Exception {
        Assumptions.assumeTrue(PostfixInstance.unavailableBecause().isEmpty(),
                () -> "Postfix tests skipped: " + PostfixInstance.unavailableBecause().orElse(""));
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "postfix-");
        pki = TestPki.createIn(root.resolve("pki"));
        postfix = PostfixInstance.start(root, pki);
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
    }

    private static Properties sealpost(int port, String policy) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", "localhost");
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.smtp.tls.policy", policy);
        properties.setProperty("mail.smtp.tls.trustcerts", pki.caPem().toString());
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "60000");
        return properties;
    }

    /** The sample for port 587, pointed at Postfix's submission listener and its sasldb user. */
    private static Properties submissionSample() {
        return Samples.properties("session/submission-587-starttls.properties", Map.of(
                "mail.smtp.host", "localhost",
                "mail.smtp.port", String.valueOf(postfix.submissionPort()),
                "mail.smtp.user", PostfixInstance.SASL_USER,
                "mail.smtp.from", PostfixInstance.SASL_USER,
                "mail.smtp.tls.trustcerts", pki.caPem().toString()));
    }

    private static MimeMessage message(Session session, String token, String from) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, TO);
        message.setSubject("Sealpost IT " + token);
        message.setText("Body of " + token + ".\n", "UTF-8");
        return message;
    }

    private static String token() {
        return UUID.randomUUID().toString();
    }

    /** The Postfix set-up proven with Angus Mail (mail.smtp.class), so a Sealpost failure is Sealpost's. */
    @Test
    void postfixHarnessDeliversAnAngusMessageSentOverStartTlsWithAuth() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.class", "org.eclipse.angus.mail.smtp.SMTPTransport");
        properties.setProperty("mail.smtp.host", "localhost");
        properties.setProperty("mail.smtp.port", String.valueOf(postfix.submissionPort()));
        properties.setProperty("mail.smtp.starttls.enable", "true");
        properties.setProperty("mail.smtp.starttls.required", "true");
        properties.setProperty("mail.smtp.auth", "true");
        properties.put("mail.smtp.ssl.socketFactory", TestPki.clientContext().getSocketFactory());
        Session session = Session.getInstance(properties);
        String token = token();
        Transport.send(message(session, token, PostfixInstance.SASL_USER), PostfixInstance.SASL_USER, PostfixInstance.SASL_PASSWORD);

        String delivered = Files.readString(postfix.awaitDeliveryOf(token, DELIVERY));
        assertTrue(delivered.contains("(using TLSv1."), "Postfix's Received header records TLS:\n" + delivered);
        postfix.awaitLogLine(line -> line.contains("sasl_username=" + PostfixInstance.SASL_USER), "the SASL login", DELIVERY);
    }

    @Test
    void opportunisticPolicyUpgradesToTlsWhenPostfixOffersStartTls() throws Exception {
        Session session = Session.getInstance(sealpost(postfix.opportunisticPort(), "opportunistic"));
        String token = token();
        Transport.send(message(session, token, "sender@example.com"));

        String delivered = Files.readString(postfix.awaitDeliveryOf(token, DELIVERY));
        assertTrue(delivered.contains("(using TLSv1."), "delivered over TLS:\n" + delivered);
        postfix.awaitLogLine(line -> line.contains("postfix/opportunistic/smtpd") && line.contains("TLS connection established"),
                "a TLS connection on the opportunistic listener", DELIVERY);
        postfix.awaitLogLine(line -> line.contains("to=<" + TO + ">") && line.contains("status=sent"), "delivery", DELIVERY);
    }

    @Test
    void submissionSampleAuthenticatesInsideMandatoryStartTlsAndPostfixDelivers() throws Exception {
        Session session = Session.getInstance(submissionSample());
        String token = token();
        Transport.send(message(session, token, PostfixInstance.SASL_USER), PostfixInstance.SASL_USER, PostfixInstance.SASL_PASSWORD);

        String delivered = Files.readString(postfix.awaitDeliveryOf(token, DELIVERY));
        assertTrue(delivered.contains("(using TLSv1."), delivered);
        assertTrue(delivered.contains("(Authenticated sender: " + PostfixInstance.SASL_USER + ")"), delivered);
        postfix.awaitLogLine(line -> line.contains("postfix/submission/smtpd")
                && line.contains("sasl_username=" + PostfixInstance.SASL_USER), "the SASL login on the submission listener", DELIVERY);
    }

    @Test
    void relaySampleIsAdmittedByPostfixRequiringAClientCertificate() throws Exception {
        Properties properties = Samples.properties("session/client-certificate-relay.properties", Map.of(
                "mail.smtp.host", "localhost",
                "mail.smtp.port", String.valueOf(postfix.clientCertificatePort()),
                "mail.smtp.tls.trustcerts", pki.caPem().toString(),
                "mail.smtp.tls.keystore", pki.clientKeystore().toString()));
        Session session = Session.getInstance(properties);
        String token = token();
        Transport.send(message(session, token, "relay-client@example.com"));

        String delivered = Files.readString(postfix.awaitDeliveryOf(token, DELIVERY));
        assertTrue(delivered.contains("Client CN \"alice\""), "Postfix saw the client certificate of TestCertificates.client():\n" + delivered);
        postfix.awaitLogLine(line -> line.contains("postfix/clientcert/smtpd") && line.contains("Trusted TLS connection established"),
                "a verified client certificate", DELIVERY);
    }

    @Test
    void eightBitSmtpUtf8MessageArrivesByteForByte() throws Exception {
        Properties properties = submissionSample();
        properties.setProperty("mail.mime.allowutf8", "true");
        Session session = Session.getInstance(properties);
        String token = token();
        String recipient = "grüße-" + token.substring(0, 8) + "@" + PostfixInstance.DOMAIN;
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(PostfixInstance.SASL_USER));
        message.setRecipients(Message.RecipientType.TO, recipient);
        message.setHeader("X-Sealpost-Token", token);
        message.setHeader("Subject", "Grüße aus Köln ✓"); // raw UTF-8, as mail.mime.allowutf8 permits (RFC 6532)
        message.setText("Straße, façade, naïve, 日本語 — 8-bit body.\n", "UTF-8", "plain");
        message.setHeader("Content-Transfer-Encoding", "8bit");
        Transport.send(message, PostfixInstance.SASL_USER, PostfixInstance.SASL_PASSWORD);

        String delivered = Files.readString(postfix.awaitDeliveryOf(token, DELIVERY), StandardCharsets.UTF_8);
        assertTrue(delivered.contains("Subject: Grüße aus Köln ✓"), "raw UTF-8 header (RFC 6532):\n" + delivered);
        assertTrue(delivered.contains("with UTF8SMTPSA"), "Postfix received it with SMTPUTF8 over TLS, authenticated:\n" + delivered);
        assertTrue(delivered.contains("Straße, façade, naïve, 日本語 — 8-bit body."), "8-bit body:\n" + delivered);
        postfix.awaitLogLine(line -> line.contains("to=<" + recipient + ">") && line.contains("status=sent"),
                "delivery to the UTF-8 address", DELIVERY);
    }

    @Test
    void tenMegabyteAttachmentArrivesIntact() throws Exception {
        byte[] attachment = new byte[10 * 1024 * 1024];
        new Random(3207).nextBytes(attachment);
        Session session = Session.getInstance(submissionSample());
        String token = token();
        MimeMessage message = message(session, token, PostfixInstance.SASL_USER);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ten megabytes attached.\n", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(attachment, "application/octet-stream")));
        file.setFileName("ten-megabytes.bin");
        message.setContent(new MimeMultipart(text, file));
        Transport.send(message, PostfixInstance.SASL_USER, PostfixInstance.SASL_PASSWORD);

        Path delivered = postfix.awaitDeliveryOf(token, DELIVERY);
        MimeMessage received;
        try (InputStream in = Files.newInputStream(delivered)) {
            received = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        Multipart parts = (Multipart) received.getContent();
        Part receivedFile = parts.getBodyPart(1);
        assertEquals("ten-megabytes.bin", receivedFile.getFileName());
        byte[] receivedBytes;
        try (InputStream in = receivedFile.getInputStream()) {
            receivedBytes = in.readAllBytes();
        }
        assertArrayEquals(sha256(attachment), sha256(receivedBytes), "attachment changed in transit");
        postfix.awaitLogLine(line -> line.contains("size=") && line.contains("nrcpt=1")
                && sizeOf(line) > 13_000_000, "a queue entry of more than 13 MB (10 MiB in base64)", DELIVERY);
    }

    private static long sizeOf(String logLine) {
        int at = logLine.indexOf("size=");
        String digits = logLine.substring(at + 5).replaceAll("[^0-9].*", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

}
