package dev.postern.smtp.server;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * SMTP command parsing: the four commands of every transaction, as a client sends them. Run with
 * {@code bench/jmh.sh CommandParser}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommandParserBenchmark {

    private final CommandParser parser = new CommandParser("mx.bench.test");

    @Benchmark
    public SmtpCommand ehlo() {
        return parser.parse("EHLO client.example.org");
    }

    @Benchmark
    public SmtpCommand mailFrom() {
        return parser.parse("MAIL FROM:<sender@client.example.org> SIZE=2048 BODY=8BITMIME");
    }

    @Benchmark
    public SmtpCommand rcptTo() {
        return parser.parse("RCPT TO:<bench@bench.test>");
    }

    @Benchmark
    public SmtpCommand data() {
        return parser.parse("DATA");
    }
}
