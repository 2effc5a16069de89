package dev.postern.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes message content as DATA: every line ending (CRLF, bare CR, bare LF) becomes CRLF, a line
 * starting with a dot gets another (RFC 5321 §4.5.2), the last line is terminated, and the
 * terminating {@code .CRLF} follows. So a bare CR or LF never reaches the wire (RFC 5321 §2.3.8).
 */
final class DataWriter {

    private DataWriter() {
    }

    static void write(InputStream content, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        boolean lineStart = true;
        boolean afterCr = false;
        int n;
        while ((n = content.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (afterCr) {
                    afterCr = false;
                    if (b == '\n') {
                        continue; // CRLF: already written as CRLF at the CR
                    }
                }
                if (b == '\r' || b == '\n') {
                    out.write('\r');
                    out.write('\n');
                    afterCr = b == '\r';
                    lineStart = true;
                    continue;
                }
                if (lineStart && b == '.') {
                    out.write('.'); // RFC 5321 §4.5.2: transparency
                }
                out.write(b);
                lineStart = false;
            }
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
    }

    /** True when the content has a byte above 127 (then it needs 8BITMIME, RFC 6152). */
    static boolean eightBit(InputStream content) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = content.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] < 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
