package dev.postern.accounts;

import dev.postern.database.Engine;
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
 * this class as {@code V<n>__<what>.sql} and run in order, each in its own transaction, on SQLite
 * and PostgreSQL alike (an engine-specific override may sit beside a script). Append
 * new scripts to {@link #SCRIPTS}; never edit one that has shipped.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    /** The PostgreSQL advisory-lock key that serialises migrators ("postern" in ASCII). */
    private static final long LOCK_KEY = 0x706f737465726eL;
    static final List<String> SCRIPTS = List.of("V1__accounts.sql", "V2__pop_before_smtp_grants.sql",
            "V3__auth_throttle.sql", "V4__sending_limits.sql", "V5__events.sql", "V6__dkim_keys.sql");

    private Migrations() {
    }

    /**
     * Brings the schema up to date; safe when another process migrates at the same time. On
     * PostgreSQL concurrent migrators (nodes starting together) queue on an advisory lock, since
     * even {@code CREATE TABLE IF NOT EXISTS} can fail there when two sessions race.
     */
    static void migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            Engine engine = engineOf(c);
            if (engine == Engine.POSTGRESQL) {
                s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
            try {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, applied BIGINT NOT NULL)");
                for (String script : SCRIPTS) {
                    // The version is the script's own number, and a script runs when its number is
                    // missing rather than above the highest: branches that take numbers out of order
                    // still merge.
                    int version = version(script);
                    if (!applied(c, version)) {
                        apply(c, version, script, engine);
                    }
                }
            } finally {
                if (engine == Engine.POSTGRESQL) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        }
    }

    static Engine engineOf(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return product.equalsIgnoreCase("PostgreSQL") ? Engine.POSTGRESQL : Engine.SQLITE;
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static boolean applied(Connection c, int version) throws SQLException {
        try (var s = c.prepareStatement("SELECT COUNT(*) FROM schema_version WHERE version = ?")) {
            s.setInt(1, version);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1) > 0;
            }
        }
    }

    private static void apply(Connection c, int version, String script, Engine engine) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // Claim the version first: a concurrent migrator fails here, before any DDL.
            Queries.update(c, "INSERT INTO schema_version (version, script, applied) VALUES (?, ?, ?)",
                    version, script, System.currentTimeMillis());
            for (String statement : statements(script, engine)) {
                s.execute(statement);
            }
            c.commit();
            LOG.info("applied schema migration {}", script);
        } catch (SQLException e) {
            c.rollback();
            if (!applied(c, version)) {
                throw e;
            }
            // Another process applied it meanwhile.
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * The statements of a script: {@code V<n>__<what>.sql}, or {@code V<n>__<what>.<engine>.sql}
     * beside it when one engine needs other SQL for the same schema (none does for V1–V3).
     */
    static List<String> statements(String script, Engine engine) throws SQLException {
        String override = script.replaceFirst("\\.sql$", "." + engine.fileSuffix() + ".sql");
        InputStream found = Migrations.class.getResourceAsStream(override);
        try (InputStream in = found != null ? found : Migrations.class.getResourceAsStream(script)) {
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
