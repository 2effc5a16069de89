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

/** {@code postern dkim generate|rotate|show} against a real database in a temporary data_dir. */
class DkimCommandsTest {

    @TempDir
    Path dir;
    Path conf;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = Files.writeString(dir.resolve("postern.conf"), "hostname = mx.example.test\ndata_dir = "
                + dir.resolve("data") + "\n");
        assertThat(postern("domain", "add", "example.test").exit()).isZero();
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
    void generateShowAndRotate() {
        var rsa = postern("dkim", "generate", "example.test", "--selector", "one");
        assertThat(rsa.out()).contains("generated rsa-sha256 key one for example.test (active)")
                .contains("one._domainkey.example.test. IN TXT \"v=DKIM1; k=rsa; p=MIIBIjAN");
        var ed = postern("dkim", "generate", "example.test", "--algorithm", "ed25519", "--selector", "edkey");
        assertThat(ed.out()).contains("(active)").containsPattern("edkey._domainkey.example.test. IN TXT \"v=DKIM1; "
                + "k=ed25519; p=[A-Za-z0-9+/]{43}=\"");
        var rotate = postern("dkim", "rotate", "example.test");
        assertThat(rotate.out()).contains("new pending key ps").contains("rotate example.test again");
        assertThat(postern("dkim", "show", "example.test").out()).contains("; active rsa-sha256")
                .contains("; active ed25519-sha256").contains("; pending rsa-sha256").contains("; pending ed25519-sha256");
        var promoted = postern("dkim", "rotate", "example.test");
        assertThat(promoted.out()).contains("now signing with ps");
        var shown = postern("dkim", "show", "example.test").out();
        assertThat(shown.lines().filter(l -> l.startsWith("; retired")).count()).isEqualTo(2);
        assertThat(shown.lines().filter(l -> l.startsWith("; active")).count()).isEqualTo(2);
    }

    @Test
    void refusesUnknownDomainsAndTakenSelectors() {
        var unknown = postern("dkim", "generate", "other.test");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("other.test is not a hosted domain");
        assertThat(postern("dkim", "generate", "example.test", "--selector", "s1").exit()).isZero();
        var again = postern("dkim", "generate", "example.test", "--selector", "s1");
        assertThat(again.err()).contains("selector s1 is already used");
        var bad = postern("dkim", "generate", "example.test", "--selector", "a;b=c");
        assertThat(bad.exit()).isNotZero();
        assertThat(postern("dkim", "show", "example.test").out().lines().filter(l -> l.startsWith(";")).count()).isEqualTo(1);
    }
}
