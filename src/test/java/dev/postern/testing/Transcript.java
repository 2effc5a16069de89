package dev.postern.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A protocol transcript: what the client sends and what the server must answer, line by line.
 *
 * <pre>
 * # comment                      blank lines and comments are ignored
 * &#64; key=value                    a setting for the test that runs the transcript
 * C: EHLO client.test            client line; CRLF is added. Consecutive C lines are one input block
 * C~ MAIL\r\n                    client bytes exactly as escaped (\r \n \0 \t \\ \xHH, \{N*c} = c N times)
 * S: 250-*                       one server line; * matches any run of characters
 * T:                             the client goes silent: the next read times out
 * --                             splits client input into two reads, with no server line in between
 * M: Subject: x                  a line of an expected stored message (CRLF added); M~ = escaped bytes.
 *                                Consecutive M lines form one message; any other line (not a comment) ends it.
 * E: &lt;a@b&gt; &lt;c@d&gt;                an expected envelope (wildcards allowed), one per stored message
 * </pre>
 */
public final class Transcript {

    /** One scripted event, with its line number in the file. */
    public sealed interface Step {
        int line();
    }

    public record Send(byte[] bytes, int line) implements Step {}

    public record Expect(String pattern, int line) implements Step {
        public boolean matches(String text) {
            return Transcript.matches(pattern, text);
        }
    }

    public record Timeout(int line) implements Step {}

    /** Ends an input block without a server reply in between: the next bytes arrive in a later read. */
    public record Boundary(int line) implements Step {}

    /** An expected stored message and the line where it starts. */
    public record Message(byte[] bytes, int line) {}

    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Expect> envelopes = new ArrayList<>();

    private Transcript(String name) {
        this.name = name;
    }

    public static Transcript parse(String name, String text) {
        var transcript = new Transcript(name);
        ByteArrayOutputStream message = null;
        int messageLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            boolean messageLineKind = line.startsWith("M:") || line.startsWith("M~");
            if (!messageLineKind && message != null) {
                transcript.messages.add(new Message(message.toByteArray(), messageLine));
                message = null;
            }
            String body = line.length() > 3 ? line.substring(3) : "";
            switch (line.length() >= 2 ? line.substring(0, 2) : line) {
                case "C:" -> transcript.steps.add(new Send(utf8(body + "\r\n"), number));
                case "C~" -> transcript.steps.add(new Send(unescape(body), number));
                case "S:" -> transcript.steps.add(new Expect(body, number));
                case "T:" -> transcript.steps.add(new Timeout(number));
                case "E:" -> transcript.envelopes.add(new Expect(body, number));
                case "M:", "M~" -> {
                    if (message == null) {
                        message = new ByteArrayOutputStream();
                        messageLine = number;
                    }
                    message.writeBytes(line.startsWith("M:") ? utf8(body + "\r\n") : unescape(body));
                }
                case "--" -> transcript.steps.add(new Boundary(number));
                default -> {
                    if (line.startsWith("@ ") && line.contains("=")) {
                        String[] pair = line.substring(2).strip().split("=", 2);
                        transcript.settings.put(pair[0].strip(), pair[1].strip());
                    } else {
                        throw new IllegalArgumentException(name + " line " + number + ": not a transcript line: " + line);
                    }
                }
            }
        }
        if (message != null) {
            transcript.messages.add(new Message(message.toByteArray(), messageLine));
        }
        return transcript;
    }

    public String name() {
        return name;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Expect> envelopes() {
        return List.copyOf(envelopes);
    }

    /** {@code *} matches any run of characters; everything else literally. */
    public static boolean matches(String pattern, String text) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.DOTALL).matcher(text).matches();
    }

    /** Decodes {@code \r \n \0 \t \\ \xHH} and {@code \{N*c}} (c repeated N times). */
    public static byte[] unescape(String text) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.writeBytes(utf8(String.valueOf(c)));
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case '0' -> out.write(0);
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case '{' -> {
                    int close = text.indexOf('}', i);
                    String[] spec = text.substring(i + 1, close).split("\\*", 2);
                    out.writeBytes(utf8(spec[1].repeat(Integer.parseInt(spec[0]))));
                    i = close;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + text);
            }
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
