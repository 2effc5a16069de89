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
        Duration left = Duration.ofNanos(endNanos - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw new SocketTimeoutException("deadline exceeded");
        }
        // whole seconds, so a tight read loop sets the timeout about once a second, not per read
        Duration bound = left.compareTo(perRead) < 0 ? left : perRead;
        Duration next = bound.toSeconds() >= 1 ? Duration.ofSeconds(bound.toSeconds())
                : Duration.ofMillis(Math.max(1, bound.toMillis()));
        if (!next.equals(current)) {
            connection.readTimeout(next);
            current = next;
        }
    }
}
