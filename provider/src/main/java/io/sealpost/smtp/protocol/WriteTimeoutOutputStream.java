package io.sealpost.smtp.protocol;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sockets have no write timeout; a server that stops reading would block a write forever. This stream
 * arms a timer around each write that closes the socket when the write takes longer than the limit
 * (the approach Angus Mail takes for {@code writetimeout}), and remembers that it did so, so the
 * caller can report a write timeout instead of a bare "socket closed".
 */
final class WriteTimeoutOutputStream extends FilterOutputStream {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sealpost-smtp-write-timeout");
        thread.setDaemon(true);
        return thread;
    });

    private final Socket socket;
    private final long timeoutMillis;
    private volatile boolean timedOut;

    WriteTimeoutOutputStream(OutputStream out, Socket socket, long timeoutMillis) {
        super(out);
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
    }

    boolean timedOut() {
        return timedOut;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ScheduledFuture<?> alarm = arm();
        try {
            out.write(bytes, offset, length);
        } finally {
            alarm.cancel(false);
        }
    }

    @Override
    public void flush() throws IOException {
        ScheduledFuture<?> alarm = arm();
        try {
            out.flush();
        } finally {
            alarm.cancel(false);
        }
    }

    private ScheduledFuture<?> arm() {
        return TIMER.schedule(() -> {
            timedOut = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // The socket is being abandoned; nothing more to do.
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
