package dev.postern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postern.smtp.MailAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

    @TempDir
    Path root;

    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T01:02:03.456789Z"), ZoneOffset.UTC);

    @Test
    void firstDeliveryCreatesTheDovecotLayoutAndANamedFileWithTheExactContent() throws IOException {
        var store = new MaildirStore(root, "mx.example", clock);
        var maildir = store.maildir(MailAddress.parse("Alice@Example.ORG"));

        String name = maildir.deliver(out -> out.write(MESSAGE));

        Path dir = root.resolve("example.org/alice/Maildir");
        assertThat(maildir.path()).isEqualTo(dir.toAbsolutePath());
        for (String folder : new String[] {"tmp", "new", "cur"}) {
            assertThat(dir.resolve(folder)).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(folder))))
                    .isEqualTo("rwx------");
        }
        long pid = ProcessHandle.current().pid();
        assertThat(name).isEqualTo("1795914123.M456789P" + pid + "Q1.mx.example,S=" + MESSAGE.length
                + ",W=" + MESSAGE.length);
        assertThat(Files.readAllBytes(dir.resolve("new").resolve(name))).isEqualTo(MESSAGE);
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void namesAreUniqueWithinTheSameMicrosecond() throws IOException {
        var maildir = new MaildirStore(root, "mx.example", clock).maildir(MailAddress.parse("bob@example.org"));

        String first = maildir.deliver(out -> out.write(MESSAGE));
        String second = maildir.deliver(out -> out.write(MESSAGE));

        assertThat(first).isNotEqualTo(second).contains("Q1.");
        assertThat(second).contains("Q2.");
        try (var files = Files.list(maildir.path().resolve("new"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(first, second);
        }
    }

    @Test
    void hostnameCharactersThatMaildirReservesAreEscapedAsDovecotDoes() {
        assertThat(UniqueName.sanitize("a/b:c")).isEqualTo("a\\057b\\072c");
    }

    @Test
    void namesThatWouldLeaveTheRootAreRefused() {
        var store = new MaildirStore(root, "mx.example");

        assertThatThrownBy(() -> store.maildir(new MailAddress("..", "example.org")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.maildir(new MailAddress("a/../../etc", "example.org")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.maildir(new MailAddress("alice", "..")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** POP3 must read exactly the directory delivery wrote to, whatever the case of the address. */
    @ParameterizedTest
    @ValueSource(strings = {"alice@example.org", "Alice.Smith@Example.ORG", "b+tag@sub.example.org", "x@xn--bcher-kva.example"})
    void deliveryAndReadingAgreeOnTheMaildirOfAnAddress(String address) {
        var store = new MaildirStore(root.resolve("mail"), "mx.example"); // as Postern.start wires them
        var maildrops = new Maildrops(root, clock);
        MailAddress parsed = MailAddress.parse(address);

        Path delivered = store.maildir(parsed).path();

        assertThat(maildrops.maildirOf(parsed.canonical())).isEqualTo(delivered);
        assertThat(maildrops.maildirOf(address)).isEqualTo(delivered);
        assertThat(delivered).isEqualTo(root.resolve("mail").resolve(parsed.domain().toLowerCase(java.util.Locale.ROOT))
                .resolve(parsed.localPart().toLowerCase(java.util.Locale.ROOT)).resolve("Maildir").toAbsolutePath());
    }

    @Test
    void readingRefusesTheSameUnsafeNamesAsDelivery() {
        var maildrops = new Maildrops(root, clock);

        for (String address : new String[] {"..@example.org", "a/../../etc@example.org", "alice@..", ".hidden@example.org",
                "a\\b@example.org", "no-at-sign"}) {
            assertThatThrownBy(() -> maildrops.maildirOf(address)).as(address).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aWriteFailureLeavesNothingInNewOrTmp() throws IOException {
        var maildir = new MaildirStore(root, "mx.example").maildir(MailAddress.parse("erin@example.org"));

        assertThatThrownBy(() -> maildir.deliver(out -> {
            out.write(MESSAGE);
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class);

        assertThat(maildir.path().resolve("new")).isEmptyDirectory();
        assertThat(maildir.path().resolve("tmp")).isEmptyDirectory();
    }
}
