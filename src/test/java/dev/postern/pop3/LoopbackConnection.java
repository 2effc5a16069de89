package dev.postern.pop3;

import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.net.Peer;
import dev.postern.net.TlsInfo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** Test-only TCP {@link Connection} (plain, STLS or implicit TLS) for end-to-end runs; the real one lives in {@code net}. */
final class LoopbackConnection implements Connection {

    private final Optional<SSLContext> stls;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** {@code stls} present: STLS may upgrade; a {@link SSLSocket} given here is implicit TLS. */
    LoopbackConnection(Socket socket, Optional<SSLContext> stls) throws IOException {
        this.stls = stls;
        attach(socket);
    }

    private void attach(Socket current) throws IOException {
        this.socket = current;
        this.in = new BufferedInputStream(current.getInputStream());
        this.out = new BufferedOutputStream(current.getOutputStream(), 16384);
    }

    @Override
    public Peer peer() {
        return new Peer(socket.getInetAddress(), socket.getPort(), socket.getLocalPort(), "pop3");
    }

    @Override
    public Line readLine(int maxOctets) throws IOException {
        var line = new ByteArrayOutputStream();
        boolean tooLong = false;
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                return new Line.End();
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
                if (tooLong) {
                    return new Line.TooLong(maxOctets);
                }
                return new Line.Text(crlf ? java.util.Arrays.copyOf(bytes, bytes.length - 1) : bytes, crlf);
            }
            if (line.size() > maxOctets) {
                tooLong = true;
            } else {
                line.write(b);
            }
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
    }

    @Override
    public boolean hasPendingInput() throws IOException {
        return in.available() > 0;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void startTls() throws IOException {
        // the session refused STLS if commands were pending before its +OK; what arrives now is the ClientHello
        SSLContext context = stls.orElseThrow(() -> new IOException("no STLS on this test listener"));
        var tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        attach(tls);
    }

    @Override
    public Optional<TlsInfo> tls() {
        if (socket instanceof SSLSocket tls) {
            return Optional.of(new TlsInfo(tls.getSession().getProtocol(), tls.getSession().getCipherSuite()));
        }
        return Optional.empty();
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to tell anyone
        }
    }
}
