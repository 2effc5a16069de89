package dev.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Known vectors were produced with real Dovecot 2.3.19.1 (Debian 12 {@code dovecot-core},
 * unpacked with {@code apt-get download dovecot-core && dpkg -x}) by running
 * {@code LD_LIBRARY_PATH=usr/lib/dovecot usr/bin/doveadm -O pw -s SCHEME -p 'correct horse'}.
 */
class PasswordHashTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();

    @ParameterizedTest
    @ValueSource(strings = {
        "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$9VLAbsXfvkWOU2v6DsB9FQ$DnJZm3wYmr2xZW84UvDQAqI+DOESL7BkYDOYvCD/tdE",
        "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$4nIWZCfk2RHx/q31Ld4KlA$USd02ZfJXDdfK73qtgzPP9O2qnx8LOkYTXcr5zkmsr8",
        "{BLF-CRYPT}$2y$05$Mi8Z.dvZ3DXaLtYq8rK9qOhXrLKhrXPOBQNkqmylpwc0tSkStJTWe",
        "{SHA512-CRYPT}$6$lojepTUeq5.wi.Az$Sw6iC.Yzm5S.0HwzyNFvbhXpsbj4PD4qO3U1ET5HINo5hb0fHEV/V45n4gDTHMyuoM8gh4HlScn4WkHcZCQlg/",
        "{SHA256-CRYPT}$5$wCWYgrE7J3Amn1D8$RvrKlP6ktuqHGrA4Wcxpz0smVQNfcD9djZ4D.eKK6d/",
        "{SSHA512}iozdhf4Y3DfYIjGitdd7OL8n/tH6RYkyN62AfwMjzHlZLrAkMJt6e6yAqvWChDuftyDYN9F2yLtfdNnyulKDcz5Mbm0=",
        "{SHA512}VraY3v7bWkNbY0r+MyC7rz/c2SC2xQOkRvx7endrKY1HnRumqLYXgI6wv1ec6aldZoNHvKtxSQhayTyyeZUZew==",
        "{PLAIN}correct horse",
        "{CLEAR}correct horse"
    })
    void dovecotHashesVerify(String stored) {
        assertThat(PasswordHash.verify(PASSWORD, stored)).isTrue();
        assertThat(PasswordHash.verify("correct horsf".toCharArray(), stored)).isFalse();
        assertThat(PasswordHash.verify(new char[0], stored)).isFalse();
    }

    @Test
    void argon2idIsWrittenInDovecotsForm() {
        String stored = PasswordHash.hash(PASSWORD);
        assertThat(stored).matches("\\{ARGON2ID}\\$argon2id\\$v=19\\$m=65536,t=3,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHash.verify(PASSWORD, stored)).isTrue();
        assertThat(PasswordHash.verify("wrong".toCharArray(), stored)).isFalse();
    }

    @Test
    void saltsDiffer() {
        assertThat(PasswordHash.hash(PASSWORD)).isNotEqualTo(PasswordHash.hash(PASSWORD));
    }

    @Test
    void blfCryptIsWrittenAs2y() {
        String stored = PasswordHash.hash(PASSWORD, Scheme.BLF_CRYPT);
        assertThat(stored).startsWith("{BLF-CRYPT}$2y$10$").hasSize("{BLF-CRYPT}".length() + 60);
        assertThat(PasswordHash.verify(PASSWORD, stored)).isTrue();
        assertThat(PasswordHash.verify("wrong".toCharArray(), stored)).isFalse();
    }

    @Test
    void blfCrypt2aAnd2bVariantsVerify() {
        String y = PasswordHash.hash(PASSWORD, Scheme.BLF_CRYPT).substring("{BLF-CRYPT}".length());
        assertThat(PasswordHash.verify(PASSWORD, "{BLF-CRYPT}$2a" + y.substring(3))).isTrue();
        assertThat(PasswordHash.verify(PASSWORD, "{BLF-CRYPT}$2b" + y.substring(3))).isTrue();
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        char[] password = "pässwörd €".toCharArray();
        assertThat(PasswordHash.verify(password, PasswordHash.hash(password))).isTrue();
        assertThat(PasswordHash.verify(password, "{PLAIN}pässwörd €")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{MD5-CRYPT}$1$abc$def",
        "correct horse",
        "",
        "{ARGON2ID}$argon2id$v=19$m=65536$bad",
        "{ARGON2ID}$argon2id$v=19$m=99999999,t=3,p=1$9VLAbsXfvkWOU2v6DsB9FQ$DnJZm3wYmr2xZW84UvDQAqI",
        "{SHA512-CRYPT}$6$only-salt",
        "{SSHA512}!!!notbase64",
        "{BLF-CRYPT}$2y$05$short"
    })
    void unknownOrMalformedHashesAreRefusedWithoutException(String stored) {
        assertThat(PasswordHash.verify(PASSWORD, stored)).isFalse();
    }

    @Test
    void schemeNamesFollowDovecot() {
        assertThat(Scheme.named("blf-crypt")).isEqualTo(Scheme.BLF_CRYPT);
        assertThat(Scheme.named("ARGON2ID")).isEqualTo(Scheme.ARGON2ID);
        assertThat(Scheme.BLF_CRYPT.dovecotName()).isEqualTo("BLF-CRYPT");
    }
}
