package dev.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pop3ParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "USER alice@example.org | User[name=alice@example.org]",
        "PASS with two spaces | Pass[password=with two spaces]",
        "list | List[number=Optional.empty]",
        "LIST 7 | List[number=Optional[7]]",
        "TOP 1 0 | Top[number=1, lines=0]",
        "TOP 1 4294967296 | Top[number=1, lines=2147483647]",
        "UIDL 12 | Uidl[number=Optional[12]]",
        "Retr 3 | Retr[number=3]",
        "AUTH plain = | Auth[mechanism=Optional[PLAIN], initialResponse=Optional[=]]",
        "AUTH | Auth[mechanism=Optional.empty, initialResponse=Optional.empty]",
    })
    void parses(String line, String expected) {
        assertThat(Pop3Parser.parse(line).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "XYZZY", "RETR", "RETR -1", "RETR 1x", "DELE 1 2", "TOP 1", "STAT now", "USER", "LIST +1"})
    void refuses(String line) {
        assertThat(Pop3Parser.parse(line)).isInstanceOf(Pop3Command.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETR 0", "DELE 0"})
    void message_number_zero_parses_and_is_refused_by_range(String line) {
        Pop3Command command = Pop3Parser.parse(line);
        assertThat(command).isNotInstanceOf(Pop3Command.Invalid.class);
        assertThat(command.toString()).contains("number=2147483647");
    }

    @org.junit.jupiter.api.Test
    void a_password_may_contain_and_be_spaces() {
        assertThat(Pop3Parser.parse("PASS  ")).isEqualTo(new Pop3Command.Pass(" "));
        assertThat(Pop3Parser.parse("LIST 0")).isEqualTo(new Pop3Command.List(Optional.of(Integer.MAX_VALUE)));
    }
}
