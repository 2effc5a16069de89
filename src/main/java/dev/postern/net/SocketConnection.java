package dev.postern.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A {@link Connection} over a TCP socket. Output is buffered and leaves only on {@link #flush()},
 * so each reply batch goes out in one write; with TCP_NODELAY that avoids the Nagle/delayed-ACK stall.
 */
final class SocketConnection implements Connection {

    static final int BUFFER_SIZE = 16 * 1024;

    private final Peer peer;
    private final Optional<TlsContext> starttls;
    private final Socket raw;
    private volatile Socket socket;
    private LineInput input;
    private OutputStream output;
    private volatile WriteWatch watch;

    SocketConnection(Socket socket, Peer peer, Optional<TlsContext> starttls) throws IOException {
        this.peer = peer;
        this.starttls = starttls;
        this.raw = socket;
        socket.setTcpNoDelay(true);
        attach(socket);
    }

    private void attach(Socket current) throws IOException {
        this.socket = current;
        this.input = new LineInput(current.getInputStream(), BUFFER_SIZE);
        this.watch = new WriteWatch(current.getOutputStream());
        this.output = new BufferedOutputStream(watch, BUFFER_SIZE);
    }

    /**
     * True when a write has waited longer than the read timeout: the client stopped reading
     * (the listener's watchdog then aborts the connection). The same patience as for a read.
     */
    boolean writeStalled(long nowNanos) {
        try {
            long limit = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(socket.getSoTimeout());
            return limit > 0 && watch.stalledFor(nowNanos) > limit;
        } catch (IOException closed) {
            return false;
        }
    }

    @Override
    public Peer peer() {
        return peer;
    }

    @Override
    public Line readLine(int maxOctets) throws IOException {
        return input.readLine(maxOctets);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return input.read(buffer, offset, length);
    }

    @Override
    public int peek(byte[] buffer, int offset, int length) {
        return input.peek(buffer, offset, length);
    }

    @Override
    public boolean hasPendingInput() throws IOException {
        return input.buffered() > 0 || socket.getInputStream().available() > 0;
    }

    @Override
    public boolean hasBufferedInput() {
        return input.buffered() > 0;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        output.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        output.flush();
    }

    @Override
    public void startTls() throws IOException {
        TlsContext context = starttls.orElseThrow(() -> new IllegalStateException("TLS is not configured on " + peer.listener()));
        // RFC 3207 §4.2: plaintext bytes we already buffered must never be read as if they came over
        // TLS. The session checks hasPendingInput() before its 220; by now the socket may already
        // hold the client's hello, which is why only our own buffer is checked here.
        if (input.buffered() > 0) {
            throw new IllegalStateException("refusing TLS upgrade: plaintext input is buffered");
        }
        upgrade(context);
    }

    /** Implicit TLS: the client's hello is already waiting, so no pending-input guard here. */
    void handshake(TlsContext context) throws IOException {
        upgrade(context);
    }

    private void upgrade(TlsContext context) throws IOException {
        output.flush();
        SSLSocket tls = context.layer(socket);
        tls.setSoTimeout(socket.getSoTimeout());
        tls.startHandshake();
        attach(tls);
    }

    @Override
    public Optional<TlsInfo> tls() {
        if (socket instanceof SSLSocket tls) {
            SSLSession session = tls.getSession();
            return Optional.of(new TlsInfo(session.getProtocol(), session.getCipherSuite()));
        }
        return Optional.empty();
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
    }

    /** Best-effort flush of what the session wrote, then close; never throws. */
    @Override
    public void close() {
        try {
            output.flush();
        } catch (IOException | RuntimeException e) {
            // The client is gone or stuck; what was not flushed was never acknowledged to it.
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
        abort();
    }

    /** Closes the socket without flushing; safe from another thread (graceful shutdown's last step). */
    void abort() {
        try {
            // The TCP socket itself: closing a TLS layer could wait on a lock its writer holds.
            raw.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
