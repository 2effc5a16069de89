package dev.postern.sending;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link SendingStore} in the accounts database (migration {@code V4__sending_limits.sql}): every
 * statement of the sending limits is here. The SQL is what SQLite and PostgreSQL both accept;
 * counters move by {@code INSERT … ON CONFLICT … DO UPDATE SET n = n + ?}, so concurrent writers
 * (sessions, delivery threads, other nodes) never lose a count. Times are epoch milliseconds.
 * Database errors surface as {@link IllegalStateException}.
 */
final class JdbcSendingStore implements SendingStore {

    private final DataSource dataSource;

    JdbcSendingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void add(String domain, Instant bucket, Column column, int delta) {
        call("count a delivery", c -> add(c, domain, bucket, column, delta));
    }

    private static int add(Connection c, String domain, Instant bucket, Column column, int delta) throws SQLException {
        String name = column.name().toLowerCase(Locale.ROOT); // from the enum, never from input
        return update(c, "INSERT INTO sending_counts (domain, bucket, " + name + ") VALUES (?, ?, ?) "
                + "ON CONFLICT (domain, bucket) DO UPDATE SET " + name + " = sending_counts." + name
                + " + excluded." + name, domain, bucket.toEpochMilli(), delta);
    }

    @Override
    public int accept(String domain, Instant bucket, Instant since) {
        return transaction("count an accepted message", c -> {
            int inBucket;
            // RETURNING (SQLite 3.35+, PostgreSQL): the count this increment made, not a later read.
            try (PreparedStatement s = prepare(c, "INSERT INTO sending_counts (domain, bucket, accepted) "
                    + "VALUES (?, ?, 1) ON CONFLICT (domain, bucket) DO UPDATE SET accepted = sending_counts.accepted + 1 "
                    + "RETURNING accepted", domain, bucket.toEpochMilli()); ResultSet r = s.executeQuery()) {
                r.next();
                inBucket = r.getInt(1);
            }
            try (PreparedStatement s = prepare(c, "SELECT COALESCE(SUM(accepted), 0) FROM sending_counts "
                    + "WHERE domain = ? AND bucket >= ? AND bucket < ?", domain, since.toEpochMilli(),
                    bucket.toEpochMilli()); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1) + inBucket;
            }
        });
    }

    @Override
    public boolean addDeferral(String domain, Instant bucket, String queueId, String recipient, Instant since,
                               Instant now) {
        return transaction("count a deferral", c -> {
            // The WHERE makes the upsert a no-op (0 rows) when this recipient was counted this window.
            int marked = update(c, "INSERT INTO sending_deferrals (queue_id, recipient, domain, counted_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (queue_id, recipient) DO UPDATE SET "
                    + "counted_at = excluded.counted_at, domain = excluded.domain "
                    + "WHERE sending_deferrals.counted_at < ?", queueId, recipient, domain, now.toEpochMilli(),
                    since.toEpochMilli());
            if (marked == 0) {
                return false;
            }
            add(c, domain, bucket, Column.DEFERRED, 1);
            return true;
        });
    }

    @Override
    public Tally tally(String domain, Instant since) {
        return call("read the sending counts", c -> {
            try (PreparedStatement s = prepare(c, "SELECT COALESCE(SUM(delivered), 0), COALESCE(SUM(deferred), 0), "
                    + "COALESCE(SUM(failed), 0), COALESCE(SUM(accepted), 0) FROM sending_counts "
                    + "WHERE domain = ? AND bucket >= ?", domain, since.toEpochMilli()); ResultSet r = s.executeQuery()) {
                r.next();
                return new Tally(r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4));
            }
        });
    }

    @Override
    public boolean block(Block b, Instant now) {
        return call("block a domain", c -> update(c, "INSERT INTO sending_blocks "
                + "(domain, blocked_until, tripped_at, defer_fail, total) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (domain) DO UPDATE SET blocked_until = excluded.blocked_until, "
                + "tripped_at = excluded.tripped_at, defer_fail = excluded.defer_fail, total = excluded.total "
                + "WHERE sending_blocks.blocked_until <= ?", b.domain(), b.until().toEpochMilli(),
                b.trippedAt().toEpochMilli(), b.deferFail(), b.total(), now.toEpochMilli()) > 0);
    }

    @Override
    public Optional<Block> block(String domain, Instant now) {
        return call("read a block", c -> {
            try (PreparedStatement s = prepare(c, "SELECT blocked_until, tripped_at, defer_fail, total "
                    + "FROM sending_blocks WHERE domain = ? AND blocked_until > ?", domain, now.toEpochMilli());
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Block(domain, Instant.ofEpochMilli(r.getLong(1)),
                        Instant.ofEpochMilli(r.getLong(2)), r.getInt(3), r.getInt(4))) : Optional.empty();
            }
        });
    }

    @Override
    public void hold(String queueId, String domain, Instant until) {
        call("hold a message", c -> update(c, "INSERT INTO sending_holds (queue_id, domain, held_until) "
                + "VALUES (?, ?, ?) ON CONFLICT (queue_id) DO UPDATE SET held_until = excluded.held_until",
                queueId, domain, until.toEpochMilli()));
    }

    @Override
    public Optional<Instant> heldUntil(String queueId) {
        return call("read a hold", c -> {
            try (PreparedStatement s = prepare(c, "SELECT held_until FROM sending_holds WHERE queue_id = ?", queueId);
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(Instant.ofEpochMilli(r.getLong(1))) : Optional.empty();
            }
        });
    }

    @Override
    public Map<String, String> overrides(String domain) {
        return call("read the limit overrides", c -> {
            var out = new LinkedHashMap<String, String>();
            try (PreparedStatement s = prepare(c, "SELECT name, value FROM sending_overrides WHERE domain = ? "
                    + "ORDER BY name", domain); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2));
                }
            }
            return out;
        });
    }

    @Override
    public void override(String domain, String name, Optional<String> value) {
        call("set a limit override", c -> value.isEmpty()
                ? update(c, "DELETE FROM sending_overrides WHERE domain = ? AND name = ?", domain, name)
                : update(c, "INSERT INTO sending_overrides (domain, name, value) VALUES (?, ?, ?) "
                        + "ON CONFLICT (domain, name) DO UPDATE SET value = excluded.value", domain, name, value.get()));
    }

    @Override
    public List<String> domains(Instant since, Instant now) {
        return call("list domains with sending counts", c -> {
            var out = new ArrayList<String>();
            try (PreparedStatement s = prepare(c, "SELECT domain FROM sending_counts WHERE bucket >= ? "
                    + "UNION SELECT domain FROM sending_blocks WHERE blocked_until > ? "
                    + "UNION SELECT domain FROM sending_holds WHERE held_until > ? "
                    + "UNION SELECT domain FROM sending_overrides ORDER BY 1", since.toEpochMilli(),
                    now.toEpochMilli(), now.toEpochMilli()); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public boolean reset(String domain) {
        return transaction("reset a domain's limits", c -> {
            int n = 0;
            for (String table : List.of("sending_counts", "sending_blocks", "sending_holds", "sending_deferrals")) {
                n += update(c, "DELETE FROM " + table + " WHERE domain = ?", domain);
            }
            return n > 0;
        });
    }

    @Override
    public void purge(Instant before) {
        long t = before.toEpochMilli();
        transaction("purge old sending counts", c -> {
            update(c, "DELETE FROM sending_counts WHERE bucket < ?", t);
            update(c, "DELETE FROM sending_deferrals WHERE counted_at < ?", t);
            update(c, "DELETE FROM sending_holds WHERE held_until < ?", t);
            return update(c, "DELETE FROM sending_blocks WHERE blocked_until < ?", t);
        });
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

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
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
