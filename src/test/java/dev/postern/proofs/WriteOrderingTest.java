package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write ordering (issue 7), seen by the kernel: a real server runs under
 * {@code strace -f -y -e trace=fsync,fdatasync,rename*,link*,write}; for each message, the fsync of its
 * queue file and then an fsync of {@code queue/active} begun after the file's rename into it both
 * complete before the {@code write} that carries "250 … queued as ID" starts. (IntakeTest shows
 * the same order through the queue's Durability seam; this shows it with the real syscalls.)
 * Local mail delivered at intake ({@code delivery.local_at_intake}): the fsync of the Maildir file
 * in {@code tmp/}, its link into {@code new/} and an fsync of {@code new/} begun after the link all
 * complete before the 250.
 */
@Timeout(180)
class WriteOrderingTest {

    private static final Pattern LISTENING = Pattern.compile("smtp listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\w+)");

    @TempDir
    Path dir;

    @Test
    void theQueueFileAndItsDirectoryAreFsyncedBeforeThe250IsWritten() throws Exception {
        List<String> lines = trace("delivery.local_at_intake = false");
        int checked = 0;
        for (int reply = 0; reply < lines.size(); reply++) {
            Matcher m = QUEUED.matcher(lines.get(reply));
            if (lines.get(reply).contains(" write(") && m.find()) {
                assertOrdered(lines, reply, m.group(1));
                checked++;
            }
        }
        assertThat(checked).as("250 replies found in the trace").isEqualTo(3);
    }

    @Test
    void theMaildirFileItsLinkAndNewAreOnDiskBeforeThe250OfMailDeliveredAtIntake() throws Exception {
        List<String> lines = trace("");
        int checked = 0;
        for (int reply = 0; reply < lines.size(); reply++) {
            if (lines.get(reply).contains(" write(") && QUEUED.matcher(lines.get(reply)).find()) {
                assertDelivered(lines, reply);
                checked++;
            }
        }
        assertThat(checked).as("250 replies found in the trace").isEqualTo(3);
        assertThat(lines).noneMatch(l -> l.contains("/queue/incoming/"));
    }

    /** Three messages to alice, one session each, with the server under strace; the trace's lines. */
    private List<String> trace(String extraConfig) throws Exception {
        var config = ProofServer.configure(dir, extraConfig, "alice@example.test").config;
        Path trace = dir.resolve("strace.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder("strace", "-f", "-y", "--seccomp-bpf", "-s", "96", "-o", trace.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat,write",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.postern.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            for (int i = 0; i < 3; i++) {
                try (var smtp = Wire.connect(port)) {
                    smtp.reply();
                    smtp.command("EHLO client.test");
                    smtp.command("MAIL FROM:<someone@remote.test>");
                    smtp.command("RCPT TO:<alice@example.test>");
                    smtp.command("DATA");
                    assertThat(smtp.last("Subject: ordering " + i + "\r\n\r\nbody\r\n.")).startsWith("250 ");
                }
            }
        } finally {
            // Stopped, strace lets go of the server and leaves it running: stop the server itself.
            List<ProcessHandle> traced = server.descendants().toList();
            traced.forEach(ProcessHandle::destroy);
            for (ProcessHandle child : traced) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
        return Files.readAllLines(trace, StandardCharsets.ISO_8859_1);
    }

    /** Maildir file fsynced, then linked into new/, then an fsync of new/ begun after the link: all before the reply. */
    private static void assertDelivered(List<String> lines, int reply) {
        int link = completion(lines, indexOf(lines, reply, l -> l.matches("\\d+ +link(at)?\\(.*/Maildir/tmp/.*/Maildir/new/.*")));
        String name = lines.get(link).replaceFirst(".*/Maildir/tmp/([^\"]+)\".*", "$1");
        int fileSync = completion(lines, indexOf(lines, link, l -> l.contains("fsync(") && l.contains("/Maildir/tmp/" + name + ">")));
        int dirStart = -1;
        for (int i = link + 1; i < reply; i++) {
            if (lines.get(i).matches("\\d+ +fsync\\(\\d+<[^>]*/Maildir/new>[ )].*")) {
                dirStart = i;
                break;
            }
        }
        assertThat(dirStart).as("an fsync of new/ begun after the link of %s and before its 250", name).isPositive();
        assertThat(fileSync).as("file fsync of %s done before its link", name).isLessThan(link);
        assertThat(completion(lines, dirStart)).as("new/ fsync done before the 250 for %s", name).isLessThan(reply);
    }

    /** File fsync done, then rename done, then a directory fsync begun after it and done: all before the reply. */
    private static void assertOrdered(List<String> lines, int reply, String id) {
        int fileSync = completion(lines, indexOf(lines, reply, l -> l.contains("fsync(") && l.contains("/incoming/" + id + ">")));
        int rename = completion(lines, indexOf(lines, reply, l -> l.contains("rename(") && l.contains("/active/" + id + "\"")));
        int dirStart = -1;
        for (int i = rename + 1; i < reply; i++) {
            if (lines.get(i).matches("\\d+ +fsync\\(\\d+<[^>]*/queue/active>[ )].*")) {
                dirStart = i;
                break;
            }
        }
        assertThat(dirStart).as("an fsync of queue/active begun after the rename of %s and before its 250", id).isPositive();
        int dirSync = completion(lines, dirStart);
        assertThat(fileSync).as("file fsync of %s done before its rename", id).isLessThan(rename);
        assertThat(dirSync).as("directory fsync done before the 250 for %s", id).isLessThan(reply);
    }

    private static int indexOf(List<String> lines, int before, java.util.function.Predicate<String> match) {
        for (int i = before - 1; i >= 0; i--) {
            if (match.test(lines.get(i))) {
                return i;
            }
        }
        throw new AssertionError("not in the trace before line " + before + ": " + lines.get(before));
    }

    /** The line where the call started at {@code start} returned (its "resumed" line when it was interrupted). */
    private static int completion(List<String> lines, int start) {
        String line = lines.get(start);
        if (!line.endsWith("<unfinished ...>")) {
            assertThat(line).matches(".*= 0$");
            return start;
        }
        String pid = line.substring(0, line.indexOf(' '));
        String call = line.substring(line.indexOf(' ')).strip();
        call = call.substring(0, call.indexOf('('));
        for (int i = start + 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(pid + " ") && lines.get(i).contains("<... " + call + " resumed>")) {
                assertThat(lines.get(i)).matches(".*= 0$");
                return i;
            }
        }
        throw new AssertionError("never completed: " + line);
    }

    private static int awaitPort(Process server) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        var port = new CompletableFuture<Integer>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("server ended before listening"));
        });
        return port.get(120, TimeUnit.SECONDS);
    }
}
