package dev.postern.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.postern.net.Peer;
import dev.postern.testing.ScriptedConnection;
import dev.postern.testing.Transcript;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code transcripts/smtp/*.txt} against a session with {@link RecordingInbound}, then
 * checks the stored messages ({@code M:} lines) and envelopes ({@code E:} lines): none stored when
 * the transcript lists none.
 */
class TranscriptTest {

    static final Peer PEER = new Peer(InetAddress.getLoopbackAddress(), 40123, 25, "smtp");

    @TestFactory
    Stream<DynamicTest> transcripts() throws Exception {
        Path directory = resource("/transcripts/smtp");
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> dynamicTest(file.getFileName().toString(), file.toUri(), () -> play(file)));
    }

    static Result play(Path file) throws Exception {
        var transcript = Transcript.parse("smtp/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
        SessionSettings settings = settings(transcript.settings());
        var connection = new ScriptedConnection(transcript, PEER,
                settings.implicitTls() ? Optional.of(ScriptedConnection.FAKE_TLS) : Optional.empty());
        var inbound = new RecordingInbound();
        new SmtpSession(connection, inbound, settings).run();
        connection.verify();
        String name = transcript.name();
        assertThat(inbound.misuse).as("%s: sink misuse", name).isEmpty();
        assertThat(inbound.ended).as("%s: every opened sink ended", name).isEqualTo(inbound.opened);
        var expected = transcript.messages();
        assertThat(inbound.stored).as("%s: number of stored messages", name).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(new String(inbound.stored.get(i).content(), StandardCharsets.ISO_8859_1))
                    .as("%s line %d: stored message", name, expected.get(i).line())
                    .isEqualTo(new String(expected.get(i).bytes(), StandardCharsets.ISO_8859_1));
        }
        var envelopes = transcript.envelopes();
        if (!envelopes.isEmpty()) {
            assertThat(inbound.stored).as("%s: envelopes", name).hasSize(envelopes.size());
            for (int i = 0; i < envelopes.size(); i++) {
                String actual = RecordingInbound.render(inbound.stored.get(i).envelope());
                assertThat(envelopes.get(i).matches(actual))
                        .as("%s line %d: expected envelope \"%s\" but got \"%s\"", name, envelopes.get(i).line(),
                                envelopes.get(i).pattern(), actual)
                        .isTrue();
            }
        }
        return new Result(connection, inbound);
    }

    record Result(ScriptedConnection connection, RecordingInbound inbound) {}

    static SessionSettings settings(Map<String, String> overrides) {
        SessionSettings settings = SessionSettings.defaults("mx.example.test");
        for (var entry : overrides.entrySet()) {
            String value = entry.getValue();
            settings = switch (entry.getKey()) {
                case "startTlsAvailable" -> settings.withStartTlsAvailable(Boolean.parseBoolean(value));
                case "implicitTls" -> settings.withImplicitTls(Boolean.parseBoolean(value));
                case "messageSizeLimit" -> settings.withMessageSizeLimit(Long.parseLong(value));
                case "maxRecipients" -> settings.withMaxRecipients(Integer.parseInt(value));
                case "maxBadCommands" -> settings.withMaxBadCommands(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown transcript setting " + entry.getKey());
            };
        }
        return settings;
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(TranscriptTest.class.getResource(name), name).toURI());
    }
}
