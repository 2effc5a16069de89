package dev.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (issue 7, docs/SECURITY.md): the address parser. Any text gives a path or
 * {@code Bad}, never an exception; an accepted address has a local part and a domain, carries no
 * control character, and its domain no {@code @} (path safety is the Maildir's, {@code PathSafetyTest}).
 * Regression inputs: {@code PathParserFuzzTestInputs/}.
 */
class PathParserFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyTextIsAPathOrBadAndAcceptedAddressesAreClean(byte[] input) {
        String text = "<" + new String(input, StandardCharsets.UTF_8);
        var result = PathParser.parse(text, 0);
        assertThat(result.end()).isBetween(0, text.length());
        if (result.path() instanceof ParsedPath.Mailbox mailbox) {
            MailAddress address = mailbox.address();
            String whole = address.localPart() + "@" + address.domain();
            assertThat(whole.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).as("control character in %s", whole).isTrue();
            assertThat(address.domain()).doesNotContain("@");
            assertThat(address.localPart()).isNotEmpty();
            assertThat(address.domain()).isNotEmpty();
        }
    }
}
