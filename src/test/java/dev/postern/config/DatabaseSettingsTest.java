package dev.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database.url} and {@code database.pool_size}: the embedded default, PostgreSQL, mistakes. */
class DatabaseSettingsTest {
    @TempDir
    Path dir;

    private Settings load(String... lines) throws Exception {
        Path file = Files.writeString(dir.resolve("postern.conf"), String.join("\n", lines) + "\n");
        return SettingsLoader.load(Optional.of(file));
    }

    @Test
    void theDefaultIsTheEmbeddedFileInTheDataDirectory() throws Exception {
        Settings s = load("data_dir = " + dir.resolve("data"));
        assertThat(s.database()).isEqualTo(new Settings.Database("jdbc:sqlite:" + dir.resolve("data/postern.db"), 8));
        assertThat(s.database().embeddedFile()).contains(dir.resolve("data/postern.db"));
    }

    @Test
    void aPostgresqlUrlIsKeptAsWrittenAndNeverPrinted() throws Exception {
        Settings s = load("database.url = jdbc:postgresql://db.internal:5432/postern?user=postern&password=hunter2",
                "database.pool_size = 20");
        assertThat(s.database().url()).isEqualTo("jdbc:postgresql://db.internal:5432/postern?user=postern&password=hunter2");
        assertThat(s.database().poolSize()).isEqualTo(20);
        assertThat(s.database().embeddedFile()).isEmpty();
        assertThat(s.database().toString()).doesNotContain("hunter2");
    }

    @Test
    void anotherEngineOrAZeroPoolIsAnErrorNamingTheKeyAndLine() {
        assertThatThrownBy(() -> load("database.url = jdbc:mysql://db/postern?password=hunter2"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("postern.conf:1: bad value for database.url")
                .hasMessageContaining("jdbc:postgresql://host:port/database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load("database.pool_size = 0"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("database.pool_size");
    }
}
