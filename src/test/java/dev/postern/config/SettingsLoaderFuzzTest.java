package dev.postern.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fuzz target (issue 7, docs/SECURITY.md): the config loader. Any file content gives settings or
 * a {@link SettingsException} naming the problem, never another exception. Regression inputs:
 * {@code SettingsLoaderFuzzTestInputs/}.
 */
class SettingsLoaderFuzzTest {

    private static final Path FILE = file();

    @FuzzTest(maxDuration = "10m")
    void anyFileLoadsOrIsRefusedWithAMessage(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            var settings = SettingsLoader.load(Optional.of(FILE));
            assertThat(settings.hostname()).isNotBlank();
        } catch (SettingsException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static Path file() {
        try {
            Path file = Files.createTempFile("postern-fuzz", ".conf");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
