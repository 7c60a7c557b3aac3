package io.sealpost.smtp.testserver;

import java.util.Locale;

/**
 * A line the server received outside message data: what a test asserts on to prove that nothing left the
 * client in plaintext (SPEC §4.1).
 *
 * @param connection the connection's index, 0 for the first
 * @param text       the line without its CRLF
 * @param tls        whether it arrived inside TLS
 * @param kind       what the line was in the dialogue
 */
public record ReceivedLine(int connection, String text, boolean tls, Kind kind) {

    public enum Kind {
        /** A command, answered or not. */
        COMMAND,
        /** A client response inside an AUTH exchange (credentials, base64). */
        AUTH_RESPONSE,
        /** Plaintext the client sent after STARTTLS and before its TLS handshake (RFC 3207 §4; CVE-2011-0411 class). */
        BEFORE_HANDSHAKE
    }

    /** The command this line belongs to, upper-cased: the first word, or {@code AUTH} for an AUTH response. */
    public String verb() {
        if (kind == Kind.AUTH_RESPONSE) {
            return "AUTH";
        }
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "#" + connection + (tls ? " tls " : " plain ") + kind + ": " + text;
    }
}
