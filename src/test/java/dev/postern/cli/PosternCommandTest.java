package dev.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.auth.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code postern} in-process against a config and data directory in a temp folder. */
class PosternCommandTest {
    @TempDir
    Path dir;
    Path conf;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = dir.resolve("postern.conf");
        Files.writeString(conf, "# test node\nhostname = mx.example.test\ndata_dir = " + dir.resolve("data") + "\n");
    }

    private Run run(String stdin, String... args) {
        CommandLine line = PosternCommand.commandLine(
                new PosternCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run postern(String... args) {
        return withStdin("", args);
    }

    private Run withStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(conf.toString());
        return run(stdin, all.toArray(String[]::new));
    }

    private static void assertOk(Run r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
    }

    private static void assertUserError(Run r, String message) {
        assertThat(r.exit()).as("stdout: %s", r.out()).isEqualTo(1);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void initIsIdempotent() {
        Run first = postern("init");
        assertOk(first);
        assertThat(first.out()).contains("created " + dir.resolve("data/postern.db"))
                .contains("created " + dir.resolve("data/tls/key.pem"));
        assertThat(dir.resolve("data/mail")).isDirectory();
        assertThat(dir.resolve("data/queue")).isDirectory();
        Run second = postern("init");
        assertOk(second);
        assertThat(second.out()).contains("is ready").doesNotContain("created");
    }

    @Test
    void domainsAddListRemove() {
        assertOk(postern("domain", "add", "Example.TEST"));
        assertOk(postern("domain", "add", "other.test"));
        assertThat(postern("domain", "list").out()).isEqualTo("example.test\nother.test\n");
        assertUserError(postern("domain", "add", "example.test"), "already exists");
        assertOk(withStdin("x\n", "user", "add", "--password-stdin", "a@example.test"));
        assertUserError(postern("domain", "remove", "example.test"), "--force");
        assertOk(postern("domain", "remove", "--force", "example.test"));
        assertOk(postern("domain", "remove", "other.test"));
        assertThat(postern("domain", "list").out()).isEmpty();
        assertUserError(postern("domain", "remove", "other.test"), "not hosted");
    }

    @Test
    void usersAddPasswdListRemove() throws Exception {
        assertOk(postern("domain", "add", "example.test"));
        assertOk(withStdin("first secret\n", "user", "add", "--password-stdin", "Alice@example.test"));
        assertOk(withStdin("second secret\r\n", "user", "add", "--password-stdin", "--scheme", "BLF-CRYPT",
                "bob@example.test"));
        assertUserError(withStdin("x\n", "user", "add", "--password-stdin", "carol@nowhere.test"), "not hosted");
        assertUserError(withStdin("x\n", "user", "add", "--password-stdin", "alice@example.test"), "already exists");
        assertThat(postern("user", "list").out()).isEqualTo("alice@example.test\nbob@example.test\n");
        assertThat(postern("user", "list", "other.test").out()).isEmpty();

        try (AccountStore store = AccountStore.open(dir.resolve("data/postern.db"))) {
            assertThat(PasswordHash.verify("first secret".toCharArray(), store.passwordHash("alice@example.test").orElseThrow())).isTrue();
            assertThat(store.passwordHash("bob@example.test").orElseThrow()).startsWith("{BLF-CRYPT}$2y$");
            assertThat(PasswordHash.verify("second secret".toCharArray(), store.passwordHash("bob@example.test").orElseThrow())).isTrue();
            assertOk(withStdin("changed\n", "user", "passwd", "--password-stdin", "alice@example.test"));
            String hash = store.passwordHash("alice@example.test").orElseThrow();
            assertThat(PasswordHash.verify("changed".toCharArray(), hash)).isTrue();
            assertThat(PasswordHash.verify("first secret".toCharArray(), hash)).isFalse();
        }
        assertUserError(withStdin("\n", "user", "passwd", "--password-stdin", "alice@example.test"), "no password");
        assertUserError(withStdin("x\n", "user", "passwd", "--password-stdin", "nobody@example.test"), "no user");
        assertOk(postern("user", "remove", "bob@example.test"));
        assertThat(postern("user", "list").out()).isEqualTo("alice@example.test\n");
    }

    @Test
    void withoutATerminalThePasswordMustComeFromStdin() {
        assertOk(postern("domain", "add", "example.test"));
        assertUserError(postern("user", "add", "alice@example.test"), "--password-stdin");
    }

    @Test
    void aliasesAddListRemove() {
        assertOk(postern("domain", "add", "example.test"));
        assertOk(withStdin("x\n", "user", "add", "--password-stdin", "alice@example.test"));
        assertOk(postern("alias", "add", "team@example.test", "alice@example.test,bob@remote.test"));
        assertOk(postern("alias", "add", "@example.test", "alice@example.test"));
        assertThat(postern("alias", "list").out())
                .isEqualTo("@example.test -> alice@example.test\nteam@example.test -> alice@example.test, bob@remote.test\n");
        assertUserError(postern("alias", "add", "x@elsewhere.test", "alice@example.test"), "not hosted");
        assertOk(postern("alias", "remove", "team@example.test"));
        assertThat(postern("alias", "list").out()).isEqualTo("@example.test -> alice@example.test\n");
        assertUserError(postern("alias", "remove", "team@example.test"), "no alias");
    }

    @Test
    void unknownKeyIsAUserError() throws Exception {
        Files.writeString(conf, "hostname = mx.example.test\nsmtp.lisen = 127.0.0.1:25\n");
        assertUserError(postern("domain", "list"), "smtp.lisen");
        Run config = postern("config");
        assertUserError(config, conf + ":2");
        assertThat(config.out()).isEmpty();
    }

    @Test
    void usageErrorsExitWithOne() {
        assertUserError(run("", "domian"), "domian");
        assertUserError(run("", "domain", "add"), "NAME");
        assertUserError(run(""), "missing command");
        assertUserError(withStdin("x\n", "user", "add", "--password-stdin", "--scheme", "MD5", "a@example.test"), "MD5");
    }

    @Test
    void runtimeFailuresExitWithTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Files.writeString(conf, "data_dir = " + file + "\n");
        Run r = postern("init");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("postern: ").doesNotContain("\tat ");
    }

    @Test
    void configPrintsEffectiveValuesAndMarksDefaults() throws Exception {
        Files.writeString(conf, "hostname = mx.example.test\nlog.level = warn\nsubmission.listen =\n");
        Run r = postern("config");
        assertOk(r);
        assertThat(r.out()).contains("hostname = mx.example.test\n")
                .contains("log.level = warn\n")
                .contains("submission.listen =\n")
                .contains("message_size_limit = 52428800  # default\n")
                .contains("smtp.listen = 0.0.0.0:25  # default\n");
        assertThat(r.out().lines().filter(l -> l.contains(" = ") || l.endsWith(" =") || l.contains(" =  #")).count())
                .isEqualTo(dev.postern.config.Key.values().length);
    }

    @Test
    void versionAndHelp() {
        Run version = run("", "--version");
        assertOk(version);
        assertThat(version.out()).startsWith("postern ");
        Run help = run("", "user", "add", "--help");
        assertOk(help);
        assertThat(help.out()).contains("--password-stdin").contains("--config").contains("--scheme");
    }

    @Test
    void aRunBuildsOnlyTheCommandItNamesAndEveryCommandOtherwise() {
        var all = PosternCommand.commandLine().getSubcommands().keySet();
        assertThat(all).contains("serve", "domain", "queue", "help").hasSizeGreaterThan(10);
        assertThat(PosternCommand.commandLine(new PosternCommand(), new String[] {"serve", "--config", "x"})
                .getSubcommands()).containsOnlyKeys("serve");
        for (String[] args : List.of(new String[0], new String[] {"help", "serve"}, new String[] {"--help"},
                new String[] {"domian", "add"})) {
            assertThat(PosternCommand.commandLine(new PosternCommand(), args).getSubcommands().keySet())
                    .as("postern %s", String.join(" ", args)).containsExactlyElementsOf(all);
        }
        // The one command built alone reads and prints as it does among all of them.
        Run alone = run("", "serve", "--help");
        assertOk(alone);
        StringWriter full = new StringWriter();
        PosternCommand.commandLine().getSubcommands().get("serve").usage(new PrintWriter(full, true));
        assertThat(alone.out()).isEqualTo(full.toString()).startsWith("Usage: postern serve");
    }

    @Test
    void grantsRecordedByTheServerAreListedAndRevoked() throws Exception {
        assertOk(postern("init"));
        try (AccountStore store = AccountStore.open(dir.resolve("data/postern.db"))) {
            var grants = new dev.postern.limits.PopBeforeSmtp(
                    new dev.postern.limits.JdbcGrantStore(store.dataSource()), java.time.Duration.ofMinutes(30));
            grants.grant(java.net.InetAddress.ofLiteral("127.0.0.7"), "alice@example.test", java.time.Instant.now());
        }

        Run list = postern("grants", "list");
        assertOk(list);
        assertThat(list.out()).contains("127.0.0.7").contains("alice@example.test");

        Run revoke = postern("grants", "revoke", "127.0.0.7");
        assertOk(revoke);
        assertThat(revoke.out()).contains("revoked the grant of 127.0.0.7");
        assertThat(postern("grants", "list").out()).doesNotContain("127.0.0.7");
        assertThat(postern("grants", "revoke", "127.0.0.7").out()).contains("no active grant for 127.0.0.7");
        assertUserError(postern("grants", "revoke", "mail.example.test"), "not an IP address");
    }
}
