package dev.postern.smtp.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** The socket of a session, its buffered streams, and the TLS upgrade that replaces them. */
final class Wire implements AutoCloseable {

    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;
    private ReplyReader reader;

    Wire(Socket socket) throws IOException {
        attach(socket);
    }

    private volatile long written;

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), 8192);
        this.out = new BufferedOutputStream(new java.io.FilterOutputStream(s.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
            }
        }, 64 * 1024);
        this.reader = new ReplyReader(in);
    }

    /**
     * RFC 5321 §4.5.3.2.5: a data block may take at most {@code timeout}. Socket writes have no
     * timeout of their own, so a watcher closes the socket when nothing was written for that long;
     * the blocked write then fails and the session ends as a lost connection.
     */
    AutoCloseable watchWrites(Duration timeout) {
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = Thread.ofVirtual().name("smtp-data-watchdog").start(() -> {
            long last = written;
            try {
                while (!done.get()) {
                    Thread.sleep(timeout);
                    long now = written;
                    if (!done.get() && now == last) {
                        close();
                        return;
                    }
                    last = now;
                }
            } catch (InterruptedException e) {
                // finished
            }
        });
        return () -> {
            done.set(true);
            watcher.interrupt();
        };
    }

    dev.postern.smtp.Reply read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            return reader.read();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no reply within " + timeout.toSeconds() + "s");
        }
    }

    void send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    OutputStream out() {
        return out;
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Bytes the server sent that we have not read yet (ours buffered, or waiting in the socket). */
    int unread() throws IOException {
        return in.available();
    }

    /** RFC 3207 §4.2: the handshake starts on the same connection; the old streams are dropped. */
    void startTls(SSLSocketFactory factory, String host, Duration timeout, javax.net.ssl.SSLParameters params)
            throws IOException {
        var tls = (SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.setSSLParameters(params);
        tls.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        tls.startHandshake();
        attach(tls);
    }

    boolean tls() {
        return socket instanceof SSLSocket;
    }

    String cipher() {
        return socket instanceof SSLSocket s ? s.getSession().getProtocol() + " " + s.getSession().getCipherSuite()
                : "none";
    }

    InputStream in() {
        return in;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to say to this server
        }
    }
}
