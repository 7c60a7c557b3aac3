package io.sealpost.smtp.cli;

import io.sealpost.smtp.TlsReport;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.List;

/** Aligned "label  value" text for people, shared by every command so their output looks alike. */
final class Printer {
    private static final int LABEL_WIDTH = 24;
    private final PrintStream out;

    Printer(PrintStream out) {
        this.out = out;
    }

    void section(String title) {
        out.println();
        out.println(title);
    }

    void row(String label, String value) {
        out.println("  " + pad(label, LABEL_WIDTH) + value);
    }

    /** A value continued on the next line, under the previous one. */
    void more(String value) {
        out.println("  " + pad("", LABEL_WIDTH) + value);
    }

    void line(String text) {
        out.println(text);
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    /** {@code key=value} for a Session property, with the value of any password key hidden (SPEC §4.8). */
    static String property(String key, String value) {
        return key + "=" + (key.toLowerCase(java.util.Locale.ROOT).contains("password") ? "******" : value);
    }

    /** The TLS report of SPEC §6 as the transport gave it. */
    void tlsReport(TlsReport report) {
        row("connection", switch (report.mode()) {
            case STARTTLS -> "STARTTLS (RFC 3207)";
            case IMPLICIT -> "implicit TLS (RFC 8314)";
            case NONE -> "plaintext: NOT encrypted";
        });
        if (report.encrypted()) {
            row("protocol", report.protocol());
            row("cipher suite", report.cipherSuite());
            row("verified", report.verified() ? "yes" : "NO" + report.verificationFailure().map(why -> ": " + why).orElse(""));
            List<X509Certificate> chain = report.peerCertificates();
            if (!chain.isEmpty()) {
                row("peer certificate", chain.get(0).getSubjectX500Principal().getName());
                row("  issued by", chain.get(0).getIssuerX500Principal().getName());
                for (int i = 1; i < chain.size(); i++) {
                    row("  then", chain.get(i).getSubjectX500Principal().getName()
                            + ", issued by " + chain.get(i).getIssuerX500Principal().getName());
                }
            }
            row("session resumed", report.sessionResumed() ? "yes" : "no (full handshake)");
        }
        List<String> capabilities = report.capabilities();
        String label = report.encrypted() ? "capabilities after TLS" : "capabilities";
        if (capabilities.isEmpty()) {
            row(label, "(none)");
        }
        for (int i = 0; i < capabilities.size(); i++) {
            if (i == 0) {
                row(label, capabilities.get(i));
            } else {
                more(capabilities.get(i));
            }
        }
    }
}
