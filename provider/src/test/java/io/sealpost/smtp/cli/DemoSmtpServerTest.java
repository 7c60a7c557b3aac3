package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
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
    void closeHangsUpOnConversationsInProgress() throws IOException {
        DemoSmtpServer server = DemoSmtpServer.start(ca.issue("localhost").dnsNames("localhost").issue());
        try (Socket client = new Socket(server.host(), server.port())) {
            client.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("220 "));
            server.close();
            // Whether the kernel reports the hang-up as end of stream or as a reset, nobody answers any more.
            String after;
            try {
                after = in.readLine();
            } catch (SocketException reset) {
                after = null;
            }
            assertNull(after);
        }
    }
}
