package dev.postern.explain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Events in the table {@code events} (migration {@code V5__events.sql}). The SQL is the common
 * subset of SQLite and PostgreSQL. Addresses are stored in lower case so a lookup by address
 * matches whatever case the client used. Database errors surface as {@link IllegalStateException}.
 */
public final class JdbcEventStore implements EventStore {

    private static final String COLUMNS = "at, kind, client, sender, recipient, account, detail, until_at";
    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_CLIENT =
            "SELECT " + COLUMNS + " FROM events WHERE client = ? ORDER BY at DESC LIMIT ?";
    private static final String BY_ADDRESS = "SELECT " + COLUMNS + " FROM events"
            + " WHERE sender = ? OR recipient = ? OR account = ? ORDER BY at DESC LIMIT ?";
    private static final String PRUNE_OLD = "DELETE FROM events WHERE at < ?";
    private static final String PRUNE_CLIENT = "DELETE FROM events WHERE client = ? AND at < "
            + "(SELECT at FROM events WHERE client = ? ORDER BY at DESC LIMIT 1 OFFSET ?)";
    private static final String PRUNE_TOTAL =
            "DELETE FROM events WHERE at < (SELECT at FROM events ORDER BY at DESC LIMIT 1 OFFSET ?)";

    private final DataSource dataSource;

    public JdbcEventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<Event> events) {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Event e : events) {
                insert.setLong(1, e.at().toEpochMilli());
                insert.setString(2, e.kind().name());
                insert.setString(3, e.client());
                setOptional(insert, 4, e.sender().map(JdbcEventStore::lower));
                setOptional(insert, 5, e.recipient().map(JdbcEventStore::lower));
                setOptional(insert, 6, e.account().map(JdbcEventStore::lower));
                insert.setString(7, e.detail());
                if (e.until().isPresent()) {
                    insert.setLong(8, e.until().get().toEpochMilli());
                } else {
                    insert.setNull(8, Types.BIGINT);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record events: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Event> forClient(String ip, int limit) {
        return query(BY_CLIENT, ip, limit);
    }

    @Override
    public List<Event> forAddress(String address, int limit) {
        String a = lower(address);
        return query(BY_ADDRESS, a, a, a, limit);
    }

    @Override
    public int prune(Instant before, List<String> clients, int keep, int keepTotal) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement old = c.prepareStatement(PRUNE_OLD);
             PreparedStatement perClient = c.prepareStatement(PRUNE_CLIENT);
             PreparedStatement total = c.prepareStatement(PRUNE_TOTAL)) {
            old.setLong(1, before.toEpochMilli());
            int deleted = old.executeUpdate();
            for (String client : clients) {
                perClient.setString(1, client);
                perClient.setString(2, client);
                perClient.setInt(3, keep - 1);
                deleted += perClient.executeUpdate();
            }
            total.setInt(1, keepTotal - 1);
            return deleted + total.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune events: " + e.getMessage(), e);
        }
    }

    private List<Event> query(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            var events = new ArrayList<Event>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(event(rows));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read events: " + e.getMessage(), e);
        }
    }

    private static Event event(ResultSet row) throws SQLException {
        long until = row.getLong(8);
        Optional<Instant> end = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
        return new Event(Instant.ofEpochMilli(row.getLong(1)), Event.Kind.valueOf(row.getString(2)), row.getString(3),
                Optional.ofNullable(row.getString(4)), Optional.ofNullable(row.getString(5)),
                Optional.ofNullable(row.getString(6)), row.getString(7), end);
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
