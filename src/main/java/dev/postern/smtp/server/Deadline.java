package dev.postern.smtp.server;

import dev.postern.net.Connection;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A bound on a whole read (one command line, one DATA, one BDAT chunk) on top of the per-read
 * timeout: before each read the connection's timeout shrinks to what is left, so a client that
 * trickles one octet a minute still runs out of time.
 */
final class Deadline {

    private final Connection connection;
    private final Duration perRead;
    private final long endNanos;
    private Duration current;

    Deadline(Connection connection, Duration perRead, Duration total) {
        this.connection = connection;
        this.perRead = perRead;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    /** Sets the timeout for the next read; throws when the deadline has already passed. */
    void arm() throws IOException {
        long leftNanos = endNanos - System.nanoTime();
        if (leftNanos <= 0) {
            throw new SocketTimeoutException("deadline exceeded");
        }
        // whole seconds rounded up, so a tight read loop sets the timeout about once a second
        Duration left = Duration.ofSeconds((leftNanos + 999_999_999L) / 1_000_000_000L);
        Duration next = left.compareTo(perRead) < 0 ? left : perRead;
        if (!next.equals(current)) {
            connection.readTimeout(next);
            current = next;
        }
    }
}
