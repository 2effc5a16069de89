package dev.postern.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database.Commit: the CLI's SQLite commits are fsynced (FULL), the server's bookkeeping ones are NORMAL. */
class DatabaseCommitTest {

    @TempDir
    Path dir;

    private static int synchronous(Database database) throws SQLException {
        try (var c = database.dataSource().getConnection(); var s = c.createStatement();
             var r = s.executeQuery("PRAGMA synchronous")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void durableIsFullAndBookkeepingIsNormalOnTheSameFile() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("postern.db");
        try (var cli = Database.open(url, 1); var server = Database.open(url, 1, Database.Commit.BOOKKEEPING)) {
            assertThat(synchronous(cli)).as("FULL").isEqualTo(2);
            assertThat(synchronous(server)).as("NORMAL").isEqualTo(1);
            try (var c = server.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INTEGER)");
                s.execute("INSERT INTO t VALUES (1)");
            }
            try (var c = cli.dataSource().getConnection(); var s = c.createStatement();
                 var r = s.executeQuery("SELECT x FROM t")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }
}
