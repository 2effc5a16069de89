package dev.postern.database;

import dev.postern.mailbox.MaildropLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP3 mailbox locks across nodes: a session-level PostgreSQL advisory lock
 * ({@code pg_try_advisory_lock}) held on a connection of its own for the POP3 session's life.
 * Closing that connection releases the lock, and so does PostgreSQL when the node dies and its
 * connection drops: no lock outlives its holder. The 64-bit key is the start of the SHA-256 of
 * the mailbox name; a collision would only make two mailboxes exclude each other.
 */
public final class AdvisoryMaildropLock implements MaildropLock {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryMaildropLock.class);

    private final Database database;

    public AdvisoryMaildropLock(Database database) {
        if (database.engine() != Engine.POSTGRESQL) {
            throw new IllegalArgumentException("advisory locks need PostgreSQL, not " + database.engine());
        }
        this.database = database;
    }

    /** The lock for this node: advisory locks on PostgreSQL, the in-process lock alone on SQLite. */
    public static MaildropLock of(Database database) {
        return database.engine() == Engine.POSTGRESQL ? new AdvisoryMaildropLock(database) : MaildropLock.LOCAL;
    }

    @Override
    public Optional<Held> tryAcquire(String mailbox) throws IOException {
        Connection c = null;
        try {
            c = database.dedicated();
            if (tryLock(c, key(mailbox))) {
                Connection held = c;
                return Optional.of(() -> closeQuietly(held, mailbox));
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            if (c != null) {
                closeQuietly(c, mailbox);
            }
            throw new IOException("cannot lock mailbox " + mailbox + " in the database: " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** The advisory-lock key of a mailbox (the same on every node). */
    static long key(String mailbox) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("postern maildrop " + mailbox).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void closeQuietly(Connection c, String mailbox) {
        try {
            c.close(); // ends the database session: PostgreSQL drops its advisory locks
        } catch (SQLException e) {
            LOG.warn("closing the lock connection of {}: {}", mailbox, e.getMessage());
        }
    }
}
