package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DemoSmtpServerTest {
    private final ThrowawayCa ca = ThrowawayCa.create("Test CA");

    @Test
    void commandsPipelinedAfterStartTlsAreRefusedNotCarriedIntoTls() throws IOException {
        try (DemoSmtpServer server = DemoSmtpServer.start(ca.issue("localhost").dnsNames("localhost").issue());
                Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));
            out.write("EHLO attacker\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            // CVE-2011-0411: the injected MAIL arrives in the same segment as STARTTLS.
            out.write("STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertTrue(in.readLine().startsWith("554 "));
            assertEquals(null, in.readLine());
            assertTrue(server.commands().stream().noneMatch(command -> command.contains("MAIL")), server.commands()::toString);
        }
    }

    @Test
    void afterCloseNobodyAnswers() throws IOException {
        DemoSmtpServer server = DemoSmtpServer.start(ca.issue("localhost").dnsNames("localhost").issue());
        int port = server.port();
        server.close();

        assertThrows(ConnectException.class, () -> new Socket(server.host(), port).close());
    }
}
