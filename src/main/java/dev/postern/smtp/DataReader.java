package dev.postern.smtp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads the content of a DATA command (RFC 5321 §4.1.4) up to its end, dot-unstuffing it
 * (RFC 5321 §4.5.2) and storing every line with CRLF. Memory stays bounded: one small input and
 * one small output buffer whatever the message size, and lines of any length are streamed.
 *
 * <p>Smuggling defence (CVE-2023-51764 class): the data ends only at a real CRLF "." CRLF. A bare
 * LF or a bare CR is a line break for storage (written as CRLF) but can never take part in ending
 * the data, so {@code \n.\n}, {@code \r.\r\n}, {@code \n.\r\n}, {@code \r\n.\n}, {@code
 * \r\n.\r\r\n}, {@code \r\n.\r} and dots next to NULs are ordinary content and no second message
 * can start inside the first.
 *
 * <p>It never reads past the terminating CRLF: each read asks for at most the number of octets
 * that could complete the terminator, so commands pipelined after the data (RFC 2920) stay unread.
 */
public final class DataReader {

    /** Where the octets come from; a connection's raw read. Returns -1 at end of stream. */
    @FunctionalInterface
    public interface Source {
        int read(byte[] buffer, int offset, int length) throws IOException;

        /**
         * Copies up to {@code length} octets that have already arrived, without consuming them (a
         * later read returns them); 0 when none are waiting or the source cannot tell. With it the
         * reader scans whole buffers and consumes exactly up to the terminator; without it, it
         * reads at most five octets at a time.
         */
        default int peek(byte[] buffer, int offset, int length) throws IOException {
            return 0;
        }
    }

    /** How the data ended. */
    public sealed interface Outcome {
        /** The terminator arrived; {@code octets} were stored. */
        record Complete(long octets) implements Outcome {}

        /** The terminator arrived, but the content passed the limit; storing stopped there. */
        record TooBig(long octets) implements Outcome {}

        /** The stream ended before the terminator: nothing may be acknowledged. */
        record Truncated() implements Outcome {}
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] CRLF = {CR, LF};

    private final Source source;
    private final byte[] input = new byte[8192];
    private final byte[] output = new byte[8192];
    private int outputLength;

    // Where we are: at the start of a line (after a real CRLF, or after a bare CR/LF), after a
    // leading dot on a line, after a CR whose LF has not arrived yet.
    private boolean lineStart = true;
    private boolean afterRealCrlf = true; // RFC 5321 §4.1.1.4: the CRLF ending DATA counts
    private boolean leadingDot;
    private boolean crPending;
    private long stored;
    private long limit;
    private boolean truncated;
    private OutputStream sink;

    public DataReader(Source source) {
        this.source = source;
    }

    /** Streams the data into {@code out}, storing at most {@code limit} octets. */
    public Outcome transfer(OutputStream out, long limit) throws IOException {
        this.sink = out;
        this.limit = limit;
        while (true) {
            int peeked = source.peek(input, 0, input.length);
            if (peeked > 0 ? scanPeeked(peeked) : readFew()) {
                flushOutput();
                return stored > limit ? new Outcome.TooBig(stored) : new Outcome.Complete(stored);
            }
            if (truncated) {
                flushOutput();
                return new Outcome.Truncated();
            }
        }
    }

    /** Octets that already arrived: take them up to the terminator, then consume exactly those. */
    private boolean scanPeeked(int peeked) throws IOException {
        int used = 0;
        boolean done = false;
        while (used < peeked && !done) {
            if (!lineStart && !crPending) { // inside a line: everything up to CR or LF is plain content
                int end = used;
                while (end < peeked && input[end] != CR && input[end] != LF) {
                    end++;
                }
                if (end > used) {
                    leadingDot = false;
                    storeRun(used, end - used);
                    used = end;
                    continue;
                }
            }
            done = accept(input[used++]);
        }
        for (int consumed = 0; consumed < used; ) { // the same octets again, now taken from the source
            int n = source.read(input, consumed, used - consumed);
            if (n < 0) {
                throw new IOException("the source lost octets it had shown");
            }
            consumed += n;
        }
        return done;
    }

    /** Nothing waiting: block for the few octets that cannot reach past the terminator. */
    private boolean readFew() throws IOException {
        int n = source.read(input, 0, octetsToTerminator());
        if (n < 0) {
            truncated = true;
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (accept(input[i])) {
                return true;
            }
        }
        return false;
    }

    /** The fewest octets that could still complete CRLF "." CRLF from here: never read past it. */
    private int octetsToTerminator() {
        if (leadingDot && afterRealCrlf) {
            return crPending ? 1 : 2;
        }
        if (lineStart && afterRealCrlf) {
            return 3;
        }
        return crPending ? 4 : 5;
    }

    /** Takes one octet; true when it completed the terminator. */
    private boolean accept(byte b) throws IOException {
        if (crPending) {
            crPending = false;
            if (b == LF) {
                return endLine(true);
            }
            endLine(false); // a bare CR: a line break for storage, never part of the terminator
        }
        if (b == CR) {
            crPending = true;
            return false;
        }
        if (b == LF) {
            endLine(false); // a bare LF, same rule
            return false;
        }
        if (lineStart && b == DOT) {
            lineStart = false;
            leadingDot = true; // RFC 5321 §4.5.2: drop the first dot of a line
            return false;
        }
        lineStart = false;
        leadingDot = false;
        store(b);
        return false;
    }

    /** A line ended; {@code real} when by CRLF. True when this was the "." line ending the data. */
    private boolean endLine(boolean real) throws IOException {
        boolean lonelyDot = leadingDot && afterRealCrlf && real;
        if (lonelyDot) {
            return true;
        }
        store(CRLF[0]);
        store(CRLF[1]);
        lineStart = true;
        leadingDot = false;
        afterRealCrlf = real;
        return false;
    }

    private void store(byte b) throws IOException {
        stored++;
        if (stored > limit) {
            return; // keep reading to the end of the data, stop writing past the limit
        }
        output[outputLength++] = b;
        if (outputLength == output.length) {
            flushOutput();
        }
    }

    /** {@link #store} for {@code length} octets of {@code input} at once. */
    private void storeRun(int offset, int length) throws IOException {
        long room = Math.max(0, Math.min(length, limit - stored)); // octets past the limit are counted, not kept
        stored += length;
        for (int done = 0; done < room; ) {
            int n = (int) Math.min(room - done, output.length - outputLength);
            System.arraycopy(input, offset + done, output, outputLength, n);
            outputLength += n;
            done += n;
            if (outputLength == output.length) {
                flushOutput();
            }
        }
    }

    private void flushOutput() throws IOException {
        if (outputLength > 0) {
            sink.write(output, 0, outputLength);
            outputLength = 0;
        }
    }
}
