package dev.postern.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.config.SettingsLoader;
import dev.postern.http.ClientEndpoints.Endpoint;
import dev.postern.http.ClientEndpoints.Security;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which ports clients are told about, from the listener keys; and which addresses are asked about. */
class ClientEndpointsTest {
    @TempDir
    Path dir;

    private ClientEndpoints endpoints(String config, Map<String, List<Integer>> bound) throws Exception {
        Path file = dir.resolve("postern.conf");
        Files.writeString(file, "hostname = mx.example.test\n" + config);
        return ClientEndpoints.of(SettingsLoader.load(Optional.of(file)), name -> bound.getOrDefault(name, List.of()));
    }

    @Test
    void implicitTlsFirstAndPort25NeverAdvertised() throws Exception {
        var e = endpoints("smtp.listen = 0.0.0.0:25, 0.0.0.0:2525, [::]:2525, 0.0.0.0:50\n", Map.of());
        assertThat(e.hostname()).isEqualTo("mx.example.test");
        assertThat(e.pop3()).containsExactly(new Endpoint("pop3s", 995, Security.IMPLICIT_TLS),
                new Endpoint("pop3", 110, Security.STARTTLS));
        assertThat(e.smtp()).containsExactly(new Endpoint("submissions", 465, Security.IMPLICIT_TLS),
                new Endpoint("submission", 587, Security.STARTTLS), new Endpoint("smtp", 2525, Security.STARTTLS),
                new Endpoint("smtp", 50, Security.STARTTLS));
    }

    @Test
    void aConfiguredPortZeroIsReplacedByTheBoundOneAndAnOffListenerIsLeftOut() throws Exception {
        var e = endpoints("""
                pop3.listen =
                pop3s.listen = 127.0.0.1:0
                submissions.listen =
                submission.listen = 127.0.0.1:0, 127.0.0.2:1587
                smtp.listen = 127.0.0.1:25
                """, Map.of("pop3s", List.of(40995), "submission", List.of(40587, 1587)));
        assertThat(e.pop3()).containsExactly(new Endpoint("pop3s", 40995, Security.IMPLICIT_TLS));
        assertThat(e.smtp()).containsExactly(new Endpoint("submission", 40587, Security.STARTTLS),
                new Endpoint("submission", 1587, Security.STARTTLS));
    }

    @Test
    void requestedAddressesAreCheckedBeforeUse() {
        assertThat(RequestedAddress.parse("Alice@Example.TEST")).hasValueSatisfying(a -> {
            assertThat(a.domain()).isEqualTo("example.test");
            assertThat(a.localPart()).isEqualTo("Alice");
        });
        assertThat(RequestedAddress.parse("o'brien&co@example.test")).isPresent();
        for (String bad : new String[] {"", "alice", "@example.test", "alice@", "al ice@example.test",
            "alice@exa_mple.test", "alice@-example.test", "<alice@example.test>", "alice@example.test\r\nX: y",
            "a".repeat(250) + "@example.test", "alice@example..test"}) {
            assertThat(RequestedAddress.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void xmlEscapingCoversMarkupAndDropsWhatXmlCannotCarry() {
        assertThat(Xml.escape("a<b>&\"c'\u0001d")).isEqualTo("a&lt;b&gt;&amp;&quot;c&apos;d");
        assertThat(Xml.escape("é☃\uD83D\uDCE7")).isEqualTo("é☃\uD83D\uDCE7");
    }
}
