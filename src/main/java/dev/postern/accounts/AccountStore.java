package dev.postern.accounts;

import dev.postern.config.Settings;
import dev.postern.database.Database;
import dev.postern.intake.Directory;
import dev.postern.smtp.MailAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Domains, users and aliases in the database of {@code database.url} (embedded SQLite by default,
 * or PostgreSQL shared by several nodes), shared by the running server and the CLI. Every call
 * reads the database (no cache), so a change made by one process or node is seen by the others at
 * once. Admin errors raise {@link AccountException}; database failures raise
 * {@link IllegalStateException} carrying the {@link SQLException}.
 */
public final class AccountStore implements Directory, AutoCloseable {
    private static final int EMBEDDED_POOL_SIZE = 4;

    private final Database database;
    private final DataSource pool;

    private AccountStore(Database database) {
        this.database = database;
        this.pool = database.dataSource();
    }

    /** Opens (creating if needed, and migrating) the embedded database file, e.g. {@code <data_dir>/postern.db}. */
    public static AccountStore open(Path databaseFile) {
        return open(Settings.Database.sqlite(databaseFile.toAbsolutePath(), EMBEDDED_POOL_SIZE));
    }

    /** Opens and migrates the database of {@code database.url}: SQLite or PostgreSQL. */
    public static AccountStore open(Settings.Database settings) {
        return open(settings, Database.Commit.DURABLE);
    }

    /** As above; the server passes {@link Database.Commit#BOOKKEEPING} (its own writes are counters and grants). */
    public static AccountStore open(Settings.Database settings, Database.Commit commit) {
        Database database = Database.open(settings.url(), settings.poolSize(), commit);
        try {
            Migrations.migrate(database.dataSource());
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new IllegalStateException("cannot migrate " + settings + ": " + e.getMessage(), e);
        }
        return new AccountStore(database);
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
            // One statement answers the common case (a hosted domain's mailbox): each statement
            // is a read transaction of its own, with its file locks and checks (docs/PERFORMANCE.md).
            Found found = Queries.list(c, RESOLVE, r -> new Found(r.getBoolean(1), r.getBoolean(2)),
                    address.domain(), canonical).getFirst();
            if (!found.hosted()) {
                return new Resolution.NotHosted();
            }
            if (found.mailbox()) {
                return new Resolution.Deliver(List.of(MailAddress.parse(canonical)));
            }
            List<MailAddress> targets = new Expansion(c).expand(canonical);
            return targets.isEmpty() ? new Resolution.Unknown() : new Resolution.Deliver(targets);
        });
    }

    /** Whether an address's domain is hosted, and whether the address is a mailbox there. */
    private static final String RESOLVE = "SELECT EXISTS (SELECT 1 FROM domains WHERE name = ?),"
            + " EXISTS (SELECT 1 FROM users WHERE address = ?)";

    private record Found(boolean hosted, boolean mailbox) {
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
    public DataSource dataSource() {
        return pool;
    }

    /** The database behind this store, for what is tied to its engine (POP3 mailbox locks). */
    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
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
