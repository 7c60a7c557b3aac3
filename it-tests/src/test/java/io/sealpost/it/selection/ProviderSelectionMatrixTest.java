package io.sealpost.it.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sealpost.it.selection.SelectionCell.Expected;
import io.sealpost.it.selection.SelectionLab.Outcome;
import io.sealpost.it.support.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §2: Sealpost owns {@code smtp} and {@code smtps} on every jakarta.mail-api 2.1.x, with or without
 * Angus Mail, by its registration files alone, except where the API's own rules let Angus win; there,
 * {@code mail.smtp.class} is the fix. Each cell is a fresh class loader built from real jars.
 */
class ProviderSelectionMatrixTest {
    static final Path TABLE = Path.of(System.getProperty("sealpost.selection.dir", "target/selection"), "provider-selection.md");

    private static SelectionTable table;

    @BeforeAll
    static void openLab() {
        table = new SelectionTable(SelectionLab.fromSystemProperty());
    }

    static List<SelectionCell> cells() {
        return SelectionCell.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void registrationFilesAloneGiveSmtpAndSmtpsToSealpostWhereTheApiAllows(SelectionCell cell) {
        Outcome outcome = table.byRegistration(cell);
        if (cell.expected() == Expected.SEALPOST) {
            assertTrue(outcome.sealpostOwnsBoth(), () -> cell + ": expected Sealpost for smtp and smtps, got " + outcome);
        } else {
            assertTrue(outcome.angusOwnsBoth(), () -> cell + ": expected Angus to win here (documented), got " + outcome);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void mailSmtpClassSelectsSealpostWhereverSealpostIsRegistered(SelectionCell cell) {
        Outcome outcome = table.byExplicitClass(cell);
        if (cell.expected() == Expected.ANGUS_SEALPOST_UNSEEN) {
            assertTrue(outcome.angusOwnsBoth(), () -> cell + ": Sealpost is not registered here, yet mail.smtp.class gave " + outcome);
        } else {
            assertTrue(outcome.sealpostOwnsBoth(),
                    () -> cell + ": mail.smtp.class/mail.smtps.class naming Sealpost gave " + outcome);
        }
    }

    static List<SelectionCell> cellsWhereSealpostIsUnseen() {
        return SelectionCell.all().stream().filter(cell -> cell.expected() == Expected.ANGUS_SEALPOST_UNSEEN).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cellsWhereSealpostIsUnseen")
    void anAuthenticatorOfTheApplicationMakesSealpostVisibleWhereTheApiLooksOnlyAtTheServer(SelectionCell cell) {
        Outcome outcome = table.byAppAuthenticator(cell);
        assertTrue(outcome.sealpostOwnsBoth(), () -> cell + ": with the application's Authenticator, got " + outcome);
    }

    /** The table is written for the READMEs to quote, and each quote must be the measurement. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"META-INF-samples/README.md", "README.md"})
    void readmesQuoteTheMeasuredTable(String file) throws IOException {
        String measured = table.markdown();
        Files.writeString(TABLE, measured);
        Path readme = Samples.directory().toAbsolutePath().normalize().getParent().resolve(file);
        String text = Files.readString(readme);
        int begin = text.indexOf(SelectionTable.BEGIN);
        int end = text.indexOf(SelectionTable.END);
        assertTrue(begin >= 0 && end > begin, readme + " has no provider-selection block; paste " + TABLE.toAbsolutePath());
        assertEquals(measured, text.substring(begin, end + SelectionTable.END.length()) + "\n",
                readme + " quotes a stale table; paste " + TABLE.toAbsolutePath());
    }
}
