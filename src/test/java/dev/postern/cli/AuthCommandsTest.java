package dev.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.accounts.AccountStore;
import dev.postern.limits.JdbcAuthThrottle;
import dev.postern.limits.ThrottleRules;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postern auth status|unban} read and lift what the server's throttle wrote to the database. */
class AuthCommandsTest {

    @TempDir
    Path dir;
    Path conf;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = Files.writeString(dir.resolve("postern.conf"), "hostname = mx.example.test\ndata_dir = "
                + dir.resolve("data") + "\n");
    }

    private Run postern(String... args) {
        CommandLine line = PosternCommand.commandLine(new PosternCommand(new ByteArrayInputStream(new byte[0])));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", conf.toString()));
        return new Run(line.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** What a running server would have recorded: five failures from 127.0.0.9 against alice. */
    private void hammer() {
        try (var store = AccountStore.open(dir.resolve("data/postern.db"))) {
            var server = new JdbcAuthThrottle(store.dataSource(), ThrottleRules.DEFAULTS, ip -> false);
            for (int i = 0; i < 5; i++) {
                server.failed(InetAddress.ofLiteral("127.0.0.9"), "alice@example.org", Instant.now());
            }
        }
    }

    @Test
    void statusListsBansAndUnbanLiftsThem() {
        assertThat(postern("auth", "status").out()).contains("no failed logins recorded");
        hammer();

        var status = postern("auth", "status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).containsPattern("ip +127\\.0\\.0\\.9 +0 +1  20\\d\\d-")
                .containsPattern("account +alice@example\\.org +5 +0  -");

        var unban = postern("auth", "unban", "127.0.0.9");
        assertThat(unban.exit()).isZero();
        assertThat(unban.out()).contains("unbanned 127.0.0.9");
        assertThat(postern("auth", "status").out()).doesNotContain("127.0.0.9");

        assertThat(postern("auth", "unban", "alice@example.org").exit()).isZero();
        assertThat(postern("auth", "status").out()).contains("no failed logins recorded");
    }

    @Test
    void unbanningWhatIsUnknownIsAUserError() {
        var run = postern("auth", "unban", "192.0.2.1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("nothing recorded for 192.0.2.1");
    }
}
