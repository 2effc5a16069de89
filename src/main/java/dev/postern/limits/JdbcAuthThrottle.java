package dev.postern.limits;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login throttle in the accounts database (tables {@code auth_throttle} and
 * {@code auth_throttle_account_ips}, migration {@code V3__auth_throttle.sql}), so the CLI sees and
 * lifts the bans the server counts, and several nodes share one count. Same rules as
 * {@link MemoryAuthThrottle} (docs/AUTH.md), with one simplification: failures are counted in a
 * window that opens at the first failure and closes {@code window} later (a fixed window, where
 * the memory throttle slides). Database errors surface as {@link IllegalStateException}; the
 * session answers them with a temporary error. Each {@link #failed} is one transaction that
 * locks the rows it counts (SQLite: writers serialised at BEGIN; PostgreSQL: an upsert takes the
 * row lock first), so failures on several nodes at once all count.
 */
public final class JdbcAuthThrottle implements AuthThrottle {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuthThrottle.class);
    private static final int MAX_IPS_PER_ACCOUNT = 1024;
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final String IP = "ip";
    private static final String ACCOUNT = "account";

    private final DataSource dataSource;
    private final ThrottleRules rules;
    private final Predicate<InetAddress> allowlist;
    private volatile Instant nextPurge = Instant.EPOCH;

    /** {@code allowlist}: addresses never counted nor banned. */
    public JdbcAuthThrottle(DataSource dataSource, ThrottleRules rules, Predicate<InetAddress> allowlist) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.allowlist = allowlist;
    }

    /** One row: failures since {@code windowStart}, bans so far, the end of the current ban. */
    private record Row(Instant windowStart, int failures, int strikes, Instant bannedUntil, Instant lastFailure) {

        static final Row NONE = new Row(Instant.EPOCH, 0, 0, Instant.EPOCH, Instant.EPOCH);

        Row fail(Instant now, int threshold, ThrottleRules rules) {
            boolean open = now.isBefore(windowStart.plus(rules.window()));
            int count = open ? failures + 1 : 1;
            Instant start = open ? windowStart : now;
            if (count < threshold) {
                return new Row(start, count, strikes, bannedUntil, now);
            }
            return new Row(now, 0, strikes + 1, now.plus(rules.banAfter(strikes)), now);
        }

        int recentFailures(Instant now, Duration window) {
            return now.isBefore(windowStart.plus(window)) ? failures : 0;
        }
    }

    @Override
    public Optional<Duration> retryAfter(InetAddress client, String account, Instant now) {
        if (allowlist.test(client)) {
            return Optional.empty();
        }
        String ip = MemoryAuthThrottle.ipKey(client);
        return call("check the login throttle", c -> {
            Instant until = row(c, IP, ip).bannedUntil();
            if (Queries.exists(c, "SELECT 1 FROM auth_throttle_account_ips WHERE account = ? AND ip = ?",
                    MemoryAuthThrottle.accountKey(account), ip)) {
                Instant accountUntil = row(c, ACCOUNT, MemoryAuthThrottle.accountKey(account)).bannedUntil();
                until = accountUntil.isAfter(until) ? accountUntil : until;
            }
            return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.<Duration>empty();
        });
    }

    @Override
    public void failed(InetAddress client, String account, Instant now) {
        if (allowlist.test(client)) {
            return;
        }
        String ip = MemoryAuthThrottle.ipKey(client);
        String key = MemoryAuthThrottle.accountKey(account);
        transaction("count a failed login", c -> {
            purgeIfDue(c, now);
            if (count(c, IP, ip, rules.failuresPerIp(), now)) {
                log.warn("auth throttle: ip={} banned after {} failures", ip, rules.failuresPerIp());
            }
            int known = Queries.count(c, "SELECT COUNT(*) FROM auth_throttle_account_ips WHERE account = ?", key);
            if (known < MAX_IPS_PER_ACCOUNT) {
                Queries.update(c, "INSERT INTO auth_throttle_account_ips (account, ip) VALUES (?, ?) "
                        + "ON CONFLICT (account, ip) DO NOTHING", key, ip);
            }
            if (count(c, ACCOUNT, key, rules.failuresPerAccount(), now)) {
                log.warn("auth throttle: account={} banned for the addresses that failed against it", key);
            }
            return null;
        });
    }

    @Override
    public void succeeded(InetAddress client, String account, Instant now) {
        String ip = MemoryAuthThrottle.ipKey(client);
        transaction("record a login", c -> {
            Queries.update(c, "DELETE FROM auth_throttle WHERE scope = ? AND name = ?", IP, ip);
            Queries.update(c, "DELETE FROM auth_throttle_account_ips WHERE account = ? AND ip = ?",
                    MemoryAuthThrottle.accountKey(account), ip);
            return null;
        });
    }

    @Override
    public List<Entry> status(Instant now) {
        return transaction("read the login throttle", c -> {
            purge(c, now);
            var entries = new ArrayList<Entry>();
            try (PreparedStatement s = c.prepareStatement("SELECT scope, name, window_start, failures, strikes, "
                    + "banned_until, last_failure FROM auth_throttle ORDER BY scope DESC, name");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = row(r);
                    Scope scope = IP.equals(r.getString(1)) ? Scope.IP : Scope.ACCOUNT;
                    entries.add(new Entry(scope, r.getString(2), row.recentFailures(now, rules.window()),
                            row.strikes(), row.bannedUntil().isAfter(now) ? Optional.of(row.bannedUntil())
                                    : Optional.empty()));
                }
            }
            return List.copyOf(entries);
        });
    }

    @Override
    public boolean unban(String ipOrAccount) {
        var ip = MemoryAuthThrottle.ipLiteral(ipOrAccount.strip());
        return transaction("unban", c -> {
            if (ip.isEmpty()) {
                String key = MemoryAuthThrottle.accountKey(ipOrAccount);
                int rows = Queries.update(c, "DELETE FROM auth_throttle WHERE scope = ? AND name = ?", ACCOUNT, key);
                rows += Queries.update(c, "DELETE FROM auth_throttle_account_ips WHERE account = ?", key);
                return rows > 0;
            }
            String key = MemoryAuthThrottle.ipKey(ip.get());
            int rows = Queries.update(c, "DELETE FROM auth_throttle WHERE scope = ? AND name = ?", IP, key);
            rows += Queries.update(c, "DELETE FROM auth_throttle_account_ips WHERE ip = ?", key);
            return rows > 0;
        });
    }

    /**
     * Counts one failure of {@code name}; true when it starts a ban. The upsert first creates or
     * locks the row, so on PostgreSQL (READ COMMITTED) a concurrent counter on another node waits
     * for this transaction and then reads its result: no count is lost and no insert collides.
     * On SQLite the IMMEDIATE transaction already serialises writers.
     */
    private boolean count(Connection c, String scope, String name, int threshold, Instant now) throws SQLException {
        Queries.update(c, "INSERT INTO auth_throttle (scope, name, window_start, failures, strikes, banned_until, "
                + "last_failure) VALUES (?, ?, 0, 0, 0, 0, 0) "
                + "ON CONFLICT (scope, name) DO UPDATE SET failures = auth_throttle.failures", scope, name);
        Row before = row(c, scope, name);
        Row after = before.fail(now, threshold, rules);
        Queries.update(c, "UPDATE auth_throttle SET window_start = ?, failures = ?, strikes = ?, banned_until = ?, "
                        + "last_failure = ? WHERE scope = ? AND name = ?", after.windowStart().toEpochMilli(),
                after.failures(), after.strikes(), after.bannedUntil().toEpochMilli(), after.lastFailure().toEpochMilli(),
                scope, name);
        return after.strikes() > before.strikes();
    }

    private Row row(Connection c, String scope, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT scope, name, window_start, failures, strikes, "
                + "banned_until, last_failure FROM auth_throttle WHERE scope = ? AND name = ?")) {
            s.setString(1, scope);
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? row(r) : Row.NONE;
            }
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        return new Row(Instant.ofEpochMilli(r.getLong(3)), r.getInt(4), r.getInt(5), Instant.ofEpochMilli(r.getLong(6)),
                Instant.ofEpochMilli(r.getLong(7)));
    }

    private void purgeIfDue(Connection c, Instant now) throws SQLException {
        if (!now.isBefore(nextPurge)) {
            purge(c, now);
            nextPurge = now.plus(PURGE_EVERY);
        }
    }

    /** Forgets what is unbanned and quiet for {@code forgetAfter}, and accounts' addresses with them. */
    private void purge(Connection c, Instant now) throws SQLException {
        Queries.update(c, "DELETE FROM auth_throttle WHERE banned_until <= ? AND last_failure <= ?",
                now.toEpochMilli(), now.minus(rules.forgetAfter()).toEpochMilli());
        Queries.update(c, "DELETE FROM auth_throttle_account_ips WHERE account NOT IN "
                + "(SELECT name FROM auth_throttle WHERE scope = 'account')");
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + operation + ": " + e.getMessage(), e);
        }
    }

    private <T> T transaction(String operation, Work<T> work) {
        return call(operation, c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    /** Bound-parameter plumbing. */
    private static final class Queries {
        static boolean exists(Connection c, String sql, Object... parameters) throws SQLException {
            try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }

        static int count(Connection c, String sql, Object... parameters) throws SQLException {
            try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        }

        static int update(Connection c, String sql, Object... parameters) throws SQLException {
            try (PreparedStatement s = prepare(c, sql, parameters)) {
                return s.executeUpdate();
            }
        }

        private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
            PreparedStatement s = c.prepareStatement(sql);
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s;
        }
    }
}
