package dev.postern.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3 (with python3-dkim, the independent implementation) on a script and stdin. */
final class Python {

    record Run(int exit, String out, String err) {}

    private Python() {
    }

    static Run run(String script, byte[] stdin, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(stdin);
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("python3 did not finish");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** A TXT rdata in zone-file form: strings of at most 255 octets (RFC 1035 §3.3.14). */
    static String txt(String value) {
        var out = new StringBuilder();
        for (int i = 0; i < value.length(); i += 255) {
            out.append(out.isEmpty() ? "" : " ").append('"').append(value, i, Math.min(value.length(), i + 255)).append('"');
        }
        return out.toString();
    }
}
