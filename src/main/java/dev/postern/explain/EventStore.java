package dev.postern.explain;

import java.time.Instant;
import java.util.List;

/** Where events are kept: the accounts database ({@link JdbcEventStore}) or a test's list. */
public interface EventStore {

    void append(List<Event> events);

    /** The newest {@code limit} events of one client address, newest first. */
    List<Event> forClient(String ip, int limit);

    /** The newest {@code limit} events naming {@code address} as sender, recipient or account, newest first. */
    List<Event> forAddress(String address, int limit);

    /**
     * Deletes events before {@code before}, all but the newest {@code keep} of each of {@code clients},
     * and all but the newest {@code keepTotal} overall (many clients at once: a botnet guessing passwords).
     */
    int prune(Instant before, List<String> clients, int keep, int keepTotal);
}
