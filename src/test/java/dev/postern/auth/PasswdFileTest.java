package dev.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswdFileTest {

    @Test
    void readsUserAndHashAndIgnoresTheOtherFields() {
        var parsed = PasswdFile.parse(List.of(
                "# exported from dovecot",
                "",
                "Alice@Example.org:{SHA512-CRYPT}$6$salt$hash:1000:1000::/home/alice::userdb_quota_rule=*:storage=1G",
                "bob@example.org:{PLAIN}correct horse"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.entries()).containsExactly(
                new PasswdFile.Entry(3, "alice@example.org", "{SHA512-CRYPT}$6$salt$hash"),
                new PasswdFile.Entry(4, "bob@example.org", "{PLAIN}correct horse"));
        assertThat(parsed.entries().get(0).plaintext()).isFalse();
        assertThat(parsed.entries().get(1).plaintext()).isTrue();
        assertThat(parsed.entries().get(1).domain()).isEqualTo("example.org");
        assertThat(parsed.entries().get(1).toString()).doesNotContain("horse");
    }

    @Test
    void everyBadLineIsReportedWithItsNumber() {
        var parsed = PasswdFile.parse(List.of(
                "alice:{PLAIN}x",
                "bob@example.org:$6$salt$hash",
                "carol@example.org:{MD5-CRYPT}$1$x",
                "dave@example.org:{PLAIN}",
                "erin@example.org",
                "frank@example.org:{ARGON2ID}$argon2id$x",
                "Frank@example.org:{ARGON2ID}$argon2id$y"));

        assertThat(parsed.entries()).extracting(PasswdFile.Entry::address).containsExactly("frank@example.org");
        assertThat(parsed.problems()).extracting(PasswdFile.Problem::line).containsExactly(1, 2, 3, 4, 5, 7);
        assertThat(parsed.problems().get(0).message()).contains("not user@domain");
        assertThat(parsed.problems().get(1).message()).contains("no {SCHEME} prefix");
        assertThat(parsed.problems().get(2).message()).contains("{MD5-CRYPT} is not supported");
        assertThat(parsed.problems().get(3).message()).contains("empty password hash");
        assertThat(parsed.problems().get(5).message()).contains("appears twice");
    }
}
