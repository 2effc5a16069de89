package dev.postern.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DATA reading with dot-unstuffing and the smuggling-safe terminator scan: a message of
 * {@code size} octets (76-character lines, every tenth dot-stuffed) read from memory in socket-sized
 * pieces into a sink that keeps nothing. Run with {@code bench/jmh.sh DataReader} ({@code -prof gc}
 * reports the allocation per message: the reader's buffers, nothing per line).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DataReaderBenchmark {

    @Param({"2048", "102400"})
    int size;

    /** Whether the source shows what it holds (a socket connection does), or only reads. */
    @Param({"true", "false"})
    boolean peek;

    private byte[] wire;

    @Setup
    public void message() {
        var text = new StringBuilder("Subject: benchmark\r\n\r\n");
        for (int line = 0; text.length() < size; line++) {
            text.append(line % 10 == 0 ? ".." : "").append("x".repeat(74)).append("\r\n");
        }
        wire = text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public long read() throws IOException {
        var source = new Source(wire, peek);
        var outcome = new DataReader(source).transfer(OutputStream.nullOutputStream(), Long.MAX_VALUE);
        return ((DataReader.Outcome.Complete) outcome).octets();
    }

    /** The socket: hands out at most 16 KiB per read, as a LineInput refill would. */
    private static final class Source implements DataReader.Source {
        private final byte[] bytes;
        private final boolean peek;
        private int position;

        Source(byte[] bytes, boolean peek) {
            this.bytes = bytes;
            this.peek = peek;
        }

        @Override
        public int peek(byte[] buffer, int offset, int length) {
            if (!peek) {
                return 0;
            }
            int n = Math.min(Math.min(length, 16384), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            return n;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 16384), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
