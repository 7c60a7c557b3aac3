package io.sealpost.smtp.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command line: its exit status and what it printed. */
record Run(int status, String out, String err) {

    static Run of(List<String> args) {
        return of(args, new ByteArrayInputStream(new byte[0]));
    }

    static Run of(List<String> args, InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args.toArray(new String[0]), in, outStream, errStream);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run of(String... args) {
        return of(List.of(args));
    }

    @SafeVarargs
    static List<String> args(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /** The line of the output that starts (after indentation) with {@code label}. */
    String line(String label) {
        for (String line : out.split("\n")) {
            if (line.strip().startsWith(label)) {
                return line.strip();
            }
        }
        throw new AssertionError("no line starting with \"" + label + "\" in:\n" + out + "\nstderr:\n" + err);
    }

    /** Whether some line of the output, without its indentation, matches {@code regex} as a whole. */
    boolean has(String regex) {
        return out.lines().map(String::strip).anyMatch(line -> line.matches(regex));
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
