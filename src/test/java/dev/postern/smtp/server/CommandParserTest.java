package dev.postern.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.SmtpCommand.Invalid;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser("mx.example.test");

    @Test
    void simpleCommands() {
        assertThat(parser.parse("EHLO client.test")).isEqualTo(new SmtpCommand.Ehlo("client.test"));
        assertThat(parser.parse("helo client.test extra")).isEqualTo(new SmtpCommand.Helo("client.test"));
        assertThat(parser.parse("DATA")).isEqualTo(new SmtpCommand.Data());
        assertThat(parser.parse("rset")).isEqualTo(new SmtpCommand.Rset());
        assertThat(parser.parse("NOOP whatever")).isEqualTo(new SmtpCommand.Noop());
        assertThat(parser.parse("QUIT")).isEqualTo(new SmtpCommand.Quit());
        assertThat(parser.parse("VRFY alice")).isEqualTo(new SmtpCommand.Vrfy("alice"));
        assertThat(parser.parse("HELP")).isEqualTo(new SmtpCommand.Help(""));
        assertThat(parser.parse("STARTTLS")).isEqualTo(new SmtpCommand.StartTls());
        assertThat(parser.parse("AUTH plain dGVzdA==")).isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.of("dGVzdA==")));
        assertThat(parser.parse("BDAT 100 last")).isEqualTo(new SmtpCommand.Bdat(100, true));
        assertThat(parser.parse("BDAT 0")).isEqualTo(new SmtpCommand.Bdat(0, false));
    }

    @Test
    void mailWithAllParameters() {
        var command = parser.parse("MAIL FROM:<a@b.test> SIZE=12 BODY=8BITMIME SMTPUTF8 RET=FULL ENVID=x+2By");
        assertThat(command).isEqualTo(new SmtpCommand.Mail(new ReversePath.Sender(new MailAddress("a", "b.test")),
                new MailParameters(OptionalLong.of(12), MailParameters.Body.EIGHT_BIT_MIME, true,
                        Optional.of(MailParameters.Ret.FULL), Optional.of("x+2By"))));
        assertThat(parser.parse("MAIL FROM:<>")).isEqualTo(new SmtpCommand.Mail(ReversePath.NULL, MailParameters.NONE));
        assertThat(parser.parse("mail from: <>")).isEqualTo(new SmtpCommand.Mail(ReversePath.NULL, MailParameters.NONE));
    }

    @Test
    void rcptWithDsnParametersAndPostmaster() {
        assertThat(parser.parse("RCPT TO:<u@x.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;u@x.test"))
                .isEqualTo(new SmtpCommand.Rcpt(new Recipient(new MailAddress("u", "x.test"),
                        Set.of(Recipient.Notify.SUCCESS, Recipient.Notify.DELAY), Optional.of("rfc822;u@x.test")), true));
        assertThat(parser.parse("RCPT TO:<postmaster>")).isEqualTo(new SmtpCommand.Rcpt(
                Recipient.of(new MailAddress("postmaster", "mx.example.test")), true));
        assertThat(parser.parse("RCPT TO:<ü@x.test>"))
                .isEqualTo(new SmtpCommand.Rcpt(Recipient.of(new MailAddress("ü", "x.test")), false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "FOO                                   | 500 | 5.5.2",
            "EHLO                                  | 501 | 5.5.4",
            "MAIL                                  | 501 | 5.5.4",
            "MAIL FROM:<a@b.test                   | 501 | 5.1.7",
            "MAIL FROM:<a@b.test> SIZE=x           | 501 | 5.5.4",
            "MAIL FROM:<a@b.test> X-FOO=1          | 555 | 5.5.4",
            "MAIL FROM:<ä@b.test>                  | 553 | 5.6.7",
            "MAIL FROM:<postmaster>                | 501 | 5.1.7",
            "RCPT TO:<>                            | 501 | 5.1.3",
            "RCPT TO:<a@b.test> NOTIFY=            | 501 | 5.5.4",
            "RCPT TO:<a@b.test> ORCPT=rfc822;a b   | 555 | 5.5.4",
            "RCPT TO:<a@b.test> SIZE=1             | 555 | 5.5.4",
            "DATA now                              | 501 | 5.5.4",
            "BDAT                                  | 501 | 5.5.4",
            "BDAT x LAST                           | 501 | 5.5.4",
            "BDAT 1 LAST MORE                      | 501 | 5.5.4",
            "STARTTLS x                            | 501 | 5.5.4",
            "AUTH                                  | 501 | 5.5.4",
            "VRFY                                  | 501 | 5.5.4",
    })
    void invalidCommandsCarryTheirReply(String line, int code, String enhanced) {
        var command = parser.parse(line.strip());
        assertThat(command).isInstanceOf(Invalid.class);
        var reply = ((Invalid) command).reply();
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.enhancedCode()).isEqualTo(enhanced);
    }

    @Test
    void controlCharactersAreRefused() {
        assertThat(parser.parse("NOOP\0")).isEqualTo(new Invalid("NOOP?", SmtpReplies.CONTROL_CHARACTERS));
        assertThat(parser.parse("RSET\r")).isInstanceOf(Invalid.class);
    }

    /** Parsing is total: no input throws. */
    @Test
    void randomInputNeverThrows() {
        var random = new Random(2920);
        String[] prefixes = {"MAIL FROM:", "RCPT TO:", "BDAT ", "EHLO ", "AUTH ", "", "MAIL FROM:<a@b> ", "RCPT TO:<a@b> "};
        String alphabet = "<>@.:,;\"\\[]= +-aZ09\u00e9\u0000\uFFFD";
        for (int i = 0; i < 20_000; i++) {
            var line = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            for (int j = random.nextInt(40); j > 0; j--) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(parser.parse(line.toString())).isNotNull();
        }
    }

    @Test
    void verbForLogsIsSafe() {
        assertThat(CommandParser.verbOf("mail FROM:<a@b>")).isEqualTo("MAIL");
        assertThat(CommandParser.verbOf("\u0000\u00ffX")).isEqualTo("??X");
        assertThat(CommandParser.verbOf("")).isEqualTo("?");
        assertThat(CommandParser.verbOf("A".repeat(100))).hasSize(16);
    }
}
