package io.sealpost.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sealpost.smtp.ProtocolViolationException;
import io.sealpost.smtp.ReplyTooLongException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyReaderTest {
    private static ReplyReader reader(String text) {
        return new ReplyReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsMultiLineRepliesAndKeepsTheRestBuffered() throws Exception {
        ReplyReader reader = reader("250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n220 next");
        Reply reply = reader.read();
        assertEquals(250, reply.code());
        assertEquals(List.of("mail.test", "PIPELINING", "STARTTLS"), reply.lines());
        assertEquals("220 next".length(), reader.buffered(), "bytes after the reply stay visible to the STARTTLS check");
    }

    @Test
    void acceptsABareCodeAndBareLineFeeds() throws Exception {
        Reply reply = reader("354\n").read();
        assertEquals(354, reply.code());
        assertEquals(List.of(""), reply.lines());
    }

    @Test
    void rejectsALineLongerThanFourKibibytes() {
        String line = "250 " + "x".repeat(ReplyReader.MAX_LINE) + "\r\n";
        assertThrows(ReplyTooLongException.class, () -> reader(line).read());
    }

    @Test
    void rejectsAReplyThatNeverEnds() {
        // An endless stream of continuation lines: the reader must stop at 64 KiB, not run out of memory.
        InputStream endless = new InputStream() {
            private final byte[] line = "250-padding padding padding padding\r\n".getBytes(StandardCharsets.US_ASCII);
            private long position;

            @Override
            public int read() {
                return line[(int) (position++ % line.length)];
            }
        };
        assertThrows(ReplyTooLongException.class, () -> new ReplyReader(endless).read());
    }

    @Test
    void rejectsMalformedLines() {
        assertThrows(ProtocolViolationException.class, () -> reader("hello\r\n").read());
        assertThrows(ProtocolViolationException.class, () -> reader("25x ok\r\n").read());
        assertThrows(ProtocolViolationException.class, () -> reader("250xok\r\n").read());
        assertThrows(ProtocolViolationException.class, () -> reader("150 ok\r\n").read());
    }

    @Test
    void rejectsAMultiLineReplyThatChangesItsCode() {
        assertThrows(ProtocolViolationException.class, () -> reader("250-one\r\n550 two\r\n").read());
    }

    @Test
    void reportsAClosedConnection() {
        InputStream cut = new SequenceInputStream(new ByteArrayInputStream("250-partial\r\n".getBytes(StandardCharsets.US_ASCII)),
                InputStream.nullInputStream());
        assertThrows(EOFException.class, () -> new ReplyReader(cut).read());
    }
}
