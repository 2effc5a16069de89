package dev.postern.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIG.md carries the table generated from {@link Key}: a new or changed key updates it. */
class ConfigDocTest {

    @Test
    void configDocListsEveryKeyAsGenerated() throws Exception {
        String doc = Files.readString(Path.of("docs/CONFIG.md"));
        assertThat(doc)
                .as("docs/CONFIG.md is out of date: paste Key.markdownTable() under '## Keys'")
                .contains(Key.markdownTable());
        for (Key key : Key.values()) {
            assertThat(doc).contains("| `" + key.key() + "` |");
        }
    }

    @Test
    void keyNamesAreUniqueAndFindable() {
        for (Key key : Key.values()) {
            assertThat(Key.named(key.key())).contains(key);
        }
        assertThat(Key.named("no.such.key")).isEmpty();
    }
}
