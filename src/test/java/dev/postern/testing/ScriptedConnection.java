package dev.postern.testing;

import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.net.Peer;
import dev.postern.net.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Connection} played from a {@link Transcript}: single-threaded, no sockets. Consecutive
 * client lines form one input block, as if they arrived in one packet (that is how pipelining is
 * written). When the session reads past the current block, every server line expected since the
 * previous block is checked against what the session flushed, then the next block is supplied. It
 * also checks that replies were flushed before the session blocked (or it would deadlock a real
 * client) and that they were flushed at most once per block (RFC 2920). {@link #startTls()} only
 * records that TLS is on. Failures name the transcript and its line; {@link #verify()} rethrows
 * the first one after the session ended.
 */
public final class ScriptedConnection implements Connection {

    public static final TlsInfo FAKE_TLS = new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256");

    private final Transcript transcript;
    private final List<Transcript.Step> steps;
    private final Peer peer;
    private int next;
    private byte[] block = new byte[0];
    private int position;
    private int blockLine;
    private final ByteArrayOutputStream unflushed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    private int flushesThisBlock;
    private Optional<TlsInfo> tls;
    private final List<Duration> timeouts = new ArrayList<>();
    private int handshakes;
    private boolean closed;
    private AssertionError failure;

    public ScriptedConnection(Transcript transcript, Peer peer, Optional<TlsInfo> tls) {
        this.transcript = transcript;
        this.steps = transcript.steps();
        this.peer = peer;
        this.tls = tls;
    }

    /** Throws the first mismatch, or fails if the session did not close the connection. */
    public void verify() {
        if (failure != null) {
            throw failure;
        }
        if (!closed) {
            throw new AssertionError(transcript.name() + ": the session did not close the connection");
        }
    }

    public List<Duration> timeouts() {
        return List.copyOf(timeouts);
    }

    public int handshakes() {
        return handshakes;
    }

    @Override
    public Peer peer() {
        return peer;
    }

    @Override
    public Line readLine(int maxOctets) throws IOException {
        var line = new ByteArrayOutputStream();
        boolean tooLong = false;
        while (true) {
            if (!inputAvailable()) {
                return new Line.End();
            }
            byte b = block[position++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
                byte[] text = crlf ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
                return tooLong || text.length > maxOctets ? new Line.TooLong(maxOctets) : new Line.Text(text, crlf);
            }
            if (line.size() <= maxOctets) {
                line.write(b);
            } else {
                tooLong = true; // consumed to its end, never buffered whole
            }
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!inputAvailable()) {
            return -1;
        }
        int n = Math.min(length, block.length - position);
        System.arraycopy(block, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public boolean hasPendingInput() {
        return position < block.length;
    }

    @Override
    public void write(byte[] bytes) {
        check(!closed, "the session wrote after closing the connection");
        unflushed.writeBytes(bytes);
    }

    @Override
    public void flush() {
        if (unflushed.size() == 0) {
            return;
        }
        check(++flushesThisBlock <= 1, "the session flushed twice while handling one input block"
                + " (RFC 2920: flush once per batch); so far: " + text(flushed) + text(unflushed));
        flushed.writeBytes(unflushed.toByteArray());
        unflushed.reset();
    }

    @Override
    public void startTls() {
        check(!hasPendingInput(), "STARTTLS handshake with client bytes still pending");
        check(unflushed.size() == 0, "STARTTLS handshake before the 220 was flushed");
        check(tls.isEmpty(), "a second TLS handshake");
        handshakes++;
        tls = Optional.of(FAKE_TLS);
    }

    @Override
    public Optional<TlsInfo> tls() {
        return tls;
    }

    @Override
    public void readTimeout(Duration timeout) {
        check(timeout.isPositive(), "a read timeout that is not positive: " + timeout);
        timeouts.add(timeout);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            check(unflushed.size() == 0, "the session closed without flushing: " + text(unflushed));
            checkExpected(true);
        } catch (AssertionError e) {
            // recorded in failure; close() must not mask what the session was doing
        }
    }

    /** Moves to the next block when the current one is used up; false at end of script. */
    private boolean inputAvailable() throws IOException {
        while (position >= block.length) {
            checkExpected(false);
            if (next < steps.size() && steps.get(next) instanceof Transcript.Boundary) {
                next++;
            }
            if (next >= steps.size()) {
                return false;
            }
            if (steps.get(next) instanceof Transcript.Timeout) {
                next++;
                flushesThisBlock = 0;
                throw new SocketTimeoutException("scripted timeout");
            }
            var bytes = new ByteArrayOutputStream();
            blockLine = steps.get(next).line();
            while (next < steps.size() && steps.get(next) instanceof Transcript.Send send) {
                bytes.writeBytes(send.bytes());
                next++;
            }
            block = bytes.toByteArray();
            position = 0;
            flushesThisBlock = 0;
        }
        return true;
    }

    /** Checks the server lines expected before the next client step (or the end) against the output. */
    private void checkExpected(boolean atEnd) {
        check(unflushed.size() == 0, "the session waits for input with unflushed replies (a real client"
                + " would wait forever): " + text(unflushed));
        var expected = new ArrayList<Transcript.Expect>();
        while (next < steps.size() && steps.get(next) instanceof Transcript.Expect expect) {
            expected.add(expect);
            next++;
        }
        String output = text(flushed);
        flushed.reset();
        int line = expected.isEmpty() ? (next < steps.size() ? steps.get(next).line() : -1) : expected.getFirst().line();
        check(output.isEmpty() || output.endsWith("\r\n"), line, "output does not end in CRLF: " + output);
        List<String> actual = output.isEmpty() ? List.of() : List.of(output.substring(0, output.length() - 2).split("\r\n", -1));
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String got = i < actual.size() ? actual.get(i) : "(nothing)";
            if (i >= expected.size()) {
                check(false, line, "unexpected server line \"" + got + "\"; whole output:\n" + output);
            }
            var expect = expected.get(i);
            check(expect.matches(got), expect.line(), "expected \"S: " + expect.pattern() + "\" but the server wrote \""
                    + got + "\"; whole output:\n" + output);
        }
        if (atEnd && next < steps.size()) {
            check(false, steps.get(next).line(), "the session closed the connection but the script goes on");
        }
    }

    private void check(boolean condition, String message) {
        check(condition, blockLine, message);
    }

    private void check(boolean condition, int line, String message) {
        if (!condition) {
            var error = new AssertionError(transcript.name() + " line " + line + ": " + message);
            if (failure == null) {
                failure = error;
            }
            throw error;
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
