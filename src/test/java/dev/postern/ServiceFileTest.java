package dev.postern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.ExternalClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dist/postern.service} checked by systemd's own tools ({@code systemd-analyze}, Debian's
 * {@code systemd} package, which {@code .ci/run} installs). verify checks that ExecStart exists, so
 * the unit is verified with its {@code /opt/postern/} prefix moved into a temporary directory that
 * holds a stand-in launcher; every other line is verified as shipped.
 */
class ServiceFileTest {
    static final Path UNIT = Path.of("dist/postern.service");

    @TempDir
    Path dir;

    private Path installed(String unitText) throws Exception {
        Path launcher = dir.resolve("opt/postern/bin/postern");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = dir.resolve("units/postern.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, unitText.replace("/opt/postern/", dir.resolve("opt/postern") + "/"));
        return unit;
    }

    private static ExternalClient.Result analyze(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("systemd-analyze"));
        command.addAll(List.of(args));
        return ExternalClient.run(command, Duration.ofSeconds(60));
    }

    @Test
    void systemdAnalyzeVerifyFindsNothingToSay() throws Exception {
        var result = analyze("verify", installed(Files.readString(UNIT)).toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout() + result.stderr()).as(result.toString()).isBlank();
    }

    @Test
    void verifyWouldCatchAMistake() throws Exception {
        String broken = Files.readString(UNIT).replace("NoNewPrivileges=yes", "NoNewPrivileges=yes\nProtectSystem=sometimes");
        var result = analyze("verify", installed(broken).toString());
        assertThat(result.stderr()).contains("postern.service:", "sometimes");
    }

    @Test
    void runsUnprivilegedWithOnlyTheBindCapabilityAndAHardenedSandbox() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=postern\n", "AmbientCapabilities=CAP_NET_BIND_SERVICE\n",
                "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n", "NoNewPrivileges=yes\n", "ProtectSystem=strict\n",
                "StateDirectory=postern\n", "ExecStart=/opt/postern/bin/postern serve --config /etc/postern/postern.conf\n");
        assertThat(unit).doesNotContain("User=root");
        // systemd's own exposure score (0 = locked down, 10 = unprotected); "OK" is below 5.
        var result = analyze("security", "--offline=yes", installed(unit).toString());
        var score = Pattern.compile("Overall exposure level for postern.service: (\\d+\\.\\d+) (\\w+)")
                .matcher(result.stdout() + result.stderr());
        assertThat(score.find()).as(result.toString()).isTrue();
        assertThat(Double.parseDouble(score.group(1))).as(score.group()).isLessThan(3.0);
    }
}
