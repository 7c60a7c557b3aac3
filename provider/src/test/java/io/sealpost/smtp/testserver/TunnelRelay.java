package io.sealpost.smtp.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the loopback proxies share: a listener on 127.0.0.1, one thread per client, byte relays between the
 * client and the target, and a close that drops every socket and waits briefly for every thread. The
 * targets are loopback only: the tests must never reach the network.
 */
abstract class TunnelRelay implements AutoCloseable {
    /** How long a proxy waits for a silent peer; every test conversation is far shorter. */
    static final int IDLE_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TunnelRelay() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /** Starts accepting; called by the factories once the subclass is fully built. */
    final void startAccepting() {
        spawn("proxy-" + listener.getLocalPort(), this::acceptLoop);
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Reads the client's request and answers it; returns the target to relay to, or null to hang up. */
    abstract InetSocketAddress negotiate(Socket client) throws IOException;

    /** Sent to the client once the target is connected (the proxy's success reply). */
    abstract void connected(Socket client) throws IOException;

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(client);
            spawn("proxy-client-" + client.getPort(), () -> serve(client));
        }
    }

    private void serve(Socket client) {
        try {
            client.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InetSocketAddress target = negotiate(client);
            if (target == null) {
                return;
            }
            if (!target.getAddress().isLoopbackAddress()) {
                throw new IOException("a test proxy relays to loopback only, not " + target);
            }
            Socket upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(target, IDLE_TIMEOUT_MILLIS);
            upstream.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            connected(client);
            spawn("proxy-upstream-" + upstream.getLocalPort(), () -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            if (!closed) {
                failures.add(e);
            }
        } finally {
            closeQuietly(client);
        }
    }

    /** Copies until either side ends, then drops both: a tunnel has no half-open life worth testing. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // One side went away; the tunnel ends.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** I/O errors while negotiating, other than those caused by {@link #close()}: for failure messages. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(TunnelRelay::closeQuietly);
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
