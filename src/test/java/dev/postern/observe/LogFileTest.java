package dev.postern.observe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log as {@code postern serve} writes it: the production logback.xml (stderr through the
 * batching writer) plus {@link LogFile}, in a Logback context of the test's own.
 */
class LogFileTest {

    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO |WARN ) Threads: t(\\d+) line (\\d+)");
    private static final int THREADS = 16;
    private static final int LINES = 500;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream realStderr;
    private LoggerContext context;

    @BeforeEach
    void production() throws Exception {
        realStderr = System.err;
        System.setErr(new PrintStream(stderr, true, UTF_8)); // autoflush, like the JVM's own
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFileTest.class.getResource("/logback.xml"));
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("LOG"))
                .isInstanceOf(BatchingAppender.class);
    }

    @AfterEach
    void restore() {
        context.stop();
        System.setErr(realStderr);
    }

    @Test
    void linesFromManyThreadsAllReachTheFileAndStderrInOrderAndInTheSameFormat() throws Exception {
        Logger log = context.getLogger("dev.postern.observe.Threads");
        var reference = new ListAppender<ILoggingEvent>();
        reference.start();
        log.addAppender(reference); // the event itself, to encode with the pattern directly
        try (var file = LogFile.open(context, dir)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < LINES; i++) {
                        if (i % 50 == 49) {
                            log.warn("t{} line {}", thread, i);
                        } else {
                            log.info("t{} line {}", thread, i);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        } // close writes every queued line
        List<String> inFile = Files.readAllLines(dir.resolve("log/postern.log"), UTF_8);
        assertThat(inFile).hasSize(THREADS * LINES).allMatch(l -> LINE.matcher(l).matches());
        assertInOrderPerThread(inFile);
        assertThat(stderrLines("Threads: ")).as("stderr: the same lines in the same order").isEqualTo(inFile);

        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(LogFile.PATTERN);
        encoder.start();
        String expected = new String(encoder.encode(reference.list.getLast()), UTF_8);
        assertThat(Files.readString(dir.resolve("log/postern.log"), UTF_8)).endsWith(expected);
        assertThat(stderr.toString(UTF_8)).contains(expected);
    }

    @Test
    void aLineLoggedWhileIdleArrivesWithoutAFlush() throws Exception {
        try (var file = LogFile.open(context, dir)) {
            context.getLogger("dev.postern.observe.Idle").info("a lone line");
            Path log = dir.resolve("log/postern.log");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("INFO  Idle: a lone line\n"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !stderrLines("Idle: a lone line").isEmpty());
        }
    }

    @Test
    void theFileStillRollsDailyAndAt100Mb() throws Exception {
        try (var file = LogFile.open(context, dir)) {
            var appender = file.appender();
            assertThat(appender.isImmediateFlush()).as("flushed once per batch by the writer").isFalse();
            assertThat(appender.getRollingPolicy()).isSameAs(appender.getTriggeringPolicy())
                    .isInstanceOf(SizeAndTimeBasedRollingPolicy.class);
            var policy = (SizeAndTimeBasedRollingPolicy<ILoggingEvent>) appender.getRollingPolicy();
            assertThat(policy.getFileNamePattern()).isEqualTo(dir.resolve("log/postern.%d{yyyy-MM-dd}.%i.log.gz").toString());
            assertThat(policy.getMaxHistory()).isEqualTo(30);

            Path log = dir.resolve("log/postern.log");
            Logger logger = context.getLogger("dev.postern.observe.Roll");
            var written = ((SizeAndTimeBasedFileNamingAndTriggeringPolicy<ILoggingEvent>)
                    policy.getTimeBasedFileNamingAndTriggeringPolicy()).getLengthCounter();
            written.add(100L * 1024 * 1024 - 1000); // as if nearly 100 MB had been written
            logger.info("still under 100 MB");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("still under 100 MB"));
            assertThat(rolled()).isEmpty();
            written.add(1000);
            logger.info("past 100 MB");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("past 100 MB"));
            assertThat(Files.readString(log)).doesNotContain("still under 100 MB");
            await().atMost(Duration.ofSeconds(5)).until(() -> rolled().contains("still under 100 MB"));
        }
    }

    private String rolled() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            var gz = files.filter(p -> p.getFileName().toString().matches("postern\\.\\d{4}-\\d\\d-\\d\\d\\.0\\.log\\.gz"))
                    .findFirst();
            if (gz.isEmpty()) {
                return "";
            }
            try (var in = new GZIPInputStream(Files.newInputStream(gz.get()))) {
                return new String(in.readAllBytes(), UTF_8);
            } catch (IOException stillBeingWritten) {
                return "";
            }
        }
    }

    /** Lines on the captured stderr that contain {@code marker} (other tests' servers may log there too). */
    private List<String> stderrLines(String marker) {
        return stderr.toString(UTF_8).lines().filter(l -> l.contains(marker)).toList();
    }

    private static void assertInOrderPerThread(List<String> lines) {
        int[] next = new int[THREADS];
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).isTrue();
            int thread = Integer.parseInt(m.group(3));
            assertThat(Integer.parseInt(m.group(4))).as(line).isEqualTo(next[thread]);
            next[thread]++;
        }
        assertThat(next).containsOnly(LINES);
    }
}
