package dev.postern.smtp.server;

import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.net.Peer;
import dev.postern.net.TlsInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reply writing: the replies of one transaction (250 to MAIL and RCPT, 354, 250 after the data)
 * encoded and handed to a connection that keeps nothing, then flushed. Run with
 * {@code bench/jmh.sh ReplyWriter}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplyWriterBenchmark {

    private final ReplyWriter writer = new ReplyWriter(new Discarding());

    @Benchmark
    public void transaction() throws IOException {
        writer.send(SmtpReplies.OK, "MAIL");
        writer.send(SmtpReplies.OK, "RCPT");
        writer.send(SmtpReplies.START_DATA, "DATA");
        writer.flushBeforeRead();
        writer.send(SmtpReplies.OK, "DATA");
        writer.flushBeforeRead();
    }

    /** Counts what it is given so the work cannot be optimised away; sends nothing. */
    static final class Discarding implements Connection {
        private final Peer peer = new Peer(InetAddress.getLoopbackAddress(), 40000, 25, "smtp");
        long written;

        @Override
        public Peer peer() {
            return peer;
        }

        @Override
        public Line readLine(int maxOctets) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return -1;
        }

        @Override
        public boolean hasPendingInput() {
            return false;
        }

        @Override
        public void write(byte[] bytes) {
            written += bytes.length;
        }

        @Override
        public void flush() {
        }

        @Override
        public void startTls() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<TlsInfo> tls() {
            return Optional.empty();
        }

        @Override
        public void readTimeout(Duration timeout) {
        }

        @Override
        public void close() {
        }
    }
}
