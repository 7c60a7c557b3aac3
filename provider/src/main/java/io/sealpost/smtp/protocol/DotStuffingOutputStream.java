package io.sealpost.smtp.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Message content as DATA needs it (RFC 5321 §4.5.2), streamed: every line ending becomes CRLF (bare
 * CR and bare LF included, so a message can never smuggle an end-of-data, RFC 5321 §4.1.1.4), a line
 * that starts with '.' gets a second one, and {@link #finish()} writes the terminating CRLF.CRLF.
 * Nothing is copied beyond the current write; runs without special bytes pass through in one call.
 */
final class DotStuffingOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

    private final boolean stuffDots;
    private boolean atLineStart = true;
    private boolean afterCr;

    DotStuffingOutputStream(OutputStream out) {
        this(out, true);
    }

    private DotStuffingOutputStream(OutputStream out, boolean stuffDots) {
        super(out);
        this.stuffDots = stuffDots;
    }

    /**
     * The same line-ending rules without dot-stuffing: what RFC 1870 §4 counts as the message size
     * ("including CR-LF pairs, but not ... doubled quoting dots"). End with {@link #endLine()}.
     */
    static DotStuffingOutputStream lineNormalising(OutputStream out) {
        return new DotStuffingOutputStream(out, false);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int runStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    // CRLF already written when the CR was seen: drop this LF.
                    out.write(bytes, runStart, i - runStart);
                    runStart = i + 1;
                    afterCr = false;
                    atLineStart = true;
                    continue;
                }
                out.write(bytes, runStart, i - runStart);
                out.write(CRLF);
                runStart = i + 1;
                atLineStart = true;
            } else if (b == '\r') {
                out.write(bytes, runStart, i - runStart);
                out.write(CRLF);
                runStart = i + 1;
                afterCr = true;
                atLineStart = true;
            } else {
                afterCr = false;
                if (stuffDots && atLineStart && b == '.') {
                    out.write(bytes, runStart, i - runStart);
                    out.write('.');
                    runStart = i; // the original dot follows with the run
                }
                atLineStart = false;
            }
        }
        out.write(bytes, runStart, end - runStart);
    }

    /** Ends the message: a CRLF if the content did not end with one, then ".CRLF". Does not close. */
    void finish() throws IOException {
        endLine();
        out.write(END_OF_DATA);
        atLineStart = true;
        afterCr = false;
    }

    /** Ends the last line with CRLF if the content did not. */
    void endLine() throws IOException {
        if (!atLineStart) {
            out.write(CRLF);
            atLineStart = true;
        }
    }

    @Override
    public void close() {
        // The connection outlives the message: closing the message stream must not close the socket.
    }
}
