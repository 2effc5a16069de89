package dev.postern.pop3;

import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.net.Peer;
import dev.postern.net.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Connection} driven by a transcript's steps: client lines are handed out in order,
 * directives run when the reader reaches them, and everything written is kept for comparison.
 * Consecutive client lines form a pipelined batch ({@link #hasPendingInput()} is true inside it);
 * the session must have flushed all its output before it waits for a line outside a batch.
 */
final class ScriptConnection implements Connection {

    /** Runs a directive met between client lines. */
    interface Directives {
        void run(Transcript.Step.Directive directive) throws IOException;
    }

    private final List<Transcript.Step> steps;
    private final Directives directives;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int next;
    private int unflushed;
    private Optional<TlsInfo> tls;
    private boolean inBatch;

    ScriptConnection(List<Transcript.Step> steps, Directives directives, boolean startInTls) {
        this.steps = steps;
        this.directives = directives;
        this.tls = startInTls ? Optional.of(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256")) : Optional.empty();
    }

    @Override
    public Peer peer() {
        return new Peer(InetAddress.getLoopbackAddress(), 40000, 110, "pop3");
    }

    @Override
    public Line readLine(int maxOctets) throws IOException {
        while (next < steps.size()) {
            Transcript.Step step = steps.get(next++);
            switch (step) {
                case Transcript.Step.Server s -> inBatch = false;
                case Transcript.Step.Directive d when d.name().equals("timeout") -> {
                    throw new SocketTimeoutException("scripted idle timeout");
                }
                case Transcript.Step.Directive d -> {
                    inBatch = false;
                    directives.run(d);
                }
                case Transcript.Step.Client c -> {
                    if (!inBatch && unflushed > 0) {
                        throw new AssertionError("transcript line " + c.lineNumber()
                                + ": the session waits for input with " + unflushed + " unflushed octets");
                    }
                    inBatch = true;
                    byte[] bytes = c.text().getBytes(StandardCharsets.UTF_8);
                    return bytes.length > maxOctets ? new Line.TooLong(maxOctets) : new Line.Text(bytes, true);
                }
            }
        }
        return new Line.End();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        throw new UnsupportedOperationException("POP3 reads lines only");
    }

    @Override
    public boolean hasPendingInput() {
        return next < steps.size() && steps.get(next) instanceof Transcript.Step.Client;
    }

    @Override
    public void write(byte[] bytes) {
        written.writeBytes(bytes);
        unflushed += bytes.length;
    }

    @Override
    public void flush() {
        unflushed = 0;
    }

    @Override
    public void startTls() {
        if (hasPendingInput()) {
            throw new AssertionError("STLS handshake with client bytes pending");
        }
        if (unflushed > 0) {
            throw new AssertionError("STLS handshake before the +OK was flushed");
        }
        tls = Optional.of(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    }

    @Override
    public Optional<TlsInfo> tls() {
        return tls;
    }

    @Override
    public void readTimeout(Duration timeout) {
        if (timeout.compareTo(Duration.ofMinutes(10)) < 0) {
            throw new AssertionError("RFC 1939 §3: the autologout timer must be at least 10 minutes");
        }
    }

    @Override
    public void close() {}

    String output() {
        return written.toString(StandardCharsets.UTF_8);
    }

    int unflushed() {
        return unflushed;
    }
}
