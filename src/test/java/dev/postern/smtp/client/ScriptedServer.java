package dev.postern.smtp.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A server that plays a transcript: {@code S: text} lines are sent (consecutive ones in one write,
 * so a reply can arrive "pipelined"), {@code C: pattern} lines must match what the client sends
 * ({@code *} matches anything), {@code SLEEP ms} pauses, {@code CLOSE} hangs up, {@code ACCEPT} hangs
 * up and serves the next connection. Mismatches are kept
 * in {@link #errors} with the script line, so a failure points at the line.
 */
public final class ScriptedServer implements AutoCloseable {

    public final List<String> errors = new CopyOnWriteArrayList<>();
    public final List<String> heard = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread thread;

    public ScriptedServer(String script) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        var lines = script.strip().lines().map(String::strip).map(l -> l.equals("C:") || l.equals("S:") ? l + " " : l)
                .toList();
        thread = Thread.ofVirtual().start(() -> serve(lines));
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Waits for the script to end and returns the mismatches. */
    public List<String> finish() throws InterruptedException {
        thread.join(10_000);
        return errors;
    }

    private void serve(List<String> script) {
        Socket s = null;
        try {
            s = server.accept();
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            var pending = new StringBuilder();
            for (int n = 0; n < script.size(); n++) {
                String line = script.get(n);
                if (line.startsWith("S: ")) {
                    pending.append(line.substring(3)).append("\r\n");
                    continue;
                }
                flush(out, pending);
                if (line.startsWith("C: ")) {
                    String got = readCrlfLine(in);
                    heard.add(got);
                    if (got == null || !matches(line.substring(3), got)) {
                        errors.add("line " + (n + 1) + ": expected " + line + " but client sent " + got);
                        return;
                    }
                } else if (line.startsWith("SLEEP ")) {
                    Thread.sleep(Long.parseLong(line.substring(6)));
                } else if (line.equals("CLOSE")) {
                    return;
                } else if (line.equals("ACCEPT")) { // hang up, then serve the client's next connection
                    s.close();
                    s = server.accept();
                    in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    out = s.getOutputStream();
                }
            }
            flush(out, pending);
            Thread.sleep(200);
        } catch (IOException | InterruptedException e) {
            errors.add("server: " + e);
        } finally {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // test teardown
            }
        }
    }

    /** A line must end in CRLF: a bare CR or LF from the client is reported as such. */
    private static String readCrlfLine(BufferedReader in) throws IOException {
        var line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                int next = in.read();
                if (next == '\n') { // bytes were read as Latin-1; the client writes UTF-8
                    return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                }
                line.append("<CR>");
                if (next < 0) {
                    break;
                }
                c = next;
            }
            if (c == '\n') {
                line.append("<LF>");
                continue;
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static void flush(OutputStream out, StringBuilder pending) throws IOException {
        if (!pending.isEmpty()) {
            out.write(pending.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pending.setLength(0);
        }
    }

    private static boolean matches(String pattern, String got) {
        var regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return got.matches(regex.toString());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
