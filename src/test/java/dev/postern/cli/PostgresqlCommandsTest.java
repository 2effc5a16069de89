package dev.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.database.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code postern} admin commands against PostgreSQL, as on any node of several. */
class PostgresqlCommandsTest {
    @TempDir
    Path dir;
    private Path conf;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void configure() throws Exception {
        // zonky's server trusts local connections: the password only shows that it is masked
        String url = TestPostgres.freshDatabase() + "&password=hunter2";
        conf = Files.writeString(dir.resolve("postern.conf"),
                "data_dir = " + dir.resolve("data") + "\ndatabase.url = " + url + "\n");
    }

    private Run postern(String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var command = PosternCommand.commandLine(
                new PosternCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--config", conf.toString())).toArray(String[]::new);
        return new Run(command.execute(all), out.toString(), err.toString());
    }

    @Test
    void initMigratesTheSharedDatabaseAndCreatesNoEmbeddedFile() {
        Run init = postern("", "init");
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).doesNotContain("postern.db");
        assertThat(Files.exists(dir.resolve("data/postern.db"))).isFalse();
        assertThat(postern("", "init").exit()).as("again: idempotent").isZero();
    }

    @Test
    void domainsUsersAndAliasesLiveInPostgresql() {
        assertThat(postern("", "domain", "add", "example.test").exit()).isZero();
        assertThat(postern("pw\n", "user", "add", "alice@example.test", "--password-stdin").exit()).isZero();
        assertThat(postern("", "alias", "add", "info@example.test", "alice@example.test").exit()).isZero();
        assertThat(postern("", "user", "list").out()).contains("alice@example.test");
        assertThat(postern("", "alias", "list").out()).contains("info@example.test -> alice@example.test");
        assertThat(postern("", "domain", "list").out()).isEqualTo("example.test\n");
        assertThat(Files.exists(dir.resolve("data/postern.db"))).isFalse();
    }

    @Test
    void configShowsTheUrlWithItsPasswordMasked() {
        Run config = postern("", "config");
        assertThat(config.exit()).isZero();
        assertThat(config.out()).contains("database.url = jdbc:postgresql://").contains("password=***")
                .doesNotContain("hunter2");
    }
}
