package dev.postern.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target (issue 7, docs/SECURITY.md): any command line parses to a command, never an
 * exception (DESIGN: parsing is total). Regression inputs: {@code CommandParserFuzzTestInputs/}.
 */
class CommandParserFuzzTest {

    private final CommandParser parser = new CommandParser("mx.example.test");

    @FuzzTest(maxDuration = "10m")
    void anyLineParsesToACommand(byte[] input) {
        // The session hands the parser a line decoded as UTF-8 (malformed bytes replaced), no CRLF.
        String line = new String(input, StandardCharsets.UTF_8).replace("\r\n", "");
        SmtpCommand command = parser.parse(line);
        assertThat(command).isNotNull();
        if (command instanceof SmtpCommand.Invalid invalid) {
            assertThat(invalid.reply().code() / 100).as("bad syntax is refused permanently").isEqualTo(5);
        }
    }

    /** Letters whose upper case is ASCII ("ſ" is S, "ı" is I) spell no keyword (Pop3ParserFuzzTest's finding). */
    @Test
    void keywordsAreAsciiOnly() {
        assertThat(parser.parse("MAIL FROM:<a@example.test> \u017fIZE=10")).isInstanceOf(SmtpCommand.Invalid.class);
        assertThat(parser.parse("MAIL FROM:<a@example.test> BODY=8b\u0131tmime")).isInstanceOf(SmtpCommand.Invalid.class);
        assertThat(parser.parse("RCPT TO:<a@example.test> NOTIFY=\u017fuccess")).isInstanceOf(SmtpCommand.Invalid.class);
        assertThat(parser.parse("AUTH pla\u0131n")).isEqualTo(new SmtpCommand.Auth("PLA\u0131N", java.util.Optional.empty()));
        assertThat(parser.parse("mail FROM:<a@example.test> size=10 body=8bitmime"))
                .isInstanceOf(SmtpCommand.Mail.class);
    }
}
