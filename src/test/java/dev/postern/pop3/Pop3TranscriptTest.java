package dev.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.mailbox.Maildrop;
import dev.postern.pop3.Pop3Settings.PlaintextLogin;
import dev.postern.pop3.Pop3Settings.Stls;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every transcript in {@code transcripts/pop3/} against a real {@link Pop3Session} over the
 * {@link Pop3Fixture} Maildirs. Setup directives: {@code tls} (connection already encrypted),
 * {@code require-tls}, {@code loopback-plaintext}, {@code no-stls}, {@code max-bad N},
 * {@code lock ACCOUNT}. Inline: {@code remove N}, {@code timeout}. Checked after the session:
 * {@code expect-files ACCOUNT SUB N}, {@code expect-file ACCOUNT SUB GLOB}, {@code expect-logins N}.
 */
class Pop3TranscriptTest {

    @TempDir
    Path dataDir;

    static Stream<String> transcripts() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(Pop3TranscriptTest.class.getResource("/transcripts/pop3")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(String name) throws Exception {
        Transcript transcript = Transcript.load(name);
        var fixture = new Pop3Fixture(dataDir);
        Maildrop held = transcript.directive("lock").isPresent()
                ? fixture.maildrops.open(transcript.directive("lock").get()) : null;
        var connection = new ScriptConnection(transcript.steps(), d -> inline(fixture, d),
                transcript.directive("tls").isPresent());
        new Pop3Session(connection, settings(transcript), fixture::authenticate,
                new MaildirMaildrops(fixture.maildrops),
                (client, account) -> fixture.logins.add(new Pop3Fixture.Login(client, account))).run();
        if (held != null) {
            held.close();
        }
        transcript.verify(connection.output());
        assertThat(connection.unflushed()).as("output left unflushed at the end").isZero();
        checkAfterwards(transcript, fixture);
    }

    private static Pop3Settings settings(Transcript t) {
        PlaintextLogin plaintext = t.directive("require-tls").isPresent() ? PlaintextLogin.TLS_REQUIRED
                : t.directive("loopback-plaintext").isPresent() ? PlaintextLogin.TLS_REQUIRED_EXCEPT_LOOPBACK
                : PlaintextLogin.ALLOWED;
        var defaults = Pop3Settings.defaults("pop.example.org",
                t.directive("no-stls").isPresent() ? Stls.NOT_OFFERED : Stls.OFFERED, plaintext);
        int maxBad = t.directive("max-bad").map(Integer::parseInt).orElse(defaults.maxBadCommands());
        return new Pop3Settings(defaults.hostname(), defaults.stls(), defaults.plaintextLogin(),
                defaults.commandTimeout(), 255, maxBad);
    }

    private static void inline(Pop3Fixture fixture, Transcript.Step.Directive d) throws IOException {
        if (d.name().equals("remove")) {
            fixture.removeUnderneath(Integer.parseInt(d.argument()));
        }
    }

    private static void checkAfterwards(Transcript t, Pop3Fixture fixture) throws IOException {
        for (Transcript.Step step : t.steps()) {
            if (!(step instanceof Transcript.Step.Directive d)) {
                continue;
            }
            String[] args = d.argument().split(" ");
            String where = t.name() + ":" + d.lineNumber();
            switch (d.name()) {
                case "expect-files" -> assertThat(fixture.files(args[0], args[1])).as(where).hasSize(Integer.parseInt(args[2]));
                case "expect-file" -> assertThat(fixture.files(args[0], args[1])).as(where)
                        .anySatisfy(f -> assertThat(f).matches(args[2].replace(".", "\\.").replace("*", ".*")));
                case "expect-logins" -> assertThat(fixture.logins).as(where).hasSize(Integer.parseInt(args[0]));
                default -> { }
            }
        }
    }
}
