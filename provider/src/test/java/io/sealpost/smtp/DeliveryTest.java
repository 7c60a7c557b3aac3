package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.testserver.ReceivedLine;
import io.sealpost.smtp.testserver.ReceivedMessage;
import io.sealpost.smtp.testserver.SmtpTestServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.event.ConnectionAdapter;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.TransportAdapter;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SPEC §4.7 and §6 and the Jakarta Mail contract: what counts as sent, what is reported, and how. */
class DeliveryTest {
    @Test
    void theMessageArrivesIntactOverStartTlsWithDotsUnstuffed() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient.of(server).with("tls.policy", "mandatory").send();
            ReceivedMessage message = server.onlyMessage();
            assertTrue(message.tls());
            assertEquals("alice@example.com", message.from());
            assertEquals(List.of("bob@example.com"), message.recipients());
            assertTrue(message.contentAsString().contains("\r\n.this line starts with a dot\r\n"), message.contentAsString());
            assertTrue(message.accepted());
        }
    }

    @Test
    void theServersFinalReplyIsAvailableAsInAngus() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on(SmtpTestServer.END_OF_DATA, "250 2.0.0 Ok: queued as 4F2A").start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            try (SmtpTransport transport = (SmtpTransport) session.getTransport("smtp")) {
                transport.connect();
                assertNull(transport.getLastServerResponse());
                MimeMessage message = TestClient.message(session);
                transport.sendMessage(message, message.getAllRecipients());
                assertEquals("250 2.0.0 Ok: queued as 4F2A", transport.getLastServerResponse());
            }
        }
    }

    @Test
    void conscryptRunsAsSealpostsOwnProviderAndIsNeverInstalledJvmWide() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient.of(server).with("tls.policy", "mandatory").with("tls.engine", "conscrypt").send();
            assertTrue(server.onlyMessage().tls());
        }
        for (java.security.Provider provider : java.security.Security.getProviders()) {
            assertFalse(provider.getName().toLowerCase(java.util.Locale.ROOT).contains("conscrypt"),
                    "an application server's TLS must not change because Sealpost is on its class path: " + provider);
        }
    }

    @Test
    void implicitTlsIsUsedForSmtps() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.implicitTls().start()) {
            TestClient client = TestClient.of(server);
            assertEquals("smtps", client.protocol());
            TlsReport report = client.send();
            assertEquals(TlsReport.Mode.IMPLICIT, report.mode());
            assertTrue(report.verified());
            assertTrue(server.onlyMessage().tls());
        }
    }

    @Test
    void sslEnableMeansImplicitTlsOnSmtpToo() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.implicitTls().start()) {
            Properties properties = new Properties();
            properties.put("mail.smtp.ssl.enable", "true");
            properties.put("mail.smtp.tls.trustcerts", TestClient.pem(io.sealpost.smtp.testserver.TestCertificates.ca().certificate()).toString());
            properties.put("mail.smtp.tls.servername", SmtpTestServer.HOSTNAME);
            Session session = Session.getInstance(properties);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(server.host(), server.port(), null, null);
                MimeMessage message = TestClient.message(session);
                transport.sendMessage(message, message.getAllRecipients());
                assertEquals(TlsReport.Mode.IMPLICIT, TlsReport.of(transport).orElseThrow().mode());
            }
            assertTrue(server.onlyMessage().tls());
        }
    }

    @Test
    void reportCarriesProtocolCipherChainAndPostTlsCapabilities() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().capabilitiesAfterTls("SIZE 1000000", "X-AFTER-TLS").start()) {
            TlsReport report = TestClient.of(server).with("tls.policy", "mandatory").send();
            assertTrue(report.protocol().startsWith("TLSv1."), report.protocol());
            assertFalse(report.cipherSuite().isEmpty());
            assertEquals(io.sealpost.smtp.testserver.TestCertificates.server().certificate(), report.peerCertificates().get(0));
            assertEquals(List.of("SIZE 1000000", "X-AFTER-TLS"), report.capabilities());
        }
    }

    @Test
    void connectionListenersReceiveTheTlsReport() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            BlockingQueue<ConnectionEvent> events = new ArrayBlockingQueue<>(4);
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            try (Transport transport = session.getTransport("smtp")) {
                transport.addConnectionListener(new ConnectionAdapter() {
                    @Override
                    public void opened(ConnectionEvent event) {
                        events.add(event);
                    }
                });
                transport.connect();
                ConnectionEvent opened = events.poll(10, TimeUnit.SECONDS);
                TlsConnectionEvent tls = assertInstanceOf(TlsConnectionEvent.class, opened);
                assertEquals(TlsReport.Mode.STARTTLS, tls.tlsReport().mode());
                assertTrue(tls.tlsReport().verified());
            }
        }
    }

    @Test
    void secondConnectionOfOneSessionResumesTheTlsSession() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            TlsReport first;
            TlsReport second;
            try (SmtpTransport transport = (SmtpTransport) session.getTransport("smtp")) {
                transport.connect();
                first = transport.getTlsReport().orElseThrow();
            }
            try (SmtpTransport transport = (SmtpTransport) session.getTransport("smtp")) {
                transport.connect();
                second = transport.getTlsReport().orElseThrow();
            }
            assertFalse(first.sessionResumed());
            assertTrue(second.sessionResumed(), second.toString());
        }
    }

    @Test
    void oneConnectionCarriesSeveralMessagesWithRsetBetweenThem() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                for (int i = 0; i < 3; i++) {
                    MimeMessage message = TestClient.message(session);
                    transport.sendMessage(message, message.getAllRecipients());
                }
                assertTrue(transport.isConnected(), "NOOP keeps the connection");
            }
            assertEquals(1, server.connectionCount());
            assertEquals(3, server.messages().size());
            assertEquals(2, server.tlsVerbs().stream().filter("RSET"::equals).count());
            assertTrue(server.tlsVerbs().contains("NOOP"));
            assertEquals("QUIT", server.tlsVerbs().get(server.tlsVerbs().size() - 1));
        }
    }

    @Test
    void aConnectionLostBetweenMessagesFailsTheNextSendWithEveryRecipientUnsent() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on("RSET", (session, command) -> session.close()).start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                MimeMessage first = TestClient.message(session);
                transport.sendMessage(first, first.getAllRecipients());
                MimeMessage second = TestClient.message(session);
                SendFailedException failed = assertThrows(SendFailedException.class,
                        () -> transport.sendMessage(second, second.getAllRecipients()));
                assertArrayEquals(new Address[] {new InternetAddress("bob@example.com")}, failed.getValidUnsentAddresses());
                assertEquals(0, failed.getValidSentAddresses().length);
                assertFalse(transport.isConnected());
            }
            assertEquals(1, server.messages().size());
        }
    }

    @Test
    void aRefusedRecipientFailsTheWholeSendUnlessSendPartial() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().rejectRecipient("nobody@example.com").start()) {
            Refusal refusal = sendToBobAndNobody(TestClient.of(server).with("tls.policy", "mandatory"));
            SendFailedException failed = refusal.failure();
            assertArrayEquals(new Address[] {new InternetAddress("nobody@example.com")}, failed.getInvalidAddresses());
            assertArrayEquals(new Address[] {new InternetAddress("bob@example.com")}, failed.getValidUnsentAddresses());
            assertEquals(0, failed.getValidSentAddresses().length);
            AddressFailedException refused = assertInstanceOf(AddressFailedException.class, failed.getNextException());
            assertEquals(550, refused.replyCode());
            assertEquals(TransportEvent.MESSAGE_NOT_DELIVERED, refusal.event().getType());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void sendPartialDeliversToTheValidRecipientsAndStillReportsTheInvalidOnes() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().rejectRecipient("nobody@example.com").start()) {
            Refusal refusal = sendToBobAndNobody(TestClient.of(server).with("tls.policy", "mandatory").with("sendpartial", "true"));
            assertArrayEquals(new Address[] {new InternetAddress("bob@example.com")}, refusal.failure().getValidSentAddresses());
            assertArrayEquals(new Address[] {new InternetAddress("nobody@example.com")}, refusal.failure().getInvalidAddresses());
            assertEquals(TransportEvent.MESSAGE_PARTIALLY_DELIVERED, refusal.event().getType());
            assertEquals(List.of("bob@example.com"), server.onlyMessage().recipients());
        }
    }

    private record Refusal(SendFailedException failure, TransportEvent event) {
    }

    /** Sends to bob and to nobody@example.com (whom the server refuses); returns the failure and the event. */
    private static Refusal sendToBobAndNobody(TestClient client) throws Exception {
        Session session = client.session();
        MimeMessage message = TestClient.message(session);
        message.addRecipients(Message.RecipientType.CC, "nobody@example.com");
        BlockingQueue<TransportEvent> events = new ArrayBlockingQueue<>(4);
        try (Transport transport = session.getTransport("smtp")) {
            transport.addTransportListener(listener(events));
            transport.connect();
            SendFailedException failed = assertThrows(SendFailedException.class,
                    () -> transport.sendMessage(message, message.getAllRecipients()));
            // Before close(): Jakarta Mail's event queue may drop events queued just before it stops.
            return new Refusal(failed, events.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMessageRefusedAtTheEndOfDataIsNotReportedSent() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().on(SmtpTestServer.END_OF_DATA, "554 5.6.0 Content rejected").start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            SendFailedException failed = assertThrows(SendFailedException.class, client::send);
            assertEquals(0, failed.getValidSentAddresses().length);
            assertEquals(1, failed.getValidUnsentAddresses().length);
            assertTrue(failed.getMessage().contains("554 5.6.0 Content rejected"), failed.getMessage());
        }
    }

    @Test
    void aTemporaryRecipientFailureCountsAsValidButUnsent() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().rejectRecipient("bob@example.com", "451 4.7.1 Greylisted").start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory");
            SendFailedException failed = assertThrows(SendFailedException.class, client::send);
            assertEquals(0, failed.getInvalidAddresses().length);
            assertArrayEquals(new Address[] {new InternetAddress("bob@example.com")}, failed.getValidUnsentAddresses());
        }
    }

    @Test
    void reportSuccessChainsEachAcceptedRecipientLikeAngus() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory").with("reportsuccess", "true");
            SendFailedException report = assertThrows(SendFailedException.class, client::send);
            AddressSucceededException success = assertInstanceOf(AddressSucceededException.class, report.getNextException());
            assertEquals("bob@example.com", success.address().getAddress());
            assertTrue(server.onlyMessage().accepted());
        }
    }

    @Test
    void envelopeParametersFollowWhatTheServerAnnounces() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            TestClient.of(server).with("tls.policy", "mandatory").with("allow8bitmime", "true")
                    .with("dsn.notify", "SUCCESS,FAILURE").with("dsn.ret", "HDRS").send();
            ReceivedMessage message = server.onlyMessage();
            assertTrue(message.mailParameters().contains("BODY=8BITMIME"), message.mailParameters().toString());
            assertTrue(message.mailParameters().contains("RET=HDRS"), message.mailParameters().toString());
            assertTrue(message.mailParameters().stream().anyMatch(p -> p.equals("SIZE=" + message.content().length)),
                    "exact SIZE: " + message.mailParameters() + " vs " + message.content().length);
            assertEquals(List.of("NOTIFY=SUCCESS,FAILURE"), message.recipientParameters().get("bob@example.com"));
        }
    }

    @Test
    void noParametersAreSentToAServerThatAnnouncesNone() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().capabilitiesAfterTls("ENHANCEDSTATUSCODES").start()) {
            TestClient.of(server).with("tls.policy", "mandatory").with("allow8bitmime", "true")
                    .with("dsn.notify", "SUCCESS").with("dsn.ret", "FULL").send();
            assertEquals(List.of(), server.onlyMessage().mailParameters());
        }
    }

    @Test
    void internationalAddressesUseSmtpUtf8() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").with("mail.mime.allowutf8", "true").session();
            MimeMessage message = TestClient.message(session);
            message.setRecipients(Message.RecipientType.TO, "jörg@example.com");
            message.setSubject("Grüße", "UTF-8");
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                transport.sendMessage(message, message.getAllRecipients());
            }
            ReceivedMessage received = server.onlyMessage();
            assertTrue(received.mailParameters().contains("SMTPUTF8"), received.mailParameters().toString());
            assertEquals(List.of("jörg@example.com"), received.recipients());
        }
    }

    @Test
    void internationalAddressesFailClearlyWithoutSmtpUtf8() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().capabilitiesAfterTls("8BITMIME").start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            MimeMessage message = TestClient.message(session);
            message.setRecipients(Message.RecipientType.TO, "jörg@example.com");
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                SendFailedException failed = assertThrows(SendFailedException.class,
                        () -> transport.sendMessage(message, message.getAllRecipients()));
                assertTrue(failed.getMessage().contains("SMTPUTF8"), failed.getMessage());
            }
            assertFalse(server.tlsVerbs().contains("MAIL"));
        }
    }

    @Test
    void glassfishStyleSessionsWithOnlyMailHostUserAndFromWork() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            Properties properties = new Properties();
            properties.put("mail.host", server.host());
            properties.put("mail.user", "alice");
            properties.put("mail.from", "envelope@example.com");
            properties.put("mail.smtp.port", String.valueOf(server.port()));
            properties.put("mail.smtp.auth", "true");
            properties.put("mail.smtp.tls.policy", "mandatory");
            properties.put("mail.smtp.tls.trustcerts", TestClient.pem(io.sealpost.smtp.testserver.TestCertificates.ca().certificate()).toString());
            properties.put("mail.smtp.tls.servername", SmtpTestServer.HOSTNAME);
            Session session = Session.getInstance(properties, new jakarta.mail.Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(getDefaultUserName(), "secret");
                }
            });
            MimeMessage message = TestClient.message(session);
            Transport.send(message);
            ReceivedMessage received = server.onlyMessage();
            assertEquals("envelope@example.com", received.from());
            assertEquals("alice", received.authenticatedAs());
        }
    }

    @Test
    void aCommandInjectionThroughAnAddressIsRefused() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start()) {
            Session session = TestClient.of(server).with("tls.policy", "mandatory").session();
            MimeMessage message = TestClient.message(session);
            InternetAddress evil = new InternetAddress();
            evil.setAddress("bob@example.com>\r\nRCPT TO:<mallory@example.com");
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                assertThrows(SendFailedException.class, () -> transport.sendMessage(message, new Address[] {evil}));
            }
            assertFalse(server.transcript().stream().map(ReceivedLine::text).anyMatch(text -> text.contains("mallory")));
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void sendingWithoutConnectingIsAnIllegalState() throws Exception {
        Session session = Session.getInstance(new Properties());
        Transport transport = session.getTransport("smtp");
        MimeMessage message = TestClient.message(session);
        assertThrows(IllegalStateException.class, () -> transport.sendMessage(message, message.getAllRecipients()));
        assertNull(((SmtpTransport) transport).getTlsReport().orElse(null));
    }

    private static TransportAdapter listener(BlockingQueue<TransportEvent> events) {
        return new TransportAdapter() {
            @Override
            public void messageDelivered(TransportEvent event) {
                events.add(event);
            }

            @Override
            public void messageNotDelivered(TransportEvent event) {
                events.add(event);
            }

            @Override
            public void messagePartiallyDelivered(TransportEvent event) {
                events.add(event);
            }
        };
    }
}
