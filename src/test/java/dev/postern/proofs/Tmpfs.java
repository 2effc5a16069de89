package dev.postern.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, so "disk full" is the kernel's ENOSPC and not a fake. Needs
 * root, as CI has: a failed mount fails the test loudly rather than skipping it.
 */
final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static Tmpfs mount(Path mountPoint, String size) throws IOException {
        Files.createDirectories(mountPoint);
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", mountPoint.toString());
        assertThat(output).as("mount -t tmpfs at %s (needs root; CI runs as root)", mountPoint).startsWith("exit 0");
        return new Tmpfs(mountPoint);
    }

    /** Writes {@code name} until only {@code leaveFree} bytes are usable (or the file system is full). */
    Path fill(String name, long leaveFree) throws IOException {
        Path filler = mountPoint.resolve(name);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                long room = usable() - leaveFree;
                if (room <= 0) {
                    break;
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, room));
                out.flush();
            }
        } catch (IOException full) {
            // ENOSPC: as full as it gets
        }
        return filler;
    }

    long usable() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException {
        String output = run("umount", "-l", mountPoint.toString());
        assertThat(output).as("umount %s", mountPoint).startsWith("exit 0");
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out: " + String.join(" ", command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return "exit " + process.exitValue() + " " + new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
    }
}
