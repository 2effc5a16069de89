package dev.postern.net;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The socket's output stream, timed: Java has no write timeout, so a client that never reads would
 * block its session's write for ever and keep its connection slot. Each write goes out in pieces
 * of at most {@link #PIECE} octets and notes when it started; the listener's watchdog closes a
 * connection whose piece has waited longer than the read timeout ({@link #stalledFor}). A slow
 * reader that keeps taking pieces is never cut.
 */
final class WriteWatch extends OutputStream {

    static final int PIECE = 16 * 1024;

    private final OutputStream out;
    private volatile long startedNanos; // 0 while no write waits

    WriteWatch(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int n = Math.min(PIECE, length - done);
            startedNanos = System.nanoTime() | 1; // never 0 while writing
            try {
                out.write(bytes, offset + done, n);
            } finally {
                startedNanos = 0;
            }
            done += n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** How long the current write has waited, in nanoseconds; 0 when none waits. */
    long stalledFor(long nowNanos) {
        long started = startedNanos;
        return started == 0 ? 0 : nowNanos - started;
    }
}
