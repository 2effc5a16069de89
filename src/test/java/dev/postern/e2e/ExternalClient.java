package dev.postern.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external mail client (a python script from {@code src/test/resources/e2e}, or swaks)
 * with a hard timeout, and captures what it printed and how it exited.
 */
public final class ExternalClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** What the program printed and its exit code; {@code timedOut} when it was killed. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + (timedOut ? " (killed on timeout)" : "")
                    + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private ExternalClient() {
    }

    /** Runs {@code e2e/<script>} from the test classpath with the system's python3. */
    public static Result python(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python(), script(script).toString()));
        command.addAll(List.of(arguments));
        return run(command, DEFAULT_TIMEOUT);
    }

    public static Result swaks(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("swaks"));
        command.addAll(List.of(arguments));
        return run(command, DEFAULT_TIMEOUT);
    }

    /** Runs a command, killing it (and its children) when the timeout expires. */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("postern-e2e-", ".out");
        Path err = Files.createTempFile("postern-e2e-", ".err");
        try {
            // Files, not pipes: a chatty program cannot block on a full pipe nobody reads.
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(finished ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), !finished);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The path of a script under {@code src/test/resources/e2e}, as copied to the test classpath. */
    public static Path script(String name) {
        URL url = ExternalClient.class.getResource("/e2e/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no e2e script " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
