package io.sealpost.smtp.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

/**
 * A connected socket whose input is the server's own buffered stream, so that a TLS layer put on top
 * after STARTTLS reads the bytes the command reader already buffered instead of losing them. Conscrypt
 * has no {@code createSocket(Socket, InputStream consumed, …)}; layering over this works for both engines.
 */
final class BufferedSocket extends Socket {
    private final Socket plain;
    private final InputStream input;

    BufferedSocket(Socket plain, InputStream input) {
        this.plain = plain;
        this.input = input;
    }

    @Override public InputStream getInputStream() { return input; }
    @Override public OutputStream getOutputStream() throws IOException { return plain.getOutputStream(); }
    @Override public void close() throws IOException { plain.close(); }
    @Override public boolean isClosed() { return plain.isClosed(); }
    @Override public boolean isConnected() { return plain.isConnected(); }
    @Override public boolean isBound() { return plain.isBound(); }
    @Override public boolean isInputShutdown() { return plain.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return plain.isOutputShutdown(); }
    @Override public void shutdownInput() throws IOException { plain.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { plain.shutdownOutput(); }
    @Override public InetAddress getInetAddress() { return plain.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return plain.getLocalAddress(); }
    @Override public int getPort() { return plain.getPort(); }
    @Override public int getLocalPort() { return plain.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return plain.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return plain.getLocalSocketAddress(); }
    @Override public SocketChannel getChannel() { return null; }
    @Override public void setSoTimeout(int timeout) throws SocketException { plain.setSoTimeout(timeout); }
    @Override public int getSoTimeout() throws SocketException { return plain.getSoTimeout(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { plain.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return plain.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { plain.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return plain.getSoLinger(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { plain.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return plain.getKeepAlive(); }
    @Override public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("already connected");
    }
    @Override public void bind(SocketAddress local) throws IOException {
        throw new SocketException("already bound");
    }
    @Override public String toString() { return "buffered " + plain; }
}
