package dev.postern.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.config.Settings;
import dev.postern.database.TestEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The same scripts on both engines; nodes starting together migrate once and all start. */
@ParameterizedClass
@EnumSource(TestEngine.class)
class MigrationsTest {
    @Parameter
    TestEngine engine;
    @TempDir
    Path dir;

    @Test
    void nodesStartingTogetherMigrateOnceAndAllStart() throws Exception {
        Settings.Database database = engine.fresh(dir);
        List<Future<Integer>> started = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                Callable<Integer> node = () -> {
                    try (AccountStore store = AccountStore.open(database)) {
                        return store.listDomains().size();
                    }
                };
                started.add(pool.submit(node));
            }
        }
        for (Future<Integer> node : started) {
            assertThat(node.get()).isZero();
        }
        try (AccountStore store = AccountStore.open(database);
             Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(Migrations.SCRIPTS.size());
            assertThat(r.getInt(2)).isEqualTo(Migrations.SCRIPTS.size());
            assertThat(Migrations.engineOf(c).name()).isEqualTo(engine.name());
        }
    }

    @Test
    void everyScriptIsReadForThisEngine() throws Exception {
        var target = dev.postern.database.Engine.valueOf(engine.name());
        for (String script : Migrations.SCRIPTS) {
            assertThat(Migrations.statements(script, target)).as(script).isNotEmpty()
                    .allSatisfy(sql -> assertThat(sql).doesNotContain("--"));
        }
    }
}
