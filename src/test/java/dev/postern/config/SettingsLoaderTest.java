package dev.postern.config;

import dev.postern.net.Cidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("postern.conf");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private Settings load(String... lines) throws Exception {
        return SettingsLoader.load(Optional.of(file(lines)));
    }

    @Test
    void missingFileMeansDefaults() {
        Settings s = SettingsLoader.load(Optional.of(dir.resolve("absent.conf")));
        assertThat(s).isEqualTo(SettingsLoader.defaults());
        assertThat(s).isEqualTo(SettingsLoader.load(Optional.empty()));
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.listen().smtp()).containsExactly(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 25));
        assertThat(s.listen().submission()).extracting(InetSocketAddress::getPort).containsExactly(587);
        assertThat(s.listen().submissions()).extracting(InetSocketAddress::getPort).containsExactly(465);
        assertThat(s.tls()).isEqualTo(new Settings.Tls(Path.of("./data/tls/cert.pem"),
                Path.of("./data/tls/key.pem"), Settings.Tls.Origin.DEFAULT));
        assertThat(s.messageSizeLimit()).isEqualTo(52428800L);
        assertThat(s.relay().trustedNetworks()).isEmpty();
        assertThat(s.smtp()).isEqualTo(new Settings.Smtp(1000, 20, 100, 20,
                Duration.ofMinutes(5), Duration.ofMinutes(3), Duration.ofMinutes(30)));
        assertThat(s.queue()).isEqualTo(new Settings.Queue(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(5),
                Duration.ofHours(4), 100L * 1024 * 1024));
        assertThat(s.delivery()).isEqualTo(new Settings.Delivery("", "", "", "", List.of(), true));
        assertThat(s.listen().pop3()).extracting(InetSocketAddress::getPort).containsExactly(110);
        assertThat(s.listen().pop3s()).extracting(InetSocketAddress::getPort).containsExactly(995);
        assertThat(s.popBeforeSmtp().window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.log().level()).isEqualTo("info");
        assertThat(s.hostname()).isNotBlank();
        assertThat(s.database().embeddedFile()).contains(Path.of("./data/postern.db"));
    }

    @Test
    void readsCommentsBlankLinesAndTrimsWhitespace() throws Exception {
        Settings s = load(
                "# a comment",
                "",
                "   hostname   =   MX.Example.test   ",
                "\tdata_dir=/var/lib/postern",
                "  # indented comment",
                "smtp.listen = 127.0.0.1:25, 127.0.0.1:2525 ,[::1]:50, localhost:10025",
                "submission.listen =",
                "relay.trusted_networks = 127.0.0.0/8, 10.1.2.3, 2001:db8::/32",
                "message_size_limit = 10M",
                "smtp.command_timeout = 30s",
                "queue.max_lifetime = 2d",
                "log.level = DEBUG");
        assertThat(s.hostname()).isEqualTo("mx.example.test");
        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/postern"));
        assertThat(s.listen().smtp()).containsExactly(
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 25),
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 2525),
                new InetSocketAddress(InetAddress.ofLiteral("::1"), 50),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 10025));
        assertThat(s.listen().submission()).isEmpty();
        assertThat(s.relay().trustedNetworks()).extracting(Cidr::toString)
                .containsExactly("127.0.0.0/8", "10.1.2.3/32", "2001:db8:0:0:0:0:0:0/32");
        assertThat(s.messageSizeLimit()).isEqualTo(10L * 1024 * 1024);
        assertThat(s.smtp().commandTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.queue().maxLifetime()).isEqualTo(Duration.ofDays(2));
        assertThat(s.log().level()).isEqualTo("debug");
        assertThat(s.tls().cert()).isEqualTo(Path.of("/var/lib/postern/tls/cert.pem"));
    }

    @Test
    void authKeys() throws Exception {
        assertThat(SettingsLoader.defaults().auth()).isEqualTo(
                new Settings.Auth(true, false, true, java.util.List.of(), Settings.Auth.SenderCheck.STRICT));
        Settings s = load("auth.require_tls = false", "auth.allow_plaintext_loopback = yes",
                "auth.legacy_advertise = off", "auth.throttle_allowlist = 192.0.2.0/24, 2001:db8::1",
                "submission.sender_check = Domain");
        assertThat(s.auth().requireTls()).isFalse();
        assertThat(s.auth().allowPlaintextLoopback()).isTrue();
        assertThat(s.auth().legacyAdvertise()).isFalse();
        assertThat(s.auth().throttleAllowlist()).extracting(Object::toString)
                .containsExactly("192.0.2.0/24", "2001:db8:0:0:0:0:0:1/128");
        assertThat(s.auth().senderCheck()).isEqualTo(Settings.Auth.SenderCheck.DOMAIN);
    }

    @Test
    void valueMayContainEqualsSign() throws Exception {
        assertThat(load("data_dir = /srv/a=b").dataDir()).isEqualTo(Path.of("/srv/a=b"));
    }

    @Test
    void unknownKeyNamesKeyAndPlace() throws Exception {
        Path f = file("hostname = mx.example.test", "", "smtp.max_conections = 5");
        assertThatThrownBy(() -> SettingsLoader.load(Optional.of(f)))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("smtp.max_conections")
                .hasMessageContaining(f + ":3");
    }

    @Test
    void lineWithoutEqualsIsAnError() throws Exception {
        Path f = file("hostname mx.example.test");
        assertThatThrownBy(() -> SettingsLoader.load(Optional.of(f)))
                .isInstanceOf(SettingsException.class).hasMessageContaining(f + ":1").hasMessageContaining("key = value");
    }

    @Test
    void keySetTwiceIsAnError() throws Exception {
        Path f = file("log.level = info", "log.level = debug");
        assertThatThrownBy(() -> SettingsLoader.load(Optional.of(f)))
                .isInstanceOf(SettingsException.class).hasMessageContaining(f + ":2").hasMessageContaining(f + ":1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "smtp.command_timeout = 5x|unknown unit",
        "smtp.command_timeout = m|duration",
        "smtp.data_timeout = 0s|positive",
        "queue.retry_max = -1h|duration",
        "message_size_limit = 50T|size",
        "message_size_limit = 0|positive",
        "message_size_limit = 99999999999G|too large",
        "smtp.max_connections = lots|whole number",
        "smtp.max_recipients = 0|between",
        "smtp.listen = mail.example.test:25|not a literal IP",
        "smtp.listen = 127.0.0.1|host:port",
        "smtp.listen = 127.0.0.1:70000|out of range",
        "smtp.listen = 127.0.0.1:25,,127.0.0.1:26|empty item",
        "relay.trusted_networks = 10.0.0.0/33|prefix length",
        "relay.trusted_networks = example.test/24|not an IP",
        "log.level = loud|not one of",
        "hostname = bad host|not a host name",
        "tls.cert = /etc/cert.pem|set together",
        "auth.require_tls = maybe|not true or false",
        "auth.throttle_allowlist = 10.0.0.0/33|prefix length",
        "submission.sender_check = loose|not one of strict, domain, off"
    })
    void badValuesNameTheKeyAndWhy(String line, String why) throws Exception {
        String key = line.substring(0, line.indexOf(' ')).replace("tls.cert", "tls.key");
        Path f = file(line);
        assertThatThrownBy(() -> SettingsLoader.load(Optional.of(f)))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(why);
    }

    @Test
    void configuredTlsPaths() throws Exception {
        Settings s = load("tls.cert = /etc/ssl/mail.pem", "tls.key = /etc/ssl/mail.key");
        assertThat(s.tls()).isEqualTo(new Settings.Tls(Path.of("/etc/ssl/mail.pem"), Path.of("/etc/ssl/mail.key"),
                Settings.Tls.Origin.CONFIGURED));
    }

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "5m,PT5M", "1h,PT1H", "5d,PT120H", "90,PT1M30S"})
    void durations(String text, String iso) {
        assertThat(Values.duration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({"52428800,52428800", "50M,52428800", "10k,10240", "10K,10240", "1G,1073741824"})
    void sizes(String text, long bytes) {
        assertThat(Values.size(text)).isEqualTo(bytes);
    }

    @Test
    void effectiveValuesMarkDefaults() throws Exception {
        Path f = file("log.level = warn");
        var effective = SettingsLoader.effective(Optional.of(f));
        assertThat(effective).hasSize(Key.values().length);
        var level = effective.stream().filter(e -> e.key() == Key.LOG_LEVEL).findFirst().orElseThrow();
        assertThat(level.value()).isEqualTo("warn");
        assertThat(level.setAt()).contains(f + ":1");
        var limit = effective.stream().filter(e -> e.key() == Key.MESSAGE_SIZE_LIMIT).findFirst().orElseThrow();
        assertThat(limit.value()).isEqualTo("52428800");
        assertThat(limit.setAt()).isEmpty();
    }

    @Test
    void cidrContains() {
        Cidr net = Cidr.parse("192.0.2.0/25");
        assertThat(net.contains(InetAddress.ofLiteral("192.0.2.127"))).isTrue();
        assertThat(net.contains(InetAddress.ofLiteral("192.0.2.128"))).isFalse();
        assertThat(net.contains(InetAddress.ofLiteral("::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.ofLiteral("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.ofLiteral("2001:db8:1::1"))).isTrue();
    }
}
