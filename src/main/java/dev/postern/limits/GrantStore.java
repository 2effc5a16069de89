package dev.postern.limits;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where POP-before-SMTP grants live: {@link MemoryGrantStore} for one node and tests,
 * {@link JdbcGrantStore} when several nodes (or the CLI and the server) must see the same grants.
 * One grant per address; a new grant for the same address replaces the old one.
 */
public interface GrantStore {

    /** Stores {@code grant}, replacing any grant of the same address. */
    void put(Grant grant);

    /** The address's grant if it has not expired at {@code now}. */
    Optional<Grant> find(InetAddress ip, Instant now);

    /** All grants not expired at {@code now}, by address. */
    List<Grant> list(Instant now);

    /** Removes the address's grant; false when there was none. */
    boolean remove(InetAddress ip);

    /** Deletes grants expired at {@code now}; returns how many. */
    int purge(Instant now);
}
