package dev.postern.limits;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Grants in the table {@code pop_before_smtp_grants} (schema: migration {@code V2__pop_before_smtp_grants.sql} of the accounts database), so the CLI
 * and every node see the same grants. The SQL is the common subset of SQLite (3.24+) and
 * PostgreSQL (9.5+): the upsert is {@code INSERT … ON CONFLICT(ip) DO UPDATE}. Times are stored
 * in epoch seconds. Database errors surface as {@link IllegalStateException} naming the
 * operation; the SQL cause is attached for the log. Each call borrows a connection for one
 * statement; with the SQLite JNI driver that pins the virtual thread's carrier for the statement's
 * length, which is why grants are one indexed row per call.
 */
public final class JdbcGrantStore implements GrantStore {

    private static final String UPSERT = """
            INSERT INTO pop_before_smtp_grants (ip, account, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (ip) DO UPDATE SET account = excluded.account, expires_at = excluded.expires_at""";
    private static final String FIND =
            "SELECT ip, account, expires_at FROM pop_before_smtp_grants WHERE ip = ? AND expires_at > ?";
    private static final String LIST =
            "SELECT ip, account, expires_at FROM pop_before_smtp_grants WHERE expires_at > ? ORDER BY ip";
    private static final String DELETE = "DELETE FROM pop_before_smtp_grants WHERE ip = ?";
    private static final String PURGE = "DELETE FROM pop_before_smtp_grants WHERE expires_at <= ?";

    private final DataSource dataSource;

    public JdbcGrantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void put(Grant grant) {
        update("record grant", UPSERT, grant.ip().getHostAddress(), grant.account(),
                grant.expiresAt().getEpochSecond());
    }

    @Override
    public Optional<Grant> find(InetAddress ip, Instant now) {
        var found = query("find grant", FIND, ip.getHostAddress(), now.getEpochSecond());
        return found.stream().findFirst();
    }

    @Override
    public List<Grant> list(Instant now) {
        return query("list grants", LIST, now.getEpochSecond());
    }

    @Override
    public boolean remove(InetAddress ip) {
        return update("revoke grant", DELETE, ip.getHostAddress()) > 0;
    }

    @Override
    public int purge(Instant now) {
        return update("purge grants", PURGE, now.getEpochSecond());
    }

    private int update(String operation, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + operation + ": " + e.getMessage(), e);
        }
    }

    private List<Grant> query(String operation, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                var grants = new ArrayList<Grant>();
                while (rows.next()) {
                    grants.add(new Grant(InetAddress.ofLiteral(rows.getString("ip")), rows.getString("account"),
                            Instant.ofEpochSecond(rows.getLong("expires_at"))));
                }
                return grants;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + operation + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            switch (parameters[i]) {
                case String text -> statement.setString(i + 1, text);
                case Long number -> statement.setLong(i + 1, number);
                default -> throw new IllegalArgumentException("unsupported parameter " + parameters[i]);
            }
        }
    }
}
