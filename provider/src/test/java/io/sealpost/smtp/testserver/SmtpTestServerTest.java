package io.sealpost.smtp.testserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.cli.ThrowawayCa;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test server, driven by a raw socket client (not Jakarta Mail): each mode, each attack hook, and the
 * recordings the transport's tests will assert on.
 */
@Timeout(20)
class SmtpTestServerTest {

    // ------------------------------------------------------------------ the three modes

    @Test
    void plaintextServerSpeaksWellBehavedEsmtpAndRecordsTheMessage() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().start();
             RawClient client = RawClient.connect(server)) {
            assertEquals(List.of("220 mail.test ESMTP"), client.readReply());
            assertEquals(List.of("250-mail.test", "250-PIPELINING", "250-SIZE 10485760", "250-8BITMIME",
                    "250-SMTPUTF8", "250-DSN", "250-ENHANCEDSTATUSCODES", "250 AUTH PLAIN LOGIN XOAUTH2"),
                    client.command("EHLO client.test"));
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<sender@example.com> SIZE=42 BODY=8BITMIME").get(0));
            assertEquals("250 2.1.5 Ok", client.command("RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE").get(0));
            assertEquals("354", client.command("DATA").get(0).substring(0, 3));
            client.send("Subject: hi", "", "..leading dot", ".");
            assertTrue(client.readReply().get(0).startsWith("250 2.0.0 Ok: queued"));
            assertEquals("250 2.0.0 Ok", client.command("NOOP").get(0));
            assertEquals("500 5.5.2 Error: command not recognized", client.command("FROB").get(0));
            assertEquals("221 2.0.0 Bye", client.command("QUIT").get(0));

            server.awaitConnectionsEnded(1);
            ReceivedMessage message = server.onlyMessage();
            assertEquals("sender@example.com", message.from());
            assertEquals(List.of("SIZE=42", "BODY=8BITMIME"), message.mailParameters());
            assertEquals(List.of("bob@example.com"), message.recipients());
            assertEquals(Map.of("bob@example.com", List.of("NOTIFY=SUCCESS,FAILURE")), message.recipientParameters());
            assertArrayEquals("Subject: hi\r\n\r\n..leading dot\r\n".getBytes(UTF_8), message.rawData());
            assertEquals("Subject: hi\r\n\r\n.leading dot\r\n", message.contentAsString());
            assertFalse(message.tls());
            assertTrue(message.accepted());
            assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA", "NOOP", "FROB", "QUIT"), server.plaintextVerbs());
            assertEquals(ConnectionRecord.End.QUIT, server.connection(0).end().orElseThrow());
            assertEquals(1, server.connectionCount());
        }
    }

    @Test
    void pipelinedCommandsInOneWriteAreAnsweredInOrder() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().rejectRecipient("nobody@example.com").start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>", "RCPT TO:<nobody@example.com>", "RCPT TO:<bob@example.com>", "DATA");
            assertEquals("250 2.1.0 Ok", client.readReply().get(0));
            assertEquals("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", client.readReply().get(0));
            assertEquals("250 2.1.5 Ok", client.readReply().get(0));
            assertTrue(client.readReply().get(0).startsWith("354"));
            client.send("body", ".", "QUIT");
            assertTrue(client.readReply().get(0).startsWith("250"));
            assertEquals("221 2.0.0 Bye", client.readReply().get(0));

            server.awaitConnectionsEnded(1);
            assertEquals(List.of("bob@example.com"), server.onlyMessage().recipients());
            assertEquals(List.of("nobody@example.com"), server.onlyMessage().rejectedRecipients());
        }
    }

    @Test
    void startTlsServerUpgradesForgetsPlaintextStateAndRecordsEverythingInsideTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertTrue(client.command("EHLO client.test").contains("250-STARTTLS"));
            assertEquals(List.of("220 2.0.0 Ready to start TLS"), client.command("STARTTLS"));
            client.startTls(clientTls(null));
            assertEquals("503 5.5.1 Error: send HELO/EHLO first", client.command("MAIL FROM:<a@example.com>").get(0),
                    "RFC 3207 §4.2: the server forgets the pre-TLS EHLO");
            List<String> ehlo = client.command("EHLO client.test");
            assertFalse(ehlo.stream().anyMatch(line -> line.contains("STARTTLS")), ehlo.toString());
            assertEquals("235 2.7.0 Authentication successful", client.command("AUTH PLAIN " + base64("\0alice\0secret")).get(0));
            client.sendMessage("a@example.com", "bob@example.com", "Subject: over TLS\r\n\r\nhello\r\n");
            client.command("QUIT");

            server.awaitConnectionsEnded(1);
            ConnectionRecord connection = server.connection(0);
            assertEquals(ConnectionRecord.TlsStart.STARTTLS, connection.tlsStart());
            assertEquals("TLSv1.3", connection.tlsProtocol());
            assertEquals("mail.test", connection.serverName());
            assertFalse(connection.sentPlaintextBeforeHandshake());
            assertEquals(List.of("EHLO", "STARTTLS"), server.plaintextVerbs());
            assertEquals(List.of("MAIL", "EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"), server.tlsVerbs());
            AuthAttempt auth = server.authAttempts().get(0);
            assertEquals(List.of("PLAIN", "alice", "secret", true, true),
                    List.of(auth.mechanism(), auth.username(), auth.secret(), auth.tls(), auth.accepted()));
            ReceivedMessage message = server.onlyMessage();
            assertTrue(message.tls());
            assertEquals("TLSv1.3", message.tlsProtocol());
            assertEquals("alice", message.authenticatedAs());
        }
    }

    @Test
    void implicitTlsServerHandshakesBeforeTheBanner() throws Exception { // hook 11
        try (SmtpTestServer server = SmtpTestServer.implicitTls().start();
             RawClient client = RawClient.connectTls(server, clientTls(null))) {
            assertEquals(List.of("220 mail.test ESMTP"), client.readReply());
            assertFalse(client.command("EHLO client.test").contains("250-STARTTLS"));
            assertEquals("554 5.5.1 Error: TLS already active", client.command("STARTTLS").get(0));
            client.command("QUIT");

            server.awaitConnectionsEnded(1);
            assertEquals(ConnectionRecord.TlsStart.IMPLICIT, server.connection(0).tlsStart());
            assertEquals(List.of(), server.plaintextVerbs());
            assertEquals(List.of("EHLO", "STARTTLS", "QUIT"), server.tlsVerbs());
        }
    }

    @Test
    void authLoginAndXoauth2ExchangesAreDecodedAndPlaintextAuthResponsesAreVisible() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().credentials("alice", "token-1").start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            assertEquals("334 " + base64("Username:"), client.command("AUTH LOGIN").get(0));
            assertEquals("334 " + base64("Password:"), client.command(base64("alice")).get(0));
            assertEquals("535 5.7.8 Error: authentication failed", client.command(base64("wrong")).get(0));
            assertEquals("334 ", client.command("AUTH XOAUTH2").get(0));
            assertEquals("235 2.7.0 Accepted",
                    client.command(base64("user=alice\u0001auth=Bearer token-1\u0001\u0001")).get(0));
            client.command("QUIT");

            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "AUTH", "AUTH", "AUTH", "AUTH", "AUTH", "QUIT"), server.plaintextVerbs());
            assertEquals(3, server.transcript().stream().filter(line -> line.kind() == ReceivedLine.Kind.AUTH_RESPONSE).count());
            List<AuthAttempt> attempts = server.authAttempts();
            assertEquals(List.of("LOGIN", "alice", "wrong", false, false), List.of(attempts.get(0).mechanism(),
                    attempts.get(0).username(), attempts.get(0).secret(), attempts.get(0).tls(), attempts.get(0).accepted()));
            assertEquals(List.of("XOAUTH2", "alice", "token-1", true), List.of(attempts.get(1).mechanism(),
                    attempts.get(1).username(), attempts.get(1).secret(), attempts.get(1).accepted()));
        }
    }

    @Test
    void chunkingIsServedWhenAdvertised() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().advertise("CHUNKING").start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertTrue(client.command("EHLO client.test").contains("250 CHUNKING"));
            client.command("MAIL FROM:<a@example.com>");
            client.command("RCPT TO:<bob@example.com>");
            client.write("BDAT 6\r\nhello\nBDAT 8 LAST\r\n.world\r\n".getBytes(UTF_8));
            assertEquals("250 2.0.0 Ok: 6 octets received", client.readReply().get(0));
            assertTrue(client.readReply().get(0).startsWith("250 2.0.0 Ok: queued"));
            client.command("QUIT");

            server.awaitConnectionsEnded(1);
            ReceivedMessage message = server.onlyMessage();
            assertEquals(2, message.chunks().size());
            assertEquals("hello\n.world\r\n", message.contentAsString(), "BDAT data is not dot-stuffed");
        }
    }

    // ------------------------------------------------------------------ attack hooks

    @Test
    void hook1StartTlsStrippedFromTheAdvertisement() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().withoutStartTls().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertFalse(client.command("EHLO client.test").contains("250-STARTTLS"));
            client.command("QUIT");
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "QUIT"), server.plaintextVerbs());
        }
    }

    @Test
    void hook2StartTlsRefusedWith454Or554() throws Exception {
        for (String refusal : List.of("454 4.7.0 TLS not available due to local problem", "554 5.7.0 No TLS for you")) {
            try (SmtpTestServer server = SmtpTestServer.startTls().on("STARTTLS", refusal).start();
                 RawClient client = RawClient.connect(server)) {
                client.readReply();
                client.command("EHLO client.test");
                assertEquals(List.of(refusal), client.command("STARTTLS"));
                assertEquals("250 2.0.0 Ok", client.command("NOOP").get(0), "still plaintext, no handshake");
                client.hangUp();
                server.awaitConnectionsEnded(1);
                assertFalse(server.connection(0).tls());
                assertEquals(ConnectionRecord.End.CLIENT_CLOSED, server.connection(0).end().orElseThrow());
            }
        }
    }

    @Test
    void hook3PlaintextInjectedBehindThe220InOneSegment() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .on("STARTTLS", (s, c) -> {
                    s.writeRaw("220 Go ahead\r\n250 injected\r\n");
                    s.startTlsHandshake();
                })
                .start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            client.send("STARTTLS");
            assertEquals(List.of("220 Go ahead"), client.readReply());
            assertTrue(client.bufferedBytes() >= "250 injected\r\n".length(), "the injection arrived with the 220");
            client.hangUp(); // what a correct client does (SPEC §4.3)
            server.awaitConnectionsEnded(1);
            assertFalse(server.connection(0).tls());
            assertEquals(ConnectionRecord.End.CLIENT_CLOSED, server.connection(0).end().orElseThrow());
        }
    }

    @Test
    void plaintextSentAfterThe220IsRecordedAsBeforeHandshake() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            client.command("STARTTLS");
            client.send("MAIL FROM:<leak@example.com>"); // a buffering client's mistake
            client.startTls(clientTls(null));           // then the ClientHello right behind it
            client.command("EHLO client.test");
            client.command("QUIT");

            server.awaitConnectionsEnded(1);
            ConnectionRecord connection = server.connection(0);
            assertTrue(connection.sentPlaintextBeforeHandshake());
            assertEquals("MAIL FROM:<leak@example.com>\r\n", new String(connection.bytesBeforeHandshake(), UTF_8));
            assertEquals(List.of("EHLO", "STARTTLS", "MAIL"), server.plaintextVerbs());
            assertEquals(ReceivedLine.Kind.BEFORE_HANDSHAKE, server.transcript().get(2).kind());
        }
    }

    @Test
    void commandsPipelinedBehindStartTlsAreRecordedAsBeforeHandshake() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            client.send("STARTTLS", "AUTH PLAIN " + base64("\0alice\0secret"));
            assertEquals("220 2.0.0 Ready to start TLS", client.readReply().get(0));
            client.hangUp();

            server.awaitConnectionsEnded(1);
            assertTrue(server.connection(0).sentPlaintextBeforeHandshake());
            assertEquals(List.of("EHLO", "STARTTLS", "AUTH"), server.plaintextVerbs());
            assertEquals(List.of(), server.authAttempts(), "recorded as a line, never processed");
        }
    }

    @Test
    void hook4CapabilitiesThatChangeAfterTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .capabilities("SIZE 1000", "STARTTLS", "AUTH PLAIN")
                .capabilitiesAfterTls("PIPELINING", "SIZE 1000")
                .start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertEquals(List.of("250-mail.test", "250-SIZE 1000", "250-STARTTLS", "250 AUTH PLAIN"), client.command("EHLO client.test"));
            client.command("STARTTLS");
            client.startTls(clientTls(null));
            assertEquals(List.of("250-mail.test", "250-PIPELINING", "250 SIZE 1000"), client.command("EHLO client.test"));
            assertEquals("503 5.5.1 Error: authentication not enabled", client.command("AUTH PLAIN " + base64("\0alice\0secret")).get(0));
            client.command("QUIT");
            server.awaitConnectionsEnded(1);
            assertEquals(List.of(), server.authAttempts());
        }
    }

    @Test
    void hook5PostTlsEhloAnsweredWith5xx() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .on("EHLO", (s, c) -> {
                    if (s.isTls()) s.reply("554 5.7.0 Go away"); else s.proceed();
                })
                .start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertTrue(client.command("EHLO client.test").contains("250-STARTTLS"));
            client.command("STARTTLS");
            client.startTls(clientTls(null));
            assertEquals(List.of("554 5.7.0 Go away"), client.command("EHLO client.test"));
            client.hangUp();
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO"), server.tlsVerbs());
        }
    }

    @Test
    void hook6ReplyThatNeverEndsStopsWhenTheClientHangsUp() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain()
                .on("EHLO", (s, c) -> s.writeEndlessly("250-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"))
                .start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO client.test");
            byte[] first = client.in.readNBytes(70 * 1024);
            assertTrue(new String(first, UTF_8).startsWith("250-xxx"));
            client.hangUp(); // a careful client gives up after 64 KiB
            server.awaitConnectionsEnded(1);
            assertEquals(ConnectionRecord.End.CLIENT_CLOSED, server.connection(0).end().orElseThrow());
        }
    }

    @Test
    void hook6ReplyLineLongerThan4KiB() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().on("EHLO", "250 " + "x".repeat(5000)).start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertEquals(5004, client.command("EHLO client.test").get(0).length());
        }
    }

    @Test
    void hook7ServerThatNeverAnswersStillRecordsWhatArrives() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().silent().start();
             RawClient client = RawClient.connect(server)) {
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, client::readReply);
            client.send("EHLO impatient.test");
            client.hangUp();
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO"), server.plaintextVerbs());
        }
    }

    @Test
    void hook7ServerThatStopsAnsweringAfterMail() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().on("MAIL", (s, c) -> s.stall()).start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, client::readReply);
            client.hangUp();
            server.awaitConnectionsEnded(1);
            assertEquals(List.of("EHLO", "MAIL"), server.plaintextVerbs());
        }
    }

    @Test
    void hook8AnyCertificateIsPresentedAndAVerifyingClientRejectsTheBadOnes() throws Exception {
        Instant now = Instant.now();
        ThrowawayCa ca = TestCertificates.ca();
        ThrowawayCa.Issued expired = ca.issue("mail.test").dnsNames("mail.test")
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).issue();
        ThrowawayCa.Issued wrongName = ca.issue("other.test").dnsNames("other.test").issue();
        ThrowawayCa.Issued selfSigned = ThrowawayCa.selfSigned("mail.test").dnsNames("mail.test").issue();
        ThrowawayCa.Issued weakRsa = ca.issue("mail.test").dnsNames("mail.test").rsa(1024).issue();
        ThrowawayCa.Issued sha1 = ca.issue("mail.test").dnsNames("mail.test").signatureAlgorithm("SHA1withECDSA").issue();
        for (ThrowawayCa.Issued identity : List.of(expired, wrongName, selfSigned, weakRsa, sha1)) {
            try (SmtpTestServer server = SmtpTestServer.startTls(identity).start()) {
                try (RawClient client = RawClient.connect(server)) {
                    client.readReply();
                    client.command("STARTTLS");
                    SSLSocket tls = client.startTls(trustAllTls());
                    assertEquals(identity.certificate(), tls.getSession().getPeerCertificates()[0]);
                }
                server.awaitConnectionsEnded(1);
                assertTrue(server.connection(0).tls());
            }
        }
        for (ThrowawayCa.Issued identity : List.of(expired, wrongName, selfSigned)) {
            try (SmtpTestServer server = SmtpTestServer.startTls(identity).start();
                 RawClient client = RawClient.connect(server)) {
                client.readReply();
                client.command("STARTTLS");
                assertThrows(SSLException.class, () -> client.startTls(clientTls(null)));
                server.awaitConnectionsEnded(1);
                assertTrue(server.connection(0).handshakeFailure().isPresent());
                assertEquals(ConnectionRecord.End.HANDSHAKE_FAILED, server.connection(0).end().orElseThrow());
            }
        }
    }

    @Test
    void hook9ClientCertificateRequired() throws Exception {
        X509Certificate anchor = TestCertificates.ca().certificate();
        try (SmtpTestServer server = SmtpTestServer.implicitTls().requireClientCertificate(anchor).start()) {
            try (RawClient client = RawClient.connect(server)) {
                SSLSocket tls = client.startTls(clientTls(null));
                // TLS 1.3: the server's refusal of an empty certificate arrives with the first read.
                assertThrows(IOException.class, () -> {
                    tls.startHandshake();
                    client.readReply();
                });
            }
            try (RawClient client = RawClient.connectTls(server, clientTls(TestCertificates.client()))) {
                client.readReply();
                client.command("QUIT");
            }
            server.awaitConnectionsEnded(2);
            assertEquals(ConnectionRecord.End.HANDSHAKE_FAILED, server.connection(0).end().orElseThrow());
            List<X509Certificate> chain = server.connection(1).clientCertificates();
            assertEquals(TestCertificates.client().certificate(), chain.get(0));
        }
    }

    @Test
    void clientCertificateRequestedButOptional() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().requestClientCertificate().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("STARTTLS");
            client.startTls(clientTls(null));
            client.command("QUIT");
            server.awaitConnectionsEnded(1);
            assertTrue(server.connection(0).tls());
            assertEquals(List.of(), server.connection(0).clientCertificates());
        }
    }

    @Test
    void hook10CustomRepliesForMailRcptAndTheEndOfData() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain()
                .on("MAIL", (s, c) -> {
                    if (c.mentions("<big@example.com>")) s.reply("552 5.3.4 Message too big"); else s.proceed();
                })
                .on("RCPT", (s, c) -> {
                    if (c.mentions("<grey@example.com>")) s.reply("451 4.7.1 Greylisted"); else s.proceed();
                })
                .on(SmtpTestServer.END_OF_DATA, "554 5.6.0 Content rejected")
                .start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("EHLO client.test");
            assertEquals("552 5.3.4 Message too big", client.command("MAIL FROM:<big@example.com>").get(0));
            assertEquals("250 2.1.0 Ok", client.command("MAIL FROM:<a@example.com>").get(0));
            assertEquals("451 4.7.1 Greylisted", client.command("RCPT TO:<grey@example.com>").get(0));
            assertEquals("250 2.1.5 Ok", client.command("RCPT TO:<bob@example.com>").get(0));
            client.command("DATA");
            client.send("Subject: x", "", "body", ".");
            assertEquals("554 5.6.0 Content rejected", client.readReply().get(0));
            client.command("QUIT");

            server.awaitConnectionsEnded(1);
            ReceivedMessage message = server.onlyMessage();
            assertFalse(message.accepted());
            assertEquals("554 5.6.0 Content rejected", message.finalReply());
            assertEquals(List.of("bob@example.com"), message.recipients(), "a hook's 451 is not recorded as accepted");
        }
    }

    @Test
    void sequenceErrorsLikeARealServer() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().requireAuthentication().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            assertEquals("503 5.5.1 Error: send HELO/EHLO first", client.command("MAIL FROM:<a@example.com>").get(0));
            assertEquals("250 mail.test", client.command("HELO client.test").get(0));
            assertEquals("503 5.5.1 Error: need MAIL command", client.command("RCPT TO:<b@example.com>").get(0));
            assertEquals("530 5.7.0 Authentication required", client.command("MAIL FROM:<a@example.com>").get(0));
            assertEquals("500 5.5.2 Error: command not recognized", client.command("BDAT 3 LAST").get(0),
                    "BDAT without CHUNKING advertised");
        }
    }

    // ------------------------------------------------------------------ legacy TLS, timeouts, closing

    @Test
    void tls11OnlyServerNegotiatesTls11OnConscrypt() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.implicitTls().tlsProtocols("TLSv1.1").start()) {
            SSLContext conscrypt = SSLContext.getInstance("TLS", Conscrypt.newProvider());
            conscrypt.init(null, trustManagers(TestCertificates.trustStore()), null);
            try (RawClient client = RawClient.connect(server)) {
                SSLSocket tls = (SSLSocket) conscrypt.getSocketFactory()
                        .createSocket(client.socket, "mail.test", server.port(), true);
                tls.setEnabledProtocols(new String[] {"TLSv1.1"});
                tls.startHandshake();
                assertEquals("TLSv1.1", tls.getSession().getProtocol());
                client.useTls(tls);
                assertEquals("220 mail.test ESMTP", client.readReply().get(0));
                client.command("QUIT");
            }
            try (RawClient client = RawClient.connect(server)) {
                assertThrows(SSLException.class, () -> client.startTls(clientTls(null)), "SunJSSE refuses TLSv1.1");
            }
            server.awaitConnectionsEnded(2);
            assertEquals("TLSv1.1", server.connection(0).tlsProtocol());
            assertEquals(ConnectionRecord.End.HANDSHAKE_FAILED, server.connection(1).end().orElseThrow());
        }
    }

    @Test
    void conscryptServerServesStartTls() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls().conscrypt().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("STARTTLS");
            client.startTls(clientTls(null));
            client.command("QUIT");
            server.awaitConnectionsEnded(1);
            assertEquals("TLSv1.3", server.connection(0).tlsProtocol());
            assertEquals("mail.test", server.connection(0).serverName());
        }
    }

    @Test
    void conscryptClientCompletesStartTlsWithTheDefaultServer() throws Exception {
        // Conscrypt's own trust manager: under TLS 1.3 it reports authType GENERIC, which SunJSSE's
        // PKIX trust manager rejects ("Unknown authType: GENERIC", google/conscrypt#1033).
        Provider provider = Conscrypt.newProviderBuilder().provideTrustManager(true).build();
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", provider);
        trust.init(TestCertificates.trustStore());
        SSLContext conscrypt = SSLContext.getInstance("TLS", provider);
        conscrypt.init(null, trust.getTrustManagers(), null);
        try (SmtpTestServer server = SmtpTestServer.startTls().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.command("STARTTLS");
            client.startTls(conscrypt);
            assertEquals("250 2.0.0 Ok", client.command("NOOP").get(0));
            client.command("QUIT");
            server.awaitConnectionsEnded(1);
            assertEquals("TLSv1.3", server.connection(0).tlsProtocol());
            assertEquals("mail.test", server.connection(0).serverName());
        }
    }

    @Test
    void awaitingAConnectionThatStaysOpenFailsWithinItsBound() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().start();
             RawClient client = RawClient.connect(server)) {
            client.readReply();
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> server.awaitConnectionsEnded(1, Duration.ofMillis(200)));
            assertTrue(failure.getMessage().contains("ended 0"), failure.getMessage());
        }
    }

    @Test
    void closeDropsConnectionsPromptlyEvenWhileTheServerIsBlockedWriting() throws Exception {
        SmtpTestServer server = SmtpTestServer.plain().on("EHLO", (s, c) -> s.writeEndlessly("250-x\r\n")).start();
        try (RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("EHLO client.test");
            client.in.readNBytes(10); // the server is writing; stop reading and it soon blocks
            long start = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "close took too long");
            assertEquals(ConnectionRecord.End.SERVER_CLOSED, server.connection(0).end().orElseThrow());
        }
    }

    @Test
    void aHandlerBugFailsTheTestAtClose() throws Exception {
        SmtpTestServer server = SmtpTestServer.plain().on("NOOP", (s, c) -> {
            throw new IllegalStateException("bug in a test hook");
        }).start();
        try (RawClient client = RawClient.connect(server)) {
            client.readReply();
            client.send("NOOP");
            server.awaitConnectionsEnded(1);
        }
        AssertionError failure = assertThrows(AssertionError.class, server::close);
        assertEquals("bug in a test hook", failure.getCause().getMessage());
    }

    @Test
    void fixedPortIsBoundAgainRightAfterTheServerBeforeClosedIt() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        for (int round = 0; round < 2; round++) {
            try (SmtpTestServer server = SmtpTestServer.plain().port(port).start();
                 RawClient client = RawClient.connect(server)) {
                assertEquals(port, server.port());
                assertEquals(List.of("220 mail.test ESMTP"), client.readReply());
                assertEquals("221 2.0.0 Bye", client.command("QUIT").get(0));
                server.awaitConnectionsEnded(1); // the server closed first: its end lingers in TIME_WAIT
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SmtpTestServer.plain().port(0));
    }

    // ------------------------------------------------------------------ a raw client

    /** SMTP by hand over a socket: what the server's self-tests drive it with. */
    static final class RawClient implements AutoCloseable {
        Socket socket;
        BufferedInputStream in;
        OutputStream out;

        static RawClient connect(SmtpTestServer server) throws IOException {
            RawClient client = new RawClient();
            client.socket = new Socket(server.host(), server.port());
            client.socket.setSoTimeout(5_000);
            client.in = new BufferedInputStream(client.socket.getInputStream());
            client.out = client.socket.getOutputStream();
            return client;
        }

        static RawClient connectTls(SmtpTestServer server, SSLContext context) throws IOException {
            RawClient client = connect(server);
            client.startTls(context);
            return client;
        }

        SSLSocket startTls(SSLContext context) throws IOException {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "mail.test", socket.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            useTls(tls);
            return tls;
        }

        void useTls(SSLSocket tls) throws IOException {
            socket = tls;
            in = new BufferedInputStream(tls.getInputStream());
            out = tls.getOutputStream();
        }

        /** Sends lines with CRLFs in one write. */
        void send(String... lines) throws IOException {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append("\r\n");
            }
            write(text.toString().getBytes(UTF_8));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        List<String> command(String line) throws IOException {
            send(line);
            return readReply();
        }

        void sendMessage(String from, String to, String content) throws IOException {
            command("MAIL FROM:<" + from + ">");
            command("RCPT TO:<" + to + ">");
            command("DATA");
            write((content + ".\r\n").getBytes(UTF_8));
            readReply();
        }

        /** One reply: lines up to the one with a space (or nothing) after the code. */
        List<String> readReply() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b == -1) {
                        throw new IOException("connection closed after " + lines);
                    }
                    if (b != '\r') {
                        line.write(b);
                    }
                }
                String text = line.toString(UTF_8);
                lines.add(text);
                if (text.length() < 4 || text.charAt(3) != '-') {
                    return lines;
                }
            }
        }

        int bufferedBytes() throws IOException {
            return in.available();
        }

        /** Closes the connection without QUIT. */
        void hangUp() throws IOException {
            socket.close();
        }

        @Override
        public void close() throws IOException {
            hangUp();
        }
    }

    private static SSLContext clientTls(ThrowawayCa.Issued identity) throws GeneralSecurityException {
        KeyManager[] keys = null;
        if (identity != null) {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(identity.keyStore("client", "pw".toCharArray()), "pw".toCharArray());
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trustManagers(TestCertificates.trustStore()), null);
        return context;
    }

    private static TrustManager[] trustManagers(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static SSLContext trustAllTls() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        // An X509ExtendedTrustManager, or SunJSSE adds its own host name check around it.
        context.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        return context;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
