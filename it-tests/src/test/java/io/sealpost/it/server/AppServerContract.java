package io.sealpost.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.RecordingSmtpServer;
import io.sealpost.it.support.RecordingSmtpServer.Mode;
import io.sealpost.it.support.RecordingSmtpServer.Received;
import io.sealpost.it.support.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every application server must show, run from the client side against a deployed probe: the
 * Session the container made is served by Sealpost, and sending with it reaches a loopback receiver
 * over mandatory STARTTLS with the configured client certificate.
 */
public abstract class AppServerContract {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    protected static RecordingSmtpServer smtp;

    @BeforeAll
    static void startReceiver() throws IOException {
        TestPki pki = TestPki.createIn(Path.of(AppServerFixture.PKI_DIR));
        smtp = RecordingSmtpServer.start(Mode.STARTTLS, pki.serverContext(), true, Map.of(), AppServerFixture.SMTP_PORT);
    }

    @AfterAll
    static void stopReceiver() throws IOException {
        if (smtp != null) {
            smtp.close();
        }
    }

    protected static String get(URL base, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base.toExternalForm() + pathAndQuery))
                .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), pathAndQuery + " answered:\n" + response.body());
        return response.body();
    }

    protected static void assertSealpostServes(URL base, String probe) throws IOException, InterruptedException {
        String answer = get(base, probe + (probe.contains("?") ? "&" : "?") + "action=transport");
        assertEquals("io.sealpost.smtp.SmtpTransport", answer.lines().findFirst().orElse(""), answer);
    }

    protected static void assertSendsOverMandatoryStartTlsWithClientCertificate(URL base, String probe)
            throws IOException, InterruptedException {
        String token = UUID.randomUUID().toString();
        get(base, probe + (probe.contains("?") ? "&" : "?") + "action=send&token=" + token + "&from=" + encode(AppServerFixture.FROM)
                + "&to=" + encode(AppServerFixture.TO));
        Received received = smtp.awaitMessage(Duration.ofSeconds(30));
        assertTrue(received.text().contains(token), received.text());
        assertTrue(received.startTls(), "STARTTLS");
        assertTrue(received.tlsProtocol().startsWith("TLSv1."), received.tlsProtocol());
        assertEquals(TestPki.CLIENT_SUBJECT, received.clientCertificateSubject().orElse("no client certificate"));
        assertEquals(AppServerFixture.TO, received.recipients().get(0));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
