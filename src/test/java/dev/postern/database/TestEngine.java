package dev.postern.database;

import dev.postern.config.Settings;
import java.nio.file.Path;

/**
 * The engines a contract test runs on: put {@code @ParameterizedClass @EnumSource(TestEngine.class)}
 * on the test class and open each test's store from {@link #fresh}. Every store's tests then pass
 * on the embedded database and on a real PostgreSQL alike.
 */
public enum TestEngine {
    SQLITE {
        @Override
        public Settings.Database fresh(Path dir) {
            return Settings.Database.sqlite(dir.resolve("postern.db").toAbsolutePath(), 4);
        }
    },
    POSTGRESQL {
        @Override
        public Settings.Database fresh(Path dir) {
            return new Settings.Database(TestPostgres.freshDatabase(), 4);
        }
    };

    /** The settings of a new, empty database ({@code dir} is the test's own folder, for SQLite). */
    public abstract Settings.Database fresh(Path dir);
}
