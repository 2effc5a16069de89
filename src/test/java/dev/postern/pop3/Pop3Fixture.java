package dev.postern.pop3;

import dev.postern.mailbox.Maildrops;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Two accounts on real Maildirs: alice@example.org (password {@code secret}) with three messages
 * in new/, bob@example.org (password {@code hunter 2}) with none. UIDVALIDITY is 1700000000
 * (0x6553f100), so alice's UIDLs are 000000016553f100, 000000026553f100, 000000036553f100.
 */
final class Pop3Fixture {

    static final String ONE = "From: a@example.org\r\nSubject: one\r\n\r\nline 1\r\n.dot line\r\nline 3\r\n";
    static final String TWO = "Subject: two\r\n\r\nbody two\r\n";
    static final String THREE = "Subject: three\r\n\r\nonly line"; // no final line end

    record Login(InetAddress client, String account) {}

    /** The system's python3 (Debian's), whatever else is first on the PATH. */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    final Maildrops maildrops;
    final List<Login> logins = new ArrayList<>();
    private final Path dataDir;
    private final Map<String, String> passwords = Map.of(
            "alice@example.org", "secret", "bob@example.org", "hunter 2", "carol@example.org", "pw");

    Pop3Fixture(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        this.maildrops = new Maildrops(dataDir, Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        deliver("alice@example.org", 1, ONE);
        deliver("alice@example.org", 2, TWO);
        deliver("alice@example.org", 3, THREE);
        Files.createDirectories(maildrops.maildirOf("bob@example.org").resolve("new"));
    }

    void deliver(String account, int n, String content) throws IOException {
        Path maildir = maildrops.maildirOf(account);
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String name = (1_700_000_000L + n) + ".M" + n + "P1Q" + n + ".test,S=" + bytes.length + ",W=" + bytes.length;
        Files.write(maildir.resolve("new").resolve(name), bytes);
    }

    Optional<String> authenticate(String user, char[] password) {
        String expected = passwords.get(user);
        return expected != null && Arrays.equals(expected.toCharArray(), password) ? Optional.of(user) : Optional.empty();
    }

    /** Removes alice's n-th message behind the session's back, wherever it is now. */
    void removeUnderneath(int n) throws IOException {
        Path maildir = maildrops.maildirOf("alice@example.org");
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(maildir.resolve(sub))) {
                for (Path file : files.toList()) {
                    if (file.getFileName().toString().startsWith((1_700_000_000L + n) + ".")) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    List<String> files(String account, String sub) throws IOException {
        try (Stream<Path> files = Files.list(maildrops.maildirOf(account).resolve(sub))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    Path dataDir() {
        return dataDir;
    }
}
