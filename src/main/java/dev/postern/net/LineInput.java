package dev.postern.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Our own input buffer over a byte stream: LF-terminated lines with an octet limit, and raw reads
 * that drain the buffer before touching the stream. Not thread-safe: one session reads it.
 */
public final class LineInput {

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;

    public LineInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /**
     * Reads one line of at most {@code maxOctets} octets, terminator excluded. The terminator is
     * LF; a CR just before it is stripped and reported as {@code crlf}. A longer line is consumed
     * to its end without being kept, so a hostile client cannot make us buffer it.
     */
    public Line readLine(int maxOctets) throws IOException {
        byte[] line = new byte[Math.min(maxOctets + 1, 1024)];
        int length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == limit && fill() < 0) {
                return new Line.End(); // a partial line at end of stream is not a line
            }
            int lf = indexOfLf();
            int end = lf < 0 ? limit : lf;
            int chunk = end - position;
            // maxOctets + 1 leaves room for the CR of a CRLF on a line of exactly maxOctets.
            if (!tooLong && length + chunk > maxOctets + 1) {
                tooLong = true;
            }
            if (!tooLong) {
                if (length + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxOctets + 1, Math.max(line.length * 2, length + chunk)));
                }
                System.arraycopy(buffer, position, line, length, chunk);
                length += chunk;
            }
            position = end;
            if (lf >= 0) {
                position++;
                return tooLong ? new Line.TooLong(maxOctets) : text(line, length, maxOctets);
            }
        }
    }

    private static Line text(byte[] line, int length, int maxOctets) {
        boolean crlf = length > 0 && line[length - 1] == '\r';
        int content = crlf ? length - 1 : length;
        if (content > maxOctets) {
            return new Line.TooLong(maxOctets);
        }
        return new Line.Text(Arrays.copyOf(line, content), crlf);
    }

    /**
     * Raw bytes: first what is buffered; when nothing is, a large request goes straight to the
     * stream, a small one refills the buffer first. Callers that read a few octets at a time (the
     * DATA reader never reads past the end of data, the command reader reads octet by octet)
     * thus cost one system call per buffer, not one per call. What the buffer holds beyond the
     * caller's request stays here for the next read (and counts as pending input for STARTTLS).
     */
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= limit) {
            if (length >= buffer.length) {
                return in.read(target, offset, length);
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Copies up to {@code length} buffered octets without taking them; never touches the stream. */
    public int peek(byte[] target, int offset, int length) {
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        return n;
    }

    /** Bytes read from the stream that no caller has taken yet. */
    public int buffered() {
        return limit - position;
    }

    private int indexOfLf() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int fill() throws IOException {
        position = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n > 0) {
            limit = n;
        }
        return n;
    }
}
