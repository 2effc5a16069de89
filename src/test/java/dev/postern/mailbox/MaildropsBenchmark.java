package dev.postern.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Maildir listing: opening a mailbox of {@code messages} messages for POP3 (lock, list cur/,
 * read and check dovecot-uidlist, sizes) as every POP3 login does. The files live in a scratch
 * directory under /tmp, so the page cache holds them: this measures our work, not the disk.
 * Run with {@code bench/jmh.sh Maildrops}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MaildropsBenchmark {

    private static final String USER = "bench@bench.test";

    @Param({"2000"})
    int messages;

    private Path dataDir;
    private Maildrops maildrops;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dataDir = Files.createTempDirectory("postern-jmh");
        maildrops = new Maildrops(dataDir, Clock.systemUTC());
        Path newDir = maildrops.maildirOf(USER).resolve("new");
        Files.createDirectories(newDir);
        byte[] body = ("Subject: m\r\n\r\n" + "x".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < messages; i++) { // named as Maildir.deliver names them, without its fsyncs
            Files.write(newDir.resolve((1_700_000_000L + i) + ".M" + i + "P1Q" + i + ".bench.localhost,S=" + body.length), body);
        }
        try (Maildrop first = maildrops.open(USER)) { // moves new/ to cur/ and writes the uidlist once
            first.messages().size();
        }
    }

    @Benchmark
    public int open() throws Exception {
        try (Maildrop drop = maildrops.open(USER)) {
            return drop.messages().size();
        }
    }

    @TearDown(Level.Trial)
    public void clean() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
