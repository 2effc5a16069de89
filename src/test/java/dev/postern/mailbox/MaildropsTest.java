package dev.postern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildropsTest {

    private static final String ALICE = "alice@Example.ORG";

    @TempDir
    Path dataDir;

    private Maildrops maildrops;
    private Path maildir;

    @BeforeEach
    void setUp() {
        maildrops = new Maildrops(dataDir, Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        maildir = dataDir.resolve("mail/example.org/alice/Maildir");
    }

    @Test
    void the_layout_is_data_dir_mail_domain_localpart_Maildir() {
        assertThat(maildrops.maildirOf(ALICE)).isEqualTo(maildir);
        assertThatThrownBy(() -> maildrops.maildirOf("../x@example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> maildrops.maildirOf("no-at-sign")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void first_open_moves_new_to_cur_and_writes_a_version_3_uidlist() throws Exception {
        String first = deliver(1, "Subject: a\r\n\r\nA\r\n");
        String second = deliver(2, "Subject: b\r\n\r\nBB\r\n");
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.uidValidity()).isEqualTo(1_700_000_000L);
            assertThat(drop.messages()).containsExactly(new Maildrop.Message(1, 17), new Maildrop.Message(2, 18));
        }
        assertThat(list("new")).isEmpty();
        assertThat(list("cur")).containsExactly(first + ":2,", second + ":2,");
        List<String> lines = Files.readAllLines(maildir.resolve("dovecot-uidlist"));
        assertThat(lines.getFirst()).matches("3 V1700000000 N3 G[0-9a-f]{32}");
        assertThat(lines.subList(1, lines.size())).containsExactly("1 :" + first, "2 :" + second);
        assertThat(maildir.resolve("dovecot-uidlist.lock")).doesNotExist();
    }

    @Test
    void uids_are_stable_across_sessions_and_never_reused() throws Exception {
        deliver(1, "one\r\n");
        deliver(2, "two\r\n");
        deliver(3, "three\r\n");
        String header;
        try (Maildrop drop = maildrops.open(ALICE)) {
            drop.expunge(List.of(2));
        }
        header = Files.readAllLines(maildir.resolve("dovecot-uidlist")).getFirst();
        deliver(4, "four\r\n");
        var later = new Maildrops(dataDir, Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC));
        try (Maildrop drop = later.open(ALICE)) {
            assertThat(drop.uidValidity()).isEqualTo(1_700_000_000L);
            assertThat(drop.messages()).extracting(Maildrop.Message::uid).containsExactly(1L, 2L, 4L);
        }
        String guid = header.substring(header.indexOf(" G"));
        assertThat(Files.readAllLines(maildir.resolve("dovecot-uidlist")).getFirst()).isEqualTo("3 V1700000000 N5" + guid);
    }

    @Test
    void a_uidlist_written_by_dovecot_is_honoured_and_its_extension_fields_kept() throws Exception {
        Files.createDirectories(maildir.resolve("cur"));
        Files.createDirectories(maildir.resolve("new"));
        String known = "1690000000.M1P7Q1.mx,S=5,W=6";
        Files.writeString(maildir.resolve("cur").resolve(known + ":2,FS"), "abc\ndx");
        Files.writeString(maildir.resolve("dovecot-uidlist"),
                "3 V1234567 N42 G0123456789abcdef0123456789abcdef X9\n41 W6 :" + known + "\n");
        String fresh = deliver(5, "new\r\n");
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.uidValidity()).isEqualTo(1234567L);
            assertThat(drop.messages()).containsExactly(new Maildrop.Message(41, 6), new Maildrop.Message(42, 5));
        }
        assertThat(Files.readAllLines(maildir.resolve("dovecot-uidlist"))).containsExactly(
                "3 V1234567 N43 G0123456789abcdef0123456789abcdef X9",
                "41 W6 :" + known,
                "42 :" + fresh);
    }

    @Test
    void a_version_1_uidlist_is_read_and_upgraded() throws Exception {
        Files.createDirectories(maildir.resolve("cur"));
        String known = "1690000000.M1P7Q1.mx,S=3,W=3";
        Files.writeString(maildir.resolve("cur").resolve(known + ":2,"), "a\r\n");
        Files.writeString(maildir.resolve("dovecot-uidlist"), "1 777 10\n9 " + known + ":2,\n");
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.uidValidity()).isEqualTo(777L);
            assertThat(drop.messages()).containsExactly(new Maildrop.Message(9, 3));
        }
        assertThat(Files.readAllLines(maildir.resolve("dovecot-uidlist")).getFirst()).startsWith("3 V777 N10 G");
    }

    @Test
    void one_session_per_mailbox() throws Exception {
        deliver(1, "x\r\n");
        Maildrop first = maildrops.open(ALICE);
        assertThatThrownBy(() -> maildrops.open("alice@example.org")).isInstanceOf(MaildropInUseException.class);
        first.close();
        maildrops.open(ALICE).close();
    }

    @Test
    void a_stale_dot_lock_is_broken() throws Exception {
        deliver(1, "x\r\n");
        Path lock = maildir.resolve("dovecot-uidlist.lock");
        Files.writeString(lock, "12345\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.ofEpochSecond(1_700_000_000L - 600)));
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.messages()).hasSize(1);
        }
        assertThat(lock).doesNotExist();
    }

    @Test
    void seen_and_expunge_rename_and_remove_only_what_was_asked() throws Exception {
        String one = deliver(1, "one\r\n");
        String two = deliver(2, "two\r\n");
        String three = deliver(3, "three\r\n");
        try (Maildrop drop = maildrops.open(ALICE)) {
            drop.markSeen(List.of(0));
            drop.expunge(List.of(1));
        }
        assertThat(list("cur")).containsExactly(one + ":2,S", three + ":2,");
    }

    @Test
    void a_message_renamed_by_another_client_is_found_by_its_base_name() throws Exception {
        String one = deliver(1, "one\r\n");
        try (Maildrop drop = maildrops.open(ALICE)) {
            Files.move(maildir.resolve("cur").resolve(one + ":2,"), maildir.resolve("cur").resolve(one + ":2,FS"));
            try (InputStream in = drop.open(0)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("one\r\n");
            }
            drop.markSeen(List.of(0));
            Files.delete(maildir.resolve("cur").resolve(one + ":2,FS"));
            assertThatThrownBy(() -> drop.open(0)).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void without_sizes_in_the_name_the_size_counts_crlf_line_ends() throws Exception {
        Files.createDirectories(maildir.resolve("new"));
        Files.writeString(maildir.resolve("new").resolve("1700000001.M1P1Q1.plain"), "a\nb\r\nc");
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.messages()).containsExactly(new Maildrop.Message(1, 7));
        }
        // cached as Dovecot caches it (MAILDIR_UIDLIST_REC_EXT_VSIZE), so the file is counted once
        assertThat(Files.readAllLines(maildir.resolve("dovecot-uidlist"))).endsWith("1 W7 :1700000001.M1P1Q1.plain");
    }

    @Test
    void a_size_dovecot_cached_in_the_uidlist_is_used_without_reading_the_file() throws Exception {
        Files.createDirectories(maildir.resolve("cur"));
        String name = "1690000000.M1P7Q1.mx,S=20";
        Files.writeString(maildir.resolve("cur").resolve(name + ":2,S"), "");
        Files.writeString(maildir.resolve("dovecot-uidlist"), "3 V5 N8 G0123456789abcdef0123456789abcdef\n7 W23 :" + name + "\n");
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.messages()).containsExactly(new Maildrop.Message(7, 23));
        }
    }

    @Test
    void ten_thousand_messages_list_from_their_names() throws Exception {
        Files.createDirectories(maildir.resolve("new"));
        for (int i = 1; i <= 10_000; i++) {
            // empty files: the listed size can only have come from the S=/W= in the name
            Files.createFile(maildir.resolve("new").resolve((1_700_000_000L + i) + ".M" + i + "P1Q1.mx,S=1000,W=" + (1000 + i)));
        }
        try (Maildrop drop = maildrops.open(ALICE)) {
            assertThat(drop.messages()).hasSize(10_000);
            assertThat(drop.messages().getFirst()).isEqualTo(new Maildrop.Message(1, 1001));
            assertThat(drop.messages().getLast()).isEqualTo(new Maildrop.Message(10_000, 11_000));
        }
        assertThat(Files.readAllLines(maildir.resolve("dovecot-uidlist"))).hasSize(10_001);
    }

    private String deliver(int n, String content) throws IOException {
        Files.createDirectories(maildir.resolve("new"));
        Files.createDirectories(maildir.resolve("cur"));
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        String name = (1_700_000_000L + n) + ".M" + n + "P1Q" + n + ".test,S=" + bytes.length + ",W=" + bytes.length;
        Files.write(maildir.resolve("new").resolve(name), bytes);
        return name;
    }

    private List<String> list(String sub) throws IOException {
        try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
