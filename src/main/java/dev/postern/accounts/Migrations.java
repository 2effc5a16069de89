package dev.postern.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema: {@code schema_version} holds one row per applied script; scripts live beside
 * this class as {@code V<n>__<what>.sql} and run in order, each in its own transaction. Append
 * new scripts to {@link #SCRIPTS}; never edit one that has shipped.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final List<String> SCRIPTS = List.of("V1__accounts.sql", "V2__pop_before_smtp_grants.sql",
            "V3__auth_throttle.sql",
            "V6__dkim_keys.sql");

    private Migrations() {
    }

    /** Brings the schema up to date; safe when another process migrates at the same time. */
    static void migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, applied BIGINT NOT NULL)");
            for (int i = 0; i < SCRIPTS.size(); i++) {
                int version = i + 1;
                if (current(c) < version) {
                    apply(c, version, SCRIPTS.get(i));
                }
            }
        }
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void apply(Connection c, int version, String script) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // Claim the version first: a concurrent migrator fails here, before any DDL.
            Queries.update(c, "INSERT INTO schema_version (version, script, applied) VALUES (?, ?, ?)",
                    version, script, System.currentTimeMillis());
            for (String statement : statements(script)) {
                s.execute(statement);
            }
            c.commit();
            LOG.info("applied schema migration {}", script);
        } catch (SQLException e) {
            c.rollback();
            if (current(c) < version) {
                throw e;
            }
            // Another process applied it meanwhile.
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static List<String> statements(String script) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new SQLException("migration script missing from the build: " + script);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder sql = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return java.util.Arrays.stream(sql.toString().split(";"))
                    .map(String::strip).filter(x -> !x.isEmpty()).toList();
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + script, e);
        }
    }
}
