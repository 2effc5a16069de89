package dev.postern.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.ReversePath;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden table: account alice@example.org, aliases info@example.org and alice@other.example.
 * Each row: mode, envelope sender ({@code <>} for the null path), expected reply ("ok" = allowed).
 */
class SenderCheckTest {

    private static final String ACCOUNT = "alice@example.org";
    private static final List<String> ALIASES = List.of("info@example.org", "Alice@Other.Example");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            strict | alice@example.org      | ok
            strict | ALICE@Example.ORG      | ok
            strict | info@example.org       | ok
            strict | alice@other.example    | ok
            strict | <>                     | ok
            strict | bob@example.org        | 553 5.7.1 <bob@example.org>: Sender address rejected: not owned by user <alice@example.org>; use alice@example.org or one of its aliases as the sender
            strict | alice@example.net      | 553 5.7.1 <alice@example.net>: Sender address rejected: not owned by user <alice@example.org>; use alice@example.org or one of its aliases as the sender
            strict | alice@sub.example.org  | 553 5.7.1 <alice@sub.example.org>: Sender address rejected: not owned by user <alice@example.org>; use alice@example.org or one of its aliases as the sender
            domain | alice@example.org      | ok
            domain | bob@example.org        | ok
            domain | Bob@EXAMPLE.org        | ok
            domain | alice@other.example    | ok
            domain | bob@other.example      | 553 5.7.1 <bob@other.example>: Sender address rejected: not owned by user <alice@example.org>; use an address in example.org as the sender
            domain | bob@sub.example.org    | 553 5.7.1 <bob@sub.example.org>: Sender address rejected: not owned by user <alice@example.org>; use an address in example.org as the sender
            domain | <>                     | ok
            off    | ceo@bank.example       | ok
            off    | <>                     | ok
            """)
    void golden(String mode, String sender, String expected) {
        ReversePath path = sender.equals("<>") ? ReversePath.NULL : new ReversePath.Sender(MailAddress.parse(sender));
        var verdict = new SenderCheck(SenderCheck.Mode.parse(mode)).check(ACCOUNT, ALIASES, path);
        String actual = switch (verdict) {
            case SenderCheck.Verdict.Allowed a -> "ok";
            case SenderCheck.Verdict.Refused r -> r.reply().wire().strip();
        };
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"STRICT, STRICT", "' Domain ', DOMAIN", "off, OFF"})
    void modesParseInAnyCase(String value, SenderCheck.Mode expected) {
        assertThat(SenderCheck.Mode.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "strict-ish"})
    void unknownModesAreRefusedWithTheChoices(String value) {
        assertThatThrownBy(() -> SenderCheck.Mode.parse(value))
                .hasMessage("submission.sender_check must be strict, domain or off, not '" + value + "'");
    }
}
