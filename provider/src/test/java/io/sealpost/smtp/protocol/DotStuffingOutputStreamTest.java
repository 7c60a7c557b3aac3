package io.sealpost.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DotStuffingOutputStreamTest {
    private static String stuff(String... writes) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
        for (String write : writes) {
            out.write(write.getBytes(StandardCharsets.UTF_8));
        }
        out.finish();
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void doublesDotsAtLineStartsOnly() throws IOException {
        assertEquals("..hidden\r\na.b\r\n..\r\n.\r\n", stuff(".hidden\r\na.b\r\n.\r\n"));
    }

    @Test
    void aMessageCannotEndTheDataEarlyWithBareLineEndings() throws IOException {
        // SMTP smuggling: "\n.\n" or "\r.\r" must not become an end-of-data for any server.
        assertEquals("a\r\n..\r\nMAIL FROM:<x>\r\n.\r\n", stuff("a\n.\nMAIL FROM:<x>"));
        assertEquals("a\r\n..\r\nb\r\n.\r\n", stuff("a\r.\rb"));
    }

    @Test
    void normalisesLineEndingsSplitAcrossWrites() throws IOException {
        assertEquals("one\r\n..two\r\n.\r\n", stuff("one\r", "\n.two\r\n"));
        assertEquals("x\r\n\r\ny\r\n.\r\n", stuff("x\r\r", "y"));
    }

    @Test
    void endsWithCrlfDotCrlfWhetherOrNotTheContentEndedALine() throws IOException {
        assertEquals("body\r\n.\r\n", stuff("body"));
        assertEquals("body\r\n.\r\n", stuff("body\r\n"));
        assertEquals(".\r\n", stuff());
    }

    @Test
    void singleByteWritesBehaveLikeBulkWrites() throws IOException {
        String text = ".a\nb\r\n.c\r";
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
        }
        out.finish();
        assertEquals(stuff(text), sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void lineNormalisingCountsWhatRfc1870CallsTheSize() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DotStuffingOutputStream out = DotStuffingOutputStream.lineNormalising(sink);
        out.write(".a\nb".getBytes(StandardCharsets.UTF_8));
        out.endLine();
        assertEquals(".a\r\nb\r\n", sink.toString(StandardCharsets.UTF_8));
    }
}
