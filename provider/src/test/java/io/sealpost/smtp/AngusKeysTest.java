package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealpost.smtp.testserver.ConnectionRecord;
import io.sealpost.smtp.testserver.HttpConnectProxy;
import io.sealpost.smtp.testserver.ReceivedLine;
import io.sealpost.smtp.testserver.SmtpTestServer;
import io.sealpost.smtp.testserver.Socks5Proxy;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.TransportAdapter;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §3.1: the Angus-compatible keys keep Angus Mail's meaning, proven end to end through Jakarta Mail
 * against the loopback test server (and loopback proxies), asserting on what the far side received.
 */
class AngusKeysTest {

    // ---------------------------------------------------------------- proxy.* (HTTP CONNECT)

    @Test
    void proxyHostCarriesTheSessionThroughAConnectTunnelWithBasicCredentialsAndMandatoryStartTlsInside() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
                HttpConnectProxy proxy = HttpConnectProxy.start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "mandatory")
                    .with("proxy.host", proxy.host()).with("proxy.port", String.valueOf(proxy.port()))
                    .with("proxy.user", "tunnel").with("proxy.password", "pa:ss").send();

            HttpConnectProxy.Request connect = proxy.requests().get(0);
            assertEquals("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1", connect.requestLine());
            assertEquals("Basic " + Base64.getEncoder().encodeToString("tunnel:pa:ss".getBytes(StandardCharsets.UTF_8)),
                    connect.header("Proxy-Authorization").orElseThrow());
            assertEquals(1, proxy.requests().size());
            assertEquals(TlsReport.Mode.STARTTLS, report.mode());
            assertTrue(report.verified());
            assertTrue(server.onlyMessage().tls());
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs());
        }
    }

    @Test
    void aProxyThatAsksForAuthenticationFailsTheConnectNamingTheProxyAndNothingReachesTheServer() throws Exception {
        assertProxyRefusalIsClear("HTTP/1.1 407 Proxy Authentication Required");
    }

    @Test
    void aProxyThatForbidsTheTunnelFailsTheConnectNamingTheProxyAndNothingReachesTheServer() throws Exception {
        assertProxyRefusalIsClear("HTTP/1.1 403 Forbidden");
    }

    private static void assertProxyRefusalIsClear(String statusLine) throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
                HttpConnectProxy proxy = HttpConnectProxy.answering(statusLine)) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory")
                    .with("proxy.host", proxy.host() + ":" + proxy.port());
            MessagingException failed = assertThrows(MessagingException.class, client::send);
            assertFalse(failed instanceof SendFailedException, "the connect itself must fail: " + failed);
            assertTrue(failed.getMessage().contains(statusLine), failed.getMessage());
            assertTrue(failed.getMessage().contains("proxy 127.0.0.1:" + proxy.port()), failed.getMessage());
            assertEquals(1, proxy.requests().size());
            assertEquals(0, server.connectionCount());
        }
    }

    // ---------------------------------------------------------------- socks.*

    @Test
    void socksHostCarriesTheSessionThroughASocks5ProxyThatSawTheServersAddress() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
                Socks5Proxy proxy = Socks5Proxy.start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "mandatory")
                    .with("socks.host", proxy.host()).with("socks.port", String.valueOf(proxy.port())).send();

            assertEquals(List.of(server.host() + ":" + server.port()), proxy.targets());
            assertTrue(report.verified());
            assertTrue(server.onlyMessage().tls());
        }
    }

    // ---------------------------------------------------------------- localaddress, localport

    @Test
    void localAddressIsTheSourceAddressTheServerSees() throws Exception {
        // All of 127.0.0.0/8 is local on Linux; other systems configure only 127.0.0.1 by default.
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "needs Linux loopback");
        try (SmtpTestServer server = SmtpTestServer.plain().start()) {
            TestClient.of(server).with("tls.policy", "none").with("localaddress", "127.0.0.2").send();
            assertEquals("127.0.0.2", server.connection(0).clientAddress().getAddress().getHostAddress());
        }
    }

    @Test
    void localPortIsTheSourcePortTheServerSees() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            free = probe.getLocalPort();
        }
        try (SmtpTestServer server = SmtpTestServer.plain().start()) {
            TestClient.of(server).with("tls.policy", "none").with("localaddress", "127.0.0.1")
                    .with("localport", String.valueOf(free)).send();
            InetSocketAddress client = server.connection(0).clientAddress();
            assertEquals(free, client.getPort());
            assertEquals("127.0.0.1", client.getAddress().getHostAddress());
        }
    }

    // ---------------------------------------------------------------- writetimeout, connectiontimeout

    @Test
    @Timeout(10)
    void aServerThatStopsReadingDuringDataTimesOutTheWriteAndNothingCountsAsSent() throws Exception {
        CountDownLatch testDone = new CountDownLatch(1);
        // No SIZE: the client would otherwise stream the whole message once more to count it (RFC 1870).
        try (SmtpTestServer server = SmtpTestServer.plain().capabilities("PIPELINING", "8BITMIME")
                .on("DATA", (session, command) -> {
                    session.reply("354 End data with <CR><LF>.<CR><LF>");
                    try {
                        testDone.await(8, TimeUnit.SECONDS); // reads nothing: the socket buffers fill up
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    session.close();
                }).start()) {
            try {
                Session session = TestClient.of(server).with("tls.policy", "none").with("writetimeout", "500").session();
                MimeMessage message = TestClient.message(session);
                // Far more than the loopback socket buffers hold, generated as it is written.
                message.setDataHandler(new DataHandler(new GeneratedText(64L << 20)));
                message.setHeader("Content-Transfer-Encoding", "7bit");
                BlockingQueue<TransportEvent> events = new ArrayBlockingQueue<>(4);

                SendFailedException failed;
                try (Transport transport = session.getTransport("smtp")) {
                    transport.addTransportListener(new TransportAdapter() {
                        @Override
                        public void messageDelivered(TransportEvent event) {
                            events.add(event);
                        }

                        @Override
                        public void messageNotDelivered(TransportEvent event) {
                            events.add(event);
                        }
                    });
                    transport.connect();
                    failed = assertThrows(SendFailedException.class,
                            () -> transport.sendMessage(message, message.getAllRecipients()));
                    assertEquals(TransportEvent.MESSAGE_NOT_DELIVERED, events.poll(5, TimeUnit.SECONDS).getType());
                }

                SmtpTimeoutException timeout = assertInstanceOf(SmtpTimeoutException.class, failed.getNextException());
                assertEquals(SmtpTimeoutException.Phase.WRITE, timeout.phase());
                assertTrue(timeout.getMessage().contains("mail.smtp.writetimeout"), timeout.getMessage());
                assertEquals(0, failed.getValidSentAddresses().length);
                assertEquals("bob@example.com", failed.getValidUnsentAddresses()[0].toString());
                assertTrue(server.messages().isEmpty());
            } finally {
                testDone.countDown();
            }
        }
    }

    /** US-ASCII lines of text, {@code size} bytes of them, produced on demand: no message held in memory. */
    private record GeneratedText(long size) implements DataSource {
        @Override
        public InputStream getInputStream() {
            byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            return new InputStream() {
                private long produced;

                @Override
                public int read() {
                    return produced < size ? line[(int) (produced++ % line.length)] : -1;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    if (produced >= size) {
                        return -1;
                    }
                    int n = (int) Math.min(length, size - produced);
                    for (int i = 0; i < n; i++) {
                        buffer[offset + i] = line[(int) (produced++ % line.length)];
                    }
                    return n;
                }
            };
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getContentType() {
            return "text/plain; charset=us-ascii";
        }

        @Override
        public String getName() {
            return "generated";
        }
    }

    @Test
    @Timeout(10)
    void aListenerWhoseBacklogIsFullTimesOutTheConnect() throws Exception {
        // Linux drops a SYN while the accept queue is full, so a connect to it hangs: a loopback stand-in
        // for an unreachable host. The queue holds backlog + 1 connections; probe until one times out.
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Socket> occupants = new ArrayList<>();
        try (SmtpTestServer server = SmtpTestServer.plain().start();
                ServerSocket neverAccepts = new ServerSocket(0, 1, loopback)) {
            boolean full = false;
            for (int i = 0; i < 8 && !full; i++) {
                Socket occupant = new Socket();
                try {
                    occupant.connect(new InetSocketAddress(loopback, neverAccepts.getLocalPort()), 200);
                    occupants.add(occupant);
                } catch (SocketTimeoutException e) {
                    occupant.close();
                    full = true;
                }
            }
            assumeTrue(full, "this system accepts connections beyond the listen backlog");

            TestClient client = TestClient.of(server).with("tls.policy", "none")
                    .with("port", String.valueOf(neverAccepts.getLocalPort())).with("connectiontimeout", "300");
            SmtpTimeoutException timeout = assertThrows(SmtpTimeoutException.class, client::send);
            assertEquals(SmtpTimeoutException.Phase.CONNECT, timeout.phase());
            assertTrue(timeout.getMessage().contains("mail.smtp.connectiontimeout"), timeout.getMessage());
            assertEquals(0, server.connectionCount());
        } finally {
            for (Socket occupant : occupants) {
                occupant.close();
            }
        }
    }

    // ---------------------------------------------------------------- ehlo, localhost

    @Test
    void ehloFalseGreetsWithHeloAndSendsWithoutTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().start()) {
            TestClient.of(server).with("tls.policy", "none").with("ehlo", "false").send();
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("HELO", "MAIL", "RCPT", "DATA", "QUIT"), server.plaintextVerbs());
            assertTrue(server.onlyMessage().accepted());
        }
    }

    @Test
    void ehloFalseWithMandatoryStartTlsIsRejectedNamingTheKeyBeforeAnyConnection() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory").with("ehlo", "false");
            InvalidConfigurationException invalid = assertThrows(InvalidConfigurationException.class, client::send);
            assertEquals("mail.smtp.ehlo", invalid.key());
            assertTrue(invalid.getMessage().contains("mail.smtp.ehlo"), invalid.getMessage());
            assertEquals(0, server.connectionCount());
        }
    }

    @Test
    void localhostIsTheNameInEhlo() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient.of(server).with("tls.policy", "mandatory").with("localhost", "client.example.org").send();
            List<String> greetings = server.transcript().stream().filter(line -> line.verb().equals("EHLO"))
                    .map(ReceivedLine::text).toList();
            assertEquals(List.of("EHLO client.example.org", "EHLO client.example.org"), greetings);
        }
    }

    // ---------------------------------------------------------------- quitwait

    @Test
    @Timeout(5)
    void quitwaitFalseSendsQuitAndClosesWithoutWaitingForTheReply() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().on("QUIT", (session, command) -> session.stall()).start()) {
            Session session = TestClient.of(server).with("tls.policy", "none")
                    .with("quitwait", "false").with("timeout", "30000").session();
            Transport transport = session.getTransport("smtp");
            transport.connect();
            transport.close(); // with quitwait=true this would wait the full 30 s for a 221 that never comes

            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "QUIT"), server.plaintextVerbs());
            assertEquals(ConnectionRecord.End.CLIENT_CLOSED, server.connection(0).end().orElseThrow());
        }
    }

    // ---------------------------------------------------------------- userset, noop.strict

    @Test
    void usersetMakesIsConnectedAskWithRsetInsteadOfNoop() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().start()) {
            try (Transport transport = TestClient.of(server).with("tls.policy", "none").with("userset", "true")
                    .session().getTransport("smtp")) {
                transport.connect();
                assertTrue(transport.isConnected());
            }
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "RSET", "QUIT"), server.plaintextVerbs());
        }
    }

    @Test
    void aServerAnsweringNoopWith500IsConnectedOnlyWhenNoopStrictIsFalse() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().on("NOOP", "500 5.5.2 Error: command not recognized").start()) {
            try (Transport tolerant = TestClient.of(server).with("tls.policy", "none").with("noop.strict", "false")
                    .session().getTransport("smtp")) {
                tolerant.connect();
                assertTrue(tolerant.isConnected());
            }
            try (Transport strict = TestClient.of(server).with("tls.policy", "none").session().getTransport("smtp")) {
                strict.connect();
                assertFalse(strict.isConnected());
            }
            server.awaitConnectionsEnded(2);
            assertEquals(List.of("EHLO", "NOOP", "QUIT", "EHLO", "NOOP", "QUIT"), server.plaintextVerbs());
        }
    }

    @Test
    void a421ToNoopMeansDisconnectedEvenWhenNoopStrictIsFalse() throws Exception {
        // As in Angus: noop.strict=false tolerates a wrong success code, never "service closing" (RFC 5321 §3.8).
        try (SmtpTestServer server = SmtpTestServer.plain().on("NOOP", "421 4.4.2 mail.test Error: timeout exceeded").start()) {
            try (Transport transport = TestClient.of(server).with("tls.policy", "none").with("noop.strict", "false")
                    .session().getTransport("smtp")) {
                transport.connect();
                assertFalse(transport.isConnected());
            }
        }
    }

    // ---------------------------------------------------------------- mailextension, submitter

    @Test
    void mailextensionAndSubmitterAppearOnMailFromWhenTheServerOffersAuth() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().start()) {
            TestClient.of(server).with("tls.policy", "none")
                    .with("mailextension", "X-TAG=campaign-7").with("submitter", "agent+1=x@example.com").send();
            List<String> parameters = server.onlyMessage().mailParameters();
            assertTrue(parameters.contains("X-TAG=campaign-7"), parameters.toString());
            // RFC 4954 §5: the submitter as xtext (RFC 3461 §4), '+' and '=' as +HH.
            assertTrue(parameters.contains("AUTH=agent+2B1+3Dx@example.com"), parameters.toString());
        }
    }

    @Test
    void submitterIsLeftOutWhenTheServerDoesNotOfferAuth() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().capabilities("PIPELINING", "8BITMIME").start()) {
            TestClient.of(server).with("tls.policy", "none")
                    .with("mailextension", "X-TAG=campaign-7").with("submitter", "agent@example.com").send();
            assertEquals(List.of("X-TAG=campaign-7"), server.onlyMessage().mailParameters());
        }
    }

    // ---------------------------------------------------------------- the password path

    @Test
    void transportSendWithUserAndPasswordAuthenticates() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().requireAuthentication().start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").with("auth", "true").session();
            MimeMessage message = TestClient.message(session);
            Transport.send(message, "alice", "secret");

            assertEquals("alice", server.onlyMessage().authenticatedAs());
            assertTrue(server.onlyMessage().tls());
        }
    }

    @Test
    void anAuthenticatorSuppliesThePasswordWhenNoneIsConfigured() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().requireAuthentication().start()) {
            BlockingQueue<String> asked = new ArrayBlockingQueue<>(4);
            Session session = TestClient.of(server).with("tls.policy", "mandatory").with("auth", "true")
                    .with("user", "alice").session(new Authenticator() {
                        @Override
                        protected PasswordAuthentication getPasswordAuthentication() {
                            asked.add(getRequestingProtocol() + " " + getDefaultUserName());
                            return new PasswordAuthentication("alice", "secret");
                        }
                    });
            MimeMessage message = TestClient.message(session);
            message.setRecipients(Message.RecipientType.TO, "bob@example.com");
            Transport.send(message);

            // Jakarta Mail's Service asks with the port it was given: -1 when it comes from mail.smtp.port.
            assertEquals(List.of("smtp alice"), List.copyOf(asked));
            assertEquals("alice", server.onlyMessage().authenticatedAs());
        }
    }
}
