package dev.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postern limits status|reset|set} without a server: overrides, clear errors, exit codes. */
class LimitsCommandsTest {

    @TempDir
    Path dir;
    Path conf;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = Files.writeString(dir.resolve("postern.conf"), "hostname = mx.example.test\ndata_dir = "
                + dir.resolve("data") + "\nlimits.max_emails_per_hour = 300\n");
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

    @Test
    void setShowsInStatusAndDefaultRemovesIt() {
        assertThat(postern("limits", "status").out()).contains("no sending recorded this hour");

        var set = postern("limits", "set", "Example.COM", "limits.max_emails_per_hour=50", "on_block=fail");
        assertThat(set.exit()).as(set.err()).isZero();
        var status = postern("limits", "status", "example.com");
        assertThat(status.out()).containsPattern("example\\.com +0 +0 +0 +0% +0  ok")
                .contains("max_emails_per_hour=50* ").contains("on_block=fail* ").contains("count_retries=false ")
                .contains("(clock-hour)");
        assertThat(postern("limits", "status").out()).contains("example.com");

        postern("limits", "set", "example.com", "max_emails_per_hour=default");
        assertThat(postern("limits", "status", "example.com").out()).contains("max_emails_per_hour=300 ");
    }

    @Test
    void badInputIsOneLineAndExit1() {
        var bad = postern("limits", "set", "example.com", "on_block=bounce");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("postern: on_block must be defer or fail: 'bounce'\n");

        assertThat(postern("limits", "set", "example.com", "max_emails").err()).contains("expected NAME=VALUE");
        assertThat(postern("limits", "set", "example.com", "window=rolling").err()).contains("server-wide");
        assertThat(postern("limits", "set", "example.com", "colour=blue").err()).contains("unknown limit 'colour'");
        assertThat(postern("limits", "set", "example.com").exit()).isEqualTo(1);

        var reset = postern("limits", "reset", "nothing.test");
        assertThat(reset.exit()).isEqualTo(1);
        assertThat(reset.err()).contains("nothing recorded for nothing.test");
        assertThat(postern("limits", "status", "example.com").out()).doesNotContain("*");
    }

    @Test
    void aBadConfigValueIsRefusedWithItsKey() throws Exception {
        Files.writeString(conf, "data_dir = " + dir.resolve("data") + "\nlimits.max_defer_fail_percentage = 150\n");
        var run = postern("limits", "status");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("limits.max_defer_fail_percentage").contains("1 to 100");
    }
}
