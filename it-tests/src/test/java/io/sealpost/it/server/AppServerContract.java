package io.sealpost.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.support.TestPki;
import io.sealpost.smtp.testserver.ConnectionRecord;
import io.sealpost.smtp.testserver.ReceivedLine;
import io.sealpost.smtp.testserver.ReceivedMessage;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.TestCertificates;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every application server must show, run from the client side against a deployed probe: the
 * Session the container made is served by Sealpost, and sending with it reaches a loopback
 * {@link SmtpTestServer} over mandatory STARTTLS with the configured client certificate.
 */
public abstract class AppServerContract {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static SmtpTestServer smtp;

    @BeforeAll
    static void startReceiver() throws IOException {
        TestPki.createIn(Path.of(AppServerFixture.PKI_DIR));
        smtp = SmtpTestServer.startTls().requestClientCertificate(TestCertificates.ca().certificate())
                .port(AppServerFixture.SMTP_PORT).start();
    }

    @AfterAll
    static void stopReceiver() {
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
        // The probe answers after Transport.send returned; its connection ends with QUIT.
        smtp.awaitConnectionsEnded(smtp.connectionCount(), DEADLINE);
        List<ReceivedMessage> sent = smtp.messages().stream().filter(m -> m.contentAsString().contains(token)).toList();
        assertEquals(1, sent.size(), () -> "messages with token " + token + ": " + sent + "\n" + smtp.dialogue());
        ReceivedMessage received = sent.get(0);
        int connection = received.connection();
        assertEquals(ConnectionRecord.TlsStart.STARTTLS, smtp.connection(connection).tlsStart(), "STARTTLS");
        assertEquals(List.of("EHLO", "STARTTLS"), smtp.transcript().stream()
                .filter(line -> line.connection() == connection && !line.tls()).map(ReceivedLine::verb).toList(),
                "nothing but EHLO and STARTTLS in plaintext");
        assertTrue(received.tls(), "the message travelled inside TLS");
        assertTrue(received.tlsProtocol().startsWith("TLSv1."), received.tlsProtocol());
        assertEquals(TestCertificates.client().certificate(), received.clientCertificates().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no client certificate")));
        assertEquals(List.of(), smtp.connection(connection).authAttempts(), "no AUTH: the client certificate admits it");
        assertEquals(AppServerFixture.FROM, received.from());
        assertEquals(List.of(AppServerFixture.TO), received.recipients());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
