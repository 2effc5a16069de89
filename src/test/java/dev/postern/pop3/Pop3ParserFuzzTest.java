package dev.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (issue 7, docs/SECURITY.md): any POP3 line parses to a command, never an exception,
 * and only an ASCII keyword names a command (RFC 1939 §3). Regression inputs:
 * {@code Pop3ParserFuzzTestInputs/}.
 */
class Pop3ParserFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyLineParsesToACommandNamedInAscii(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8); // as the session decodes it
        Pop3Command command = Pop3Parser.parse(line);
        assertThat(command).isNotNull();
        if (!(command instanceof Pop3Command.Invalid)) {
            int space = line.indexOf(' ');
            String keyword = space < 0 ? line : line.substring(0, space);
            assertThat(keyword.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'))
                    .as("keyword %s of %s", keyword, command).isTrue();
        }
    }
}
