package io.sealpost.smtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sealpost.smtp.cli.ServerCheck.CapabilityRow;
import io.sealpost.smtp.cli.ServerCheck.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityComparisonTest {

    @Test
    void capabilitiesArePairedByKeywordAndDifferencesMarked() {
        List<CapabilityRow> rows = ServerCheck.compare(
                List.of("PIPELINING", "SIZE 10240000", "STARTTLS", "8BITMIME"),
                List.of("PIPELINING", "SIZE 52428800", "8BITMIME", "AUTH PLAIN LOGIN"));
        assertEquals(List.of(
                new CapabilityRow(Change.SAME, "PIPELINING", "PIPELINING"),
                new CapabilityRow(Change.CHANGED, "SIZE 10240000", "SIZE 52428800"),
                new CapabilityRow(Change.ONLY_BEFORE, "STARTTLS", ""),
                new CapabilityRow(Change.SAME, "8BITMIME", "8BITMIME"),
                new CapabilityRow(Change.ONLY_AFTER, "", "AUTH PLAIN LOGIN")), rows);
    }

    @Test
    void keywordsCompareWithoutRegardToCase() {
        assertEquals(Change.SAME, ServerCheck.compare(List.of("size 100"), List.of("SIZE  100")).get(0).change());
    }

    @Test
    void theKeyExchangeIsReadFromTheSuiteAndTheGroupIsNeverGuessed() {
        assertEquals("ECDHE (forward secret)", ServerCheck.keyExchange("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals("RSA key transport (NOT forward secret)", ServerCheck.keyExchange("TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals("ephemeral (EC)DHE (TLS 1.3 always)", ServerCheck.keyExchange("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    }
}
