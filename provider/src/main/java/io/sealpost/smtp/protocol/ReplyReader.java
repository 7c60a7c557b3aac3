package io.sealpost.smtp.protocol;

import io.sealpost.smtp.ProtocolViolationException;
import io.sealpost.smtp.ReplyTooLongException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of server replies. It owns the connection's input buffer, so it can tell whether the
 * server sent bytes it should not have (the plaintext-after-STARTTLS injection of CVE-2011-0411), and it
 * enforces the size limits of SPEC §4.6 so a hostile server cannot exhaust memory.
 */
final class ReplyReader {
    /** Longest reply line accepted, CRLF included (RFC 5321 §4.5.3.1.5 allows 512; servers send more). */
    static final int MAX_LINE = 4 * 1024;
    /** Longest whole (multi-line) reply accepted. */
    static final int MAX_REPLY = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private final byte[] line = new byte[MAX_LINE];

    ReplyReader(InputStream in) {
        this.in = in;
    }

    /** Bytes received from the server that no reply has consumed yet. */
    int buffered() {
        return limit - position;
    }

    Reply read() throws IOException, ProtocolViolationException, ReplyTooLongException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_REPLY) {
                throw new ReplyTooLongException("The server's reply exceeded " + MAX_REPLY
                        + " bytes; the session was aborted (a reply that never ends is an attack or a broken server)");
            }
            if (line.length() < 3 || !isDigits(line, 3) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new ProtocolViolationException("Malformed SMTP reply line: \"" + printable(line)
                        + "\" (expected three digits, then a space or a hyphen, RFC 5321 §4.2)");
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (lineCode < 200 || lineCode > 599) {
                throw new ProtocolViolationException("SMTP reply code " + lineCode + " is outside 200–599");
            }
            if (code != -1 && lineCode != code) {
                throw new ProtocolViolationException("Multi-line SMTP reply changed its code from " + code + " to "
                        + lineCode + " (RFC 5321 §4.2.1 requires the same code on every line)");
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(code, lines);
            }
        }
    }

    private String readLine() throws IOException, ReplyTooLongException {
        int length = 0;
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
            if (length == MAX_LINE) {
                throw new ReplyTooLongException("A reply line from the server exceeded " + MAX_LINE
                        + " bytes; the session was aborted");
            }
            line[length++] = b;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("The server closed the connection");
        }
        position = 0;
        limit = n;
    }

    private static boolean isDigits(String line, int count) {
        for (int i = 0; i < count; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
