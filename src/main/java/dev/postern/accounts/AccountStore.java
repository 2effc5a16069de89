package dev.postern.accounts;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.postern.intake.Directory;
import dev.postern.smtp.MailAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Domains, users and aliases in the embedded SQLite database, shared by the running server and
 * the CLI. Every call reads the database, so a change made by one process is seen by the other
 * at once. Admin errors raise {@link AccountException}; database failures raise
 * {@link IllegalStateException} carrying the {@link SQLException}.
 */
public final class AccountStore implements Directory, AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final HikariDataSource pool;

    private AccountStore(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens (creating if needed, and migrating) the database file, e.g. {@code <data_dir>/postern.db}. */
    public static AccountStore open(Path databaseFile) {
        try {
            Path parent = databaseFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + databaseFile.getParent() + ": " + e.getMessage(), e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL); // readers never block the one writer
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // a commit is on disk
        sqlite.setBusyTimeout(BUSY_TIMEOUT_MS); // CLI and server wait for each other's writes
        sqlite.enforceForeignKeys(true);
        // Writers take the lock at BEGIN, so a read-then-write transaction waits (busy_timeout)
        // instead of failing with SQLITE_BUSY when the other process wrote in between.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl("jdbc:sqlite:" + databaseFile.toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("accounts");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Migrations.migrate(pool);
        } catch (SQLException e) {
            pool.close();
            throw new IllegalStateException("cannot migrate " + databaseFile + ": " + e.getMessage(), e);
        }
        return new AccountStore(pool);
    }

    // ---- Directory: what intake asks ----

    @Override
    public boolean hosts(String domain) {
        String d = domain.toLowerCase(java.util.Locale.ROOT);
        return read(c -> Queries.exists(c, "SELECT 1 FROM domains WHERE name = ?", d));
    }

    @Override
    public Resolution resolve(MailAddress address) {
        String canonical = address.canonical();
        return read(c -> {
            if (!Queries.exists(c, "SELECT 1 FROM domains WHERE name = ?", address.domain())) {
                return new Resolution.NotHosted();
            }
            List<MailAddress> targets = new Expansion(c).expand(canonical);
            return targets.isEmpty() ? new Resolution.Unknown() : new Resolution.Deliver(targets);
        });
    }

    /** The stored {@code {SCHEME}…} hash of a mailbox, for authentication. */
    public Optional<String> passwordHash(String address) {
        String canonical;
        try {
            canonical = MailAddress.parse(address.strip()).canonical();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a login name that is no address has no account
        }
        return read(c -> Queries.list(c, "SELECT password_hash FROM users WHERE address = ?",
                r -> r.getString(1), canonical).stream().findFirst());
    }

    // ---- domains ----

    public void addDomain(String name) {
        String domain = Names.domain(name);
        write(c -> {
            if (domainExists(c, domain)) {
                throw new AccountException("domain " + domain + " already exists");
            }
            Queries.update(c, "INSERT INTO domains (name, created) VALUES (?, ?)", domain, now());
        });
    }

    public List<String> listDomains() {
        return read(c -> Queries.list(c, "SELECT name FROM domains ORDER BY name", r -> r.getString(1)));
    }

    public void removeDomain(String name, DomainRemoval removal) {
        String domain = Names.domain(name);
        write(c -> {
            requireDomain(c, domain);
            boolean used = Queries.exists(c, "SELECT 1 FROM users WHERE domain = ?", domain)
                    || Queries.exists(c, "SELECT 1 FROM aliases WHERE domain = ?", domain);
            if (used && removal == DomainRemoval.ONLY_IF_EMPTY) {
                throw new AccountException("domain " + domain
                        + " still has users or aliases: remove them first, or use --force");
            }
            Queries.update(c, "DELETE FROM aliases WHERE domain = ?", domain);
            Queries.update(c, "DELETE FROM users WHERE domain = ?", domain);
            Queries.update(c, "DELETE FROM domains WHERE name = ?", domain);
        });
    }

    // ---- users ----

    /** Adds a mailbox; its domain must exist. {@code passwordHash} is in {@code {SCHEME}} form. */
    public void addUser(String address, String passwordHash) {
        MailAddress a = Names.address(address);
        if (a.localPart().indexOf('/') >= 0) {
            // RFC 5321 atext allows '/', but the Maildir layout names a directory after the local
            // part and refuses it: such an account could never receive mail (PathSafetyTest).
            throw new AccountException("'" + address + "': a mailbox name cannot contain '/'");
        }
        write(c -> {
            requireDomain(c, a.domain());
            if (Queries.exists(c, "SELECT 1 FROM users WHERE address = ?", a.canonical())) {
                throw new AccountException("user " + a.canonical() + " already exists");
            }
            if (Queries.exists(c, "SELECT 1 FROM aliases WHERE source = ?", a.canonical())) {
                throw new AccountException(a.canonical() + " is an alias: remove the alias first");
            }
            Queries.update(c, "INSERT INTO users (address, domain, password_hash, created) VALUES (?, ?, ?, ?)",
                    a.canonical(), a.domain(), passwordHash, now());
        });
    }

    public List<User> listUsers() {
        return read(c -> Queries.list(c, "SELECT address, domain, created FROM users ORDER BY domain, address",
                r -> new User(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)))));
    }

    public void removeUser(String address) {
        String canonical = Names.address(address).canonical();
        write(c -> {
            if (Queries.update(c, "DELETE FROM users WHERE address = ?", canonical) == 0) {
                throw new AccountException("no user " + canonical);
            }
        });
    }

    public void setPasswordHash(String address, String passwordHash) {
        String canonical = Names.address(address).canonical();
        write(c -> {
            if (Queries.update(c, "UPDATE users SET password_hash = ? WHERE address = ?", passwordHash, canonical) == 0) {
                throw new AccountException("no user " + canonical);
            }
        });
    }

    // ---- aliases ----

    /**
     * Adds targets to an alias (creating it). The source's domain must be hosted and the source
     * must not be a mailbox; targets may be anywhere.
     */
    public void addAlias(String source, List<String> targets) {
        String s = Names.source(source);
        List<String> canonicalTargets = targets.stream().map(t -> Names.address(t).canonical()).distinct().toList();
        if (canonicalTargets.isEmpty()) {
            throw new AccountException("an alias needs at least one target");
        }
        write(c -> {
            requireDomain(c, Names.domainOf(s));
            if (Queries.exists(c, "SELECT 1 FROM users WHERE address = ?", s)) {
                throw new AccountException(s + " is a mailbox: an alias of the same name would never be used");
            }
            for (String target : canonicalTargets) {
                if (!Queries.exists(c, "SELECT 1 FROM aliases WHERE source = ? AND target = ?", s, target)) {
                    Queries.update(c, "INSERT INTO aliases (source, target, domain, created) VALUES (?, ?, ?, ?)",
                            s, target, Names.domainOf(s), now());
                }
            }
        });
    }

    public List<Alias> listAliases() {
        record Pair(String source, String target) {}
        List<Pair> rows = read(c -> Queries.list(c,
                "SELECT source, target FROM aliases ORDER BY domain, source, created, target",
                r -> new Pair(r.getString(1), r.getString(2))));
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (Pair p : rows) {
            bySource.computeIfAbsent(p.source(), k -> new java.util.ArrayList<>()).add(p.target());
        }
        return bySource.entrySet().stream().map(e -> new Alias(e.getKey(), e.getValue())).toList();
    }

    /**
     * The aliases that deliver to {@code account} (canonical sources, catch-alls excluded): the
     * other addresses it may send as ({@code submission.sender_check}).
     */
    public List<String> aliasesOf(String account) {
        String target = Names.address(account).canonical();
        return read(c -> Queries.list(c,
                "SELECT source FROM aliases WHERE target = ? AND source NOT LIKE '@%' ORDER BY source",
                r -> r.getString(1), target));
    }

    public void removeAlias(String source) {
        String s = Names.source(source);
        write(c -> {
            if (Queries.update(c, "DELETE FROM aliases WHERE source = ?", s) == 0) {
                throw new AccountException("no alias " + s);
            }
        });
    }

    /**
     * The pooled connections to this database, for the tables other packages keep in it (the
     * login throttle, POP-before-SMTP grants); valid until {@link #close()}.
     */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- plumbing ----

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Change {
        void run(Connection c) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("account database: " + e.getMessage(), e);
        }
    }

    /** One transaction; an AccountException rolls it back and reaches the caller unchanged. */
    private void write(Change change) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                change.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("account database: " + e.getMessage(), e);
        }
    }

    private static boolean domainExists(Connection c, String domain) throws SQLException {
        return Queries.exists(c, "SELECT 1 FROM domains WHERE name = ?", domain);
    }

    private static void requireDomain(Connection c, String domain) throws SQLException {
        if (!domainExists(c, domain)) {
            throw new AccountException("domain " + domain + " is not hosted here (postern domain add " + domain + ")");
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
