package dev.postern.sending;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the sending limits keep their state: counters per domain and bucket, blocks, held
 * messages, per-domain overrides. Implementations change counters atomically (no read-modify-write
 * by the caller), so the server, the CLI and several nodes may share one store.
 */
interface SendingStore {

    enum Column { DELIVERED, DEFERRED, FAILED, ACCEPTED }

    /** Adds {@code delta} (may be negative) to one counter of a domain's bucket. */
    void add(String domain, Instant bucket, Column column, int delta);

    /**
     * Counts one accepted message in {@code bucket} and returns its ordinal among the domain's
     * accepted messages from {@code since} on. Exact under concurrency, across nodes too: the
     * bucket's new count comes back from the increment itself, under its row lock.
     */
    int accept(String domain, Instant bucket, Instant since);

    /**
     * Counts a deferral of {@code recipient} of {@code queueId} in {@code bucket}, unless it was
     * already counted at or after {@code since}; true when counted.
     */
    boolean addDeferral(String domain, Instant bucket, String queueId, String recipient, Instant since, Instant now);

    /** The sums of the domain's buckets from {@code since} on. */
    Tally tally(String domain, Instant since);

    /** Blocks the domain unless a block is still in force at {@code now}; true when it was newly blocked. */
    boolean block(Block block, Instant now);

    /** The block in force at {@code now}, if any. */
    Optional<Block> block(String domain, Instant now);

    void hold(String queueId, String domain, Instant until);

    /** When a held message may go; empty when it is not held. */
    Optional<Instant> heldUntil(String queueId);

    Map<String, String> overrides(String domain);

    /** Sets an override, or removes it when {@code value} is empty. */
    void override(String domain, String name, Optional<String> value);

    /** Domains with counts since {@code since}, a block in force, held messages or overrides; sorted. */
    List<String> domains(Instant since, Instant now);

    /** Lifts the block, zeroes the counts and releases the held messages; true when anything was there. */
    boolean reset(String domain);

    /** Forgets counts, marks, holds and blocks that ended before {@code before}. */
    void purge(Instant before);
}
