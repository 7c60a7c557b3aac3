package io.sealpost.smtp.protocol;

import java.util.List;

/**
 * One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more lines of text.
 *
 * @param code  the reply code, 200–599
 * @param lines the text of each line, without the code and separator
 */
public record Reply(int code, List<String> lines) {
    public Reply {
        lines = List.copyOf(lines);
    }

    /** 2yz: the command was accepted. */
    public boolean positive() {
        return code / 100 == 2;
    }

    /** 3yz: the server waits for more (354 to DATA, 334 in AUTH). */
    public boolean intermediate() {
        return code / 100 == 3;
    }

    /** 4yz: a temporary failure; the same command may succeed later. */
    public boolean transientFailure() {
        return code / 100 == 4;
    }

    /** 5yz: a permanent failure. */
    public boolean permanentFailure() {
        return code / 100 == 5;
    }

    /** The first line's text, for example the greeting domain of an EHLO reply or the AUTH challenge. */
    public String firstLine() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** The reply as the server sent it, lines joined with " / ", for messages a person reads. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (text.length() > 0) {
                text.append(" / ");
            }
            text.append(code);
            if (!line.isEmpty()) {
                text.append(' ').append(line);
            }
        }
        return text.length() == 0 ? String.valueOf(code) : text.toString();
    }
}
