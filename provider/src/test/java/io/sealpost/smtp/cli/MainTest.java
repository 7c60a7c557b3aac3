package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class MainTest {

    @Test
    void noCommandPrintsTheOverviewToStandardErrorWithStatus2() {
        Run run = Run.of();
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("Commands:"), run::toString);
        assertTrue(run.out().isEmpty(), run::toString);
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = Run.of("frobnicate");
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("Unknown command \"frobnicate\""), run::toString);
        assertTrue(run.err().contains("check HOST") || run.err().contains("check "), run::toString);
    }

    @Test
    void anUnknownOptionIsAUsageErrorThatNamesItAndShowsTheCommandsUsage() {
        Run run = Run.of("check", "--frobnicate", "localhost");
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("unknown option --frobnicate"), run::toString);
        assertTrue(run.err().contains("Usage:") && run.err().contains("check HOST[:PORT]"), run::toString);
    }

    @Test
    void checkWithoutAServerIsAUsageError() {
        Run run = Run.of("check");
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("which server?"), run::toString);
    }

    @Test
    void aPropertyWithoutValueIsAUsageError() {
        Run run = Run.of("check", "localhost", "-Pmail.smtp.tls.policy");
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("-P needs key=value"), run::toString);
    }

    @Test
    void aMissingConfigFileIsAUsageError(@org.junit.jupiter.api.io.TempDir Path directory) {
        Run run = Run.of("send", "--config", directory.resolve("absent.properties").toString());
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("no such file"), run::toString);
    }

    @Test
    void aFlagGivenAValueIsAUsageError() {
        Run run = Run.of("check", "localhost", "--json=yes");
        assertEquals(Main.USAGE, run.status(), run::toString);
        assertTrue(run.err().contains("--json takes no value"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "check", "send"})
    void everyCommandHasHelpWithExamplesOnStandardOutput(String command) {
        Run run = Run.of(command, "--help");
        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.out().contains("Usage:") && run.out().contains("Examples:"), run::toString);
        assertTrue(run.out().contains(command), run::toString);
        assertTrue(run.err().isEmpty(), run::toString);
    }

    @Test
    void helpNamesACommand() {
        Run run = Run.of("help", "check");
        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.out().contains("tls.pins"), run::toString);
    }

    @Test
    void overviewHelpGoesToStandardOutput() {
        Run run = Run.of("--help");
        assertEquals(Main.OK, run.status(), run::toString);
        assertTrue(run.out().contains("demo") && run.out().contains("check") && run.out().contains("send"), run::toString);
    }
}
