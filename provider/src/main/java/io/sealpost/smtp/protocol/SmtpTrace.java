package io.sealpost.smtp.protocol;

import java.io.PrintStream;

/**
 * The {@code mail.debug} protocol trace. Lines the client marks as secret (AUTH payloads, passwords,
 * OAuth tokens) are printed redacted, so the trace can be pasted into a bug report (SPEC §4.8).
 */
public final class SmtpTrace {
    private static final SmtpTrace OFF = new SmtpTrace(null);
    private final PrintStream out;

    private SmtpTrace(PrintStream out) {
        this.out = out;
    }

    public static SmtpTrace to(PrintStream out) {
        return new SmtpTrace(out);
    }

    public static SmtpTrace off() {
        return OFF;
    }

    public boolean enabled() {
        return out != null;
    }

    void client(String line) {
        if (out != null) {
            out.println("C: " + line);
        }
    }

    void server(Reply reply) {
        if (out != null) {
            for (int i = 0; i < reply.lines().size(); i++) {
                String text = reply.lines().get(i);
                out.println("S: " + reply.code() + (i == reply.lines().size() - 1 ? " " : "-") + ReplyReader.printable(text));
            }
        }
    }

    /** A note from Sealpost itself, such as a TLS decision. */
    public void note(String text) {
        if (out != null) {
            out.println("SEALPOST: " + text);
        }
    }
}
