package io.sealpost.smtp.testserver;

import java.util.Locale;

/**
 * One command line as the server received it.
 *
 * @param line     the line without its CRLF
 * @param verb     the first word, upper-cased ({@code MAIL}, {@code RCPT}); {@code "."} for the end of a message
 * @param argument everything after the verb and one space, as sent
 * @param tls      whether the line arrived inside TLS
 */
public record Command(String line, String verb, String argument, boolean tls) {

    static Command parse(String line, boolean tls) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        return new Command(line, verb.toUpperCase(Locale.ROOT), argument, tls);
    }

    /** Whether the argument contains {@code text}, ignoring case: {@code c.mentions("<bob@example.com>")}. */
    public boolean mentions(String text) {
        return argument.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }
}
