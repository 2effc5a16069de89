package dev.postern.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.config.Settings;
import dev.postern.net.SelfSigned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry, names and unreadable files, with certificates made here and a clock moved by the test. */
class CertificateCheckTest {
    @TempDir
    Path dir;

    private Settings.Tls write(SelfSigned pair) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", pair.certificate().getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", pair.key().getEncoded()));
        return new Settings.Tls(cert, key, Settings.Tls.Origin.CONFIGURED);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<Finding.Severity> severities(List<Finding> findings) {
        return findings.stream().map(Finding::severity).toList();
    }

    @Test
    void aCertificateAboutToExpireWarnsAndAnExpiredOneIsAnError() throws Exception {
        // SelfSigned certificates are valid for one day: already inside the renewal window.
        var tls = write(SelfSigned.generate("mx.example.test"));
        var now = CertificateCheck.check(tls, "mx.example.test", List.of(), Clock.systemUTC());
        assertThat(now).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.text()).startsWith("expires in 0 days");
        });
        assertThat(severities(now)).doesNotContain(Finding.Severity.ERROR);
        var later = CertificateCheck.check(tls, "mx.example.test", List.of(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
        assertThat(later).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.text()).startsWith("expired at");
        });
        var earlier = CertificateCheck.check(tls, "mx.example.test", List.of(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
        assertThat(earlier).anySatisfy(f -> assertThat(f.text()).startsWith("not valid before"));
    }

    @Test
    void namesComeFromTheCommonNameWhenThereIsNoSubjectAltName() throws Exception {
        var tls = write(SelfSigned.generate("mx.example.test"));
        var findings = CertificateCheck.check(tls, "other.example.test", List.of("autoconfig.example.test"),
                Clock.systemUTC());
        assertThat(findings).anySatisfy(f -> assertThat(f.text()).contains("does not name hostname other.example.test"))
                .anySatisfy(f -> assertThat(f.text()).contains("does not name autoconfig.example.test"));
    }

    @Test
    void wildcardsCoverOneLabelOnly() {
        var names = List.of("*.example.test", "mx.example.test");
        assertThat(CertificateCheck.covers(names, "autoconfig.example.test")).isTrue();
        assertThat(CertificateCheck.covers(names, "MX.example.test")).isTrue();
        assertThat(CertificateCheck.covers(names, "a.b.example.test")).isFalse();
        assertThat(CertificateCheck.covers(names, "example.test")).isFalse();
    }

    @Test
    void unreadableFilesAreOneErrorNamingThem() {
        var tls = new Settings.Tls(dir.resolve("none.pem"), dir.resolve("nokey.pem"), Settings.Tls.Origin.CONFIGURED);
        var findings = CertificateCheck.check(tls, "mx.example.test", List.of(), Clock.systemUTC());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.text()).contains("none.pem");
        });
    }
}
