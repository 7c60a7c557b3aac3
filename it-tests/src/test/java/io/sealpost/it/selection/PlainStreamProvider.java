package io.sealpost.it.selection;

import jakarta.mail.util.LineInputStream;
import jakarta.mail.util.LineOutputStream;
import jakarta.mail.util.StreamProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest {@link StreamProvider} that lets a {@code Session} exist without Angus Mail: the
 * "some other Jakarta Mail implementation" column of the provider-selection matrix. {@code Session}
 * needs only {@link #inputLineStream} to read the providers files; everything else is refused.
 * Packed into its own jar at run time, with its service file, so it is never on the test class path
 * as a provider.
 */
public final class PlainStreamProvider implements StreamProvider {

    @Override
    public LineInputStream inputLineStream(InputStream in, boolean allowutf8) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in,
                allowutf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        return reader::readLine;
    }

    private static UnsupportedOperationException notNeeded() {
        return new UnsupportedOperationException("PlainStreamProvider only reads providers files");
    }

    @Override public InputStream inputBase64(InputStream in) { throw notNeeded(); }
    @Override public OutputStream outputBase64(OutputStream out) { throw notNeeded(); }
    @Override public InputStream inputBinary(InputStream in) { throw notNeeded(); }
    @Override public OutputStream outputBinary(OutputStream out) { throw notNeeded(); }
    @Override public OutputStream outputB(OutputStream out) { throw notNeeded(); }
    @Override public InputStream inputQ(InputStream in) { throw notNeeded(); }
    @Override public OutputStream outputQ(OutputStream out, boolean encodingWord) { throw notNeeded(); }
    @Override public LineOutputStream outputLineStream(OutputStream out, boolean allowutf8) { throw notNeeded(); }
    @Override public InputStream inputQP(InputStream in) { throw notNeeded(); }
    @Override public OutputStream outputQP(OutputStream out) { throw notNeeded(); }
    @Override public InputStream inputSharedByteArray(byte[] buff) { throw notNeeded(); }
    @Override public InputStream inputUU(InputStream in) { throw notNeeded(); }
    @Override public OutputStream outputUU(OutputStream out, String filename) { throw notNeeded(); }
}
