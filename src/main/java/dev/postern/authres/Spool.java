package dev.postern.authres;

import dev.postern.dkim.HeaderBlock;
import dev.postern.dkim.HeaderField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Holds one message while it streams in, because what we add on top (a signature, the check
 * results) depends on its end. The header section is kept in memory (up to {@link #MAX_HEADER});
 * the body in memory up to {@link #MEMORY}, then in a file under {@code dir} deleted on close.
 * Once the header section has ended, {@code onHeaders} returns where body bytes also go (a hash).
 */
final class Spool extends OutputStream {

    static final int MAX_HEADER = 1 << 20;
    static final int MEMORY = 256 * 1024;

    private final Path dir;
    private final Function<HeaderBlock, OutputStream> onHeaders;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream(4096);
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private HeaderBlock headers;
    private int last; // the last four octets seen in the header section, for CRLF CRLF
    private boolean headerEnded;
    private OutputStream bodyListener = OutputStream.nullOutputStream();
    private Path file;
    private OutputStream fileOut;

    Spool(Path dir, Function<HeaderBlock, OutputStream> onHeaders) {
        this.dir = dir;
        this.onHeaders = onHeaders;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (headers != null) {
            body(bytes, offset, length);
            return;
        }
        int before = header.size();
        header.write(bytes, offset, length);
        int end = headerEnd(bytes, offset, length, before);
        if (end >= 0 || header.size() > MAX_HEADER) {
            byte[] seen = header.toByteArray();
            int split = end >= 0 ? end : seen.length;
            headerEnded = end >= 0;
            headers = HeaderBlock.parse(seen, headerEnded ? Math.max(0, split - 2) : split);
            header.reset();
            header.write(seen, 0, split);
            bodyListener = onHeaders.apply(headers);
            body(seen, split, seen.length - split);
        }
    }

    /** Where the body starts, looking only at the new bytes and the three before them; -1 if not yet. */
    private int headerEnd(byte[] bytes, int offset, int length, int before) {
        for (int i = 0; i < length; i++) {
            last = (last << 8) | (bytes[offset + i] & 0xff);
            int position = before + i + 1;
            if (position == 2 && (last & 0xffff) == 0x0d0a) {
                return 2; // no header fields at all
            }
            if (position >= 4 && last == 0x0d0a0d0a) {
                return position;
            }
        }
        return -1;
    }

    private void body(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        bodyListener.write(bytes, offset, length);
        if (fileOut == null && memory.size() + length > MEMORY) {
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "spool-", ".tmp");
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE), 65536);
            memory.writeTo(fileOut);
            memory.reset();
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
    }

    /** Ends the input: a message without an empty line is all header section. */
    HeaderBlock finish() throws IOException {
        if (headers == null) {
            byte[] seen = header.toByteArray();
            headers = HeaderBlock.parse(seen, seen.length);
            bodyListener = onHeaders.apply(headers);
        }
        if (fileOut != null) {
            fileOut.flush();
        }
        return headers;
    }

    /** The message as received, less the header fields {@code drop} selects (only from a complete header section). */
    void writeTo(OutputStream out, Predicate<HeaderField> drop) throws IOException {
        if (headerEnded && headers.fields().stream().anyMatch(drop)) {
            for (HeaderField field : headers.fields()) {
                if (!drop.test(field)) {
                    out.write(field.raw());
                    out.write(new byte[] {'\r', '\n'});
                }
            }
            out.write(new byte[] {'\r', '\n'});
        } else {
            header.writeTo(out);
        }
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        } else {
            memory.writeTo(out);
        }
    }

    @Override
    public void close() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary file left behind is harmless; the next start does not read it
        }
    }
}
