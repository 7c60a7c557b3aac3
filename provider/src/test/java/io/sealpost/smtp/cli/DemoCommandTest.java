package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DemoCommandTest {

    @Test
    void demoSendsOverVerifiedStartTlsAndShowsTheServersView() {
        Run run = Run.of("demo");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.line("connection").matches("connection\\s+STARTTLS.*"), run::toString);
        assertTrue(run.line("protocol").matches("protocol\\s+TLSv1\\.[23]"), run::toString);
        assertTrue(run.line("verified").matches("verified\\s+yes"), run::toString);
        assertTrue(run.line("peer certificate").contains("CN=localhost"), run::toString);
        assertTrue(run.line("arrived over TLS").matches("arrived over TLS\\s+yes \\(TLSv1\\.[23], .+\\)"), run::toString);
        assertTrue(run.out().contains("tls: MAIL FROM:<demo@example.org>"), run::toString);
        assertTrue(run.out().contains("| Subject: Hello over mandatory STARTTLS"), run::toString);
        assertTrue(run.out().contains("Result: sent over verified TLS"), run::toString);
        assertTrue(run.err().isEmpty(), run::toString);
    }

    @Test
    void demoWithDebugShowsTheConversation() {
        Run run = Run.of("demo", "--debug");

        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.out().contains("C: STARTTLS"), run::toString);
        assertTrue(run.out().contains("S: 220 2.0.0 Ready to start TLS"), run::toString);
    }
}
