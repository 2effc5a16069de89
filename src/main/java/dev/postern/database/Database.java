package dev.postern.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One database, whichever the engine: the pooled connections every store borrows from, and, on
 * PostgreSQL, dedicated connections for session-level advisory locks. Opening does not migrate
 * (the accounts package owns the schema); closing closes the pool.
 */
public final class Database implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** A request waits this long for a pooled connection, then fails (and the client gets a 4xx). */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** A PostgreSQL statement without an answer for this long fails (the client gets a 4xx). */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private final Engine engine;
    private final String url;
    private final HikariDataSource pool;

    private Database(Engine engine, String url, HikariDataSource pool) {
        this.engine = engine;
        this.url = url;
        this.pool = pool;
    }

    /**
     * When an SQLite commit returns (PostgreSQL decides this on its own, {@code synchronous_commit}).
     * The server's own writes are bookkeeping: POP-before-SMTP grants, AUTH throttle and sending-limit
     * counters, explain events. What an admin writes from the CLI (domains, users, passwords, limits)
     * is not. WAL mode keeps the file consistent either way (sqlite.org/pragma.html#pragma_synchronous).
     */
    public enum Commit {
        /** {@code synchronous=FULL}: on disk when the commit returns (the CLI, and the default). */
        DURABLE,
        /**
         * {@code synchronous=NORMAL}: safe from a crash of the process at once; a power cut may undo
         * the last commits until the next checkpoint or the next durable commit (which carries them too).
         * The server's pool: two WAL fsyncs per relayed message (its sending-limit counters) were a
         * third of its fsyncs (docs/PERFORMANCE.md).
         */
        BOOKKEEPING
    }

    /** Opens a pool of at most {@code poolSize} connections to {@code url} (an SQLite file is created). */
    public static Database open(String url, int poolSize) {
        return open(url, poolSize, Commit.DURABLE);
    }

    /** As above, committing as {@code commit} says. */
    public static Database open(String url, int poolSize, Commit commit) {
        Engine engine = Engine.of(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("database");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        switch (engine) {
            case SQLITE -> config.setDataSource(sqlite(Path.of(url.substring(engine.prefix().length())), commit));
            case POSTGRESQL -> {
                config.setJdbcUrl(url);
                config.setDriverClassName("org.postgresql.Driver");
                // A server that stops answering (partition, frozen host) fails a statement after
                // this long instead of holding the session forever; the URL may set its own.
                config.addDataSourceProperty("socketTimeout", String.valueOf(STATEMENT_TIMEOUT.toSeconds()));
                config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
                config.addDataSourceProperty("tcpKeepAlive", "true");
                // Start even while PostgreSQL is down: requests fail with 4xx until it returns.
                config.setInitializationFailTimeout(-1);
                config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
            }
        }
        return new Database(engine, url, new HikariDataSource(config));
    }

    private static DataSource sqlite(Path file, Commit commit) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + file.toAbsolutePath().getParent() + ": "
                    + e.getMessage(), e);
        }
        SqliteLibrary.useFrom(file.toAbsolutePath().getParent().resolve("lib"));
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL); // readers never block the one writer
        sqlite.setSynchronous(switch (commit) {
            case DURABLE -> SQLiteConfig.SynchronousMode.FULL; // a commit is on disk
            case BOOKKEEPING -> SQLiteConfig.SynchronousMode.NORMAL;
        });
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MS); // CLI and server wait for each other's writes
        sqlite.enforceForeignKeys(true);
        // Writers take the lock at BEGIN, so a read-then-write transaction waits (busy_timeout)
        // instead of failing with SQLITE_BUSY when the other process wrote in between.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    public Engine engine() {
        return engine;
    }

    /** The pooled connections, valid until {@link #close()}. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * A connection of its own, outside the pool, for state tied to a database session (advisory
     * locks): closing it, or the death of this process, ends the session and frees that state.
     */
    Connection dedicated() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: dedicated connections are for advisory locks");
        }
        return c;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        // The URL may carry a password: never print it.
        return engine == Engine.SQLITE ? url : "PostgreSQL database (database.url)";
    }
}
