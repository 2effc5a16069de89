package dev.postern.delivery;

import dev.postern.smtp.client.ClientSession;
import dev.postern.smtp.client.Credentials;
import dev.postern.smtp.client.TlsPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Idle sessions kept a short while for the next message to the same host (connection reuse, as
 * Postfix's connection cache). A session is probed with RSET before reuse; a dead one is dropped.
 */
final class SessionCache implements AutoCloseable {

    record Key(InetSocketAddress address, TlsPolicy tls, Optional<Credentials> auth) {}

    private record Idle(ClientSession session, long since) {}

    private final Map<Key, Deque<Idle>> idle = new HashMap<>();
    private final long keepNanos;

    SessionCache(Duration keep) {
        this.keepNanos = keep.toNanos();
    }

    /** A live cached session for {@code key}, if one is idle and answers RSET. */
    Optional<ClientSession> take(Key key) {
        while (true) {
            Idle candidate;
            synchronized (this) {
                var queue = idle.get(key);
                candidate = queue == null ? null : queue.pollFirst();
            }
            if (candidate == null) {
                return Optional.empty();
            }
            if (System.nanoTime() - candidate.since() > keepNanos) {
                candidate.session().close();
            } else if (candidate.session().reset()) {
                return Optional.of(candidate.session());
            }
        }
    }

    /** Keeps a usable session for reuse, or closes it (QUIT) when caching is off. */
    void give(Key key, ClientSession session) {
        if (!session.usable() || keepNanos <= 0) {
            session.close();
            return;
        }
        List<ClientSession> expired;
        synchronized (this) {
            idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(new Idle(session, System.nanoTime()));
            expired = sweep();
        }
        expired.forEach(ClientSession::close);
    }

    /** Closes idle sessions older than the keep time; call it now and then. */
    void expire() {
        List<ClientSession> expired;
        synchronized (this) {
            expired = sweep();
        }
        expired.forEach(ClientSession::close);
    }

    private List<ClientSession> sweep() {
        var expired = new ArrayList<ClientSession>();
        long now = System.nanoTime();
        for (var queue : idle.values()) {
            queue.removeIf(i -> {
                boolean old = now - i.since() > keepNanos;
                if (old) {
                    expired.add(i.session());
                }
                return old;
            });
        }
        idle.values().removeIf(Deque::isEmpty);
        return expired;
    }

    @Override
    public void close() {
        List<Idle> all;
        synchronized (this) {
            all = idle.values().stream().flatMap(Deque::stream).toList();
            idle.clear();
        }
        all.forEach(i -> i.session().close());
    }
}
