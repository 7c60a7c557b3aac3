package io.sealpost.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.smtp.testserver.SmtpTestServer;
import jakarta.mail.SendFailedException;
import org.junit.jupiter.api.Test;

/** SPEC §4.6: a hostile or broken server can neither exhaust memory nor hold the client forever. */
class LimitsAndTimeoutsTest {
    @Test
    void aReplyThatNeverEndsAbortsTheSession() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain()
                .on("EHLO", (session, command) -> session.writeEndlessly("250-padding padding padding\r\n")).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "none");
            assertThrows(ReplyTooLongException.class, client::send);
            server.awaitConnectionsEnded(1);
        }
    }

    @Test
    void aReplyLineLongerThanFourKibibytesAbortsTheSession() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().on("EHLO", "250 " + "x".repeat(5000)).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "none");
            assertThrows(ReplyTooLongException.class, client::send);
        }
    }

    @Test
    void aServerThatNeverGreetsTimesOutWhileReadingTheGreeting() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().silent().start()) {
            TestClient client = TestClient.of(server).with("timeout", "300");
            SmtpTimeoutException timeout = assertThrows(SmtpTimeoutException.class, client::send);
            assertEquals(SmtpTimeoutException.Phase.READ, timeout.phase());
            assertTrue(timeout.getMessage().contains("greeting") && timeout.getMessage().contains("mail.smtp.timeout"),
                    timeout.getMessage());
        }
    }

    @Test
    void aServerThatStopsAnsweringAfterMailFromTimesOutAndNothingCountsAsSent() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.plain().on("MAIL", (session, command) -> session.stall()).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "none").with("timeout", "300");
            SendFailedException failed = assertThrows(SendFailedException.class, client::send);
            assertInstanceOf(SmtpTimeoutException.class, failed.getNextException());
            assertEquals(1, failed.getValidUnsentAddresses().length);
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void aServerThatAcceptsButNeverCompletesTheHandshakeTimesOut() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.startTls()
                .on("STARTTLS", (session, command) -> {
                    session.reply("220 2.0.0 Ready");
                    session.stall();
                }).start()) {
            TestClient client = TestClient.of(server).with("tls.policy", "mandatory").with("timeout", "300");
            SmtpTimeoutException timeout = assertThrows(SmtpTimeoutException.class, client::send);
            assertEquals(SmtpTimeoutException.Phase.READ, timeout.phase());
            assertTrue(timeout.step().contains("TLS"), timeout.step());
        }
    }
}
