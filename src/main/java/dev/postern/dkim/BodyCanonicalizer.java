package dev.postern.dkim;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * RFC 6376 §3.4.3 and §3.4.4 as a stream: the body is canonicalized as it arrives, so a large
 * message is never held twice. Trailing empty lines are held back until content follows them.
 */
final class BodyCanonicalizer extends OutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean relaxed;
    private final Consumer<byte[]> sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private int heldLines;
    private boolean heldSpace;
    private boolean heldCr;
    private boolean emitted;

    BodyCanonicalizer(boolean relaxed, Consumer<byte[]> sink) {
        this.relaxed = relaxed;
        this.sink = sink;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
        flushPending();
    }

    private void accept(byte b) {
        if (heldCr) {
            heldCr = false;
            if (b == '\n') {
                endOfLine();
                return;
            }
            content((byte) '\r'); // a bare CR is content
        }
        if (b == '\r') {
            heldCr = true;
        } else if (relaxed && (b == ' ' || b == '\t')) {
            heldSpace = true; // §3.4.4: a WSP run becomes one SP, trailing WSP goes
        } else {
            content(b);
        }
    }

    private void endOfLine() {
        heldSpace = false;
        heldLines++;
    }

    private void content(byte b) {
        for (; heldLines > 0; heldLines--) {
            pending.writeBytes(CRLF);
        }
        if (heldSpace) {
            pending.write(' ');
            heldSpace = false;
        }
        pending.write(b);
        emitted = true;
    }

    private void flushPending() {
        if (pending.size() > 0) {
            sink.accept(pending.toByteArray());
            pending.reset();
        }
    }

    /**
     * Ends the body: the last line gets its CRLF; an empty body is CRLF under simple (§3.4.3) and
     * nothing under relaxed (§3.4.4, erratum 1384).
     */
    void finish() {
        if (heldCr) {
            heldCr = false;
            content((byte) '\r');
        }
        if (emitted || !relaxed) {
            pending.writeBytes(CRLF);
        }
        flushPending();
    }
}
