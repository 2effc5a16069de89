package dev.postern.proofs;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.Wire;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size (issue 7): a DATA or BDAT stream far past {@code message_size_limit} is read to its end
 * and answered 552, with nothing queued and the heap flat. The stream is generated, never held.
 * CI sends 256 MB each way; {@code -Dproofs.big.mb=4096} sends 4 GB (docs/SECURITY.md).
 */
@Timeout(600)
class BigMessageTest {

    private static final long MB = 1024 * 1024;
    private static final long SIZE = Long.getLong("proofs.big.mb", 256) * MB;
    /** Far less than what is sent: a server that buffered even a tenth of it would exceed it. */
    private static final long HEAP_GROWTH_LIMIT = Math.min(SIZE / 10, 64 * MB);

    @TempDir
    static Path dir;

    static ProofServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ProofServer.configure(dir, "message_size_limit = 1M", "alice@example.test").start();
        server.awaitUnknownUserLogin(); // the server's start-up hash is made before the heap is weighed
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aHugeDataStreamIsCutAt552WithoutHeapGrowth() throws Exception {
        var heap = new HeapWatch();
        try (var smtp = Wire.connect(server.port("smtp"))) {
            smtp.reply();
            smtp.command("EHLO client.test");
            assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
            assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
            assertThat(smtp.last("DATA")).startsWith("354 ");
            String line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n";
            stream(smtp, SIZE / line.length() * line.length(), line, heap); // whole lines: the dot follows a CRLF
            assertThat(smtp.last(".")).isEqualTo("552 5.3.4 Error: message file too big");
            assertThat(heap.growth()).as("heap growth while %d MB streamed", SIZE / MB).isLessThan(HEAP_GROWTH_LIMIT);
            assertThat(smtp.last("NOOP")).as("the session goes on").startsWith("250 ");
        }
        assertThat(server.queued()).isEmpty();
        assertThat(server.entries("queue/incoming")).isEmpty();
    }

    @Test
    void hugeBdatChunksAreReadThroughAndAnswered552WithoutHeapGrowth() throws Exception {
        var heap = new HeapWatch();
        try (var smtp = Wire.connect(server.port("smtp"))) {
            smtp.reply();
            smtp.command("EHLO client.test");
            assertThat(smtp.last("MAIL FROM:<someone@remote.test>")).startsWith("250 ");
            assertThat(smtp.last("RCPT TO:<alice@example.test>")).startsWith("250 ");
            long half = SIZE / 2;
            smtp.send(("BDAT " + half + "\r\n").getBytes(ISO_8859_1));
            stream(smtp, half, "binary\0chunk\r\n.\r\n", heap);
            String first = smtp.last();
            smtp.send(("BDAT " + half + " LAST\r\n").getBytes(ISO_8859_1));
            stream(smtp, half, "binary\0chunk\r\n.\r\n", heap);
            String last = smtp.last();
            // RFC 3030 §4.2: the chunk that passes the limit fails the transaction; the next chunk
            // is still read through (the NOOP below is in sync) and refused, never queued.
            assertThat(first).startsWith("552 5.3.4 ");
            assertThat(last).startsWith("503 ");
            assertThat(heap.growth()).as("heap growth while %d MB streamed", SIZE / MB).isLessThan(HEAP_GROWTH_LIMIT);
            assertThat(smtp.last("NOOP")).startsWith("250 ");
        }
        assertThat(server.queued()).isEmpty();
    }

    /**
     * Writes {@code size} octets of {@code pattern} repeated, 64 KB at a time; halfway through,
     * measures the live heap (after a full GC): a server holding the message would show it there.
     */
    private static void stream(Wire smtp, long size, String pattern, HeapWatch heap) throws IOException {
        byte[] unit = pattern.getBytes(ISO_8859_1);
        byte[] block = new byte[64 * 1024 / unit.length * unit.length];
        for (int i = 0; i < block.length; i += unit.length) {
            System.arraycopy(unit, 0, block, i, unit.length);
        }
        boolean measured = false;
        for (long sent = 0; sent < size; ) {
            int n = (int) Math.min(block.length, size - sent);
            smtp.sendPart(block, n);
            sent += n;
            if (!measured && sent >= size / 2) {
                heap.measure();
                measured = true;
            }
        }
    }

    /**
     * Live heap growth over a baseline, both measured after full GCs. The JVM is shared with other
     * test classes whose threads may still allocate: each reading is the least of three, so what a
     * neighbour holds for a moment is not counted as ours, while a held message would be in all three.
     */
    private static final class HeapWatch {
        private final long baseline = live();
        private long growth;

        void measure() {
            growth = Math.max(growth, live() - baseline);
        }

        long growth() {
            return growth;
        }

        private static long live() {
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            return least;
        }
    }
}
