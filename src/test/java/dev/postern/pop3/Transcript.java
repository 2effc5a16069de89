package dev.postern.pop3;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A transcript file: {@code C: } lines the client sends, {@code S: } lines the server must send
 * ({@code *} matches any text), {@code ! name [argument]} directives, {@code #} comments.
 */
record Transcript(String name, List<Transcript.Step> steps) {

    sealed interface Step {
        int lineNumber();

        record Client(String text, int lineNumber) implements Step {}

        record Server(String pattern, int lineNumber) implements Step {}

        record Directive(String name, String argument, int lineNumber) implements Step {}
    }

    static Transcript load(String name) throws IOException {
        try (InputStream in = Transcript.class.getResourceAsStream("/transcripts/pop3/" + name)) {
            if (in == null) {
                throw new IOException("no transcript " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse(name, text.lines().toList());
        }
    }

    static Transcript parse(String name, List<String> lines) {
        var steps = new ArrayList<Step>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (line.startsWith("C: ") || line.equals("C:")) {
                steps.add(new Step.Client(line.length() > 3 ? line.substring(3) : "", number));
            } else if (line.startsWith("S: ") || line.equals("S:")) {
                steps.add(new Step.Server(line.length() > 3 ? line.substring(3) : "", number));
            } else if (line.startsWith("! ")) {
                String[] parts = line.substring(2).trim().split(" ", 2);
                steps.add(new Step.Directive(parts[0], parts.length > 1 ? parts[1] : "", number));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalArgumentException(name + ":" + number + ": not a transcript line: " + line);
            }
        }
        return new Transcript(name, steps);
    }

    Optional<String> directive(String directiveName) {
        return steps.stream()
                .filter(s -> s instanceof Step.Directive d && d.name().equals(directiveName))
                .map(s -> ((Step.Directive) s).argument())
                .findFirst();
    }

    /** Compares what the server wrote with the {@code S:} lines, pointing at the first difference. */
    void verify(String output) {
        if (!output.isEmpty() && !output.endsWith("\r\n")) {
            fail("%s: output does not end with CRLF:%n%s", name, output);
        }
        List<String> actual = output.isEmpty() ? List.of() : Arrays.asList(output.split("\r\n", -1))
                .subList(0, output.split("\r\n", -1).length - 1);
        List<Step.Server> expected = steps.stream()
                .filter(Step.Server.class::isInstance).map(Step.Server.class::cast).toList();
        for (int i = 0; i < Math.max(actual.size(), expected.size()); i++) {
            if (i >= expected.size()) {
                fail("%s: unexpected extra server line %d: '%s'%n%s", name, i + 1, actual.get(i), show(actual));
            }
            Step.Server want = expected.get(i);
            if (i >= actual.size()) {
                fail("%s:%d: expected '%s' but the server said nothing more%n%s", name, want.lineNumber(),
                        want.pattern(), show(actual));
            }
            if (!matches(want.pattern(), actual.get(i))) {
                fail("%s:%d: expected '%s' but got '%s'%n%s", name, want.lineNumber(), want.pattern(),
                        actual.get(i), show(actual));
            }
        }
    }

    private static boolean matches(String pattern, String line) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*"));
        return Pattern.compile(regex, Pattern.DOTALL).matcher(line).matches();
    }

    private static String show(List<String> actual) {
        return actual.stream().map(l -> "S: " + l).collect(Collectors.joining("\n", "actual output:\n", ""));
    }
}
