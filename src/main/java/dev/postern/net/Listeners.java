package dev.postern.net;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the server's listeners, shut down together: stop accepting, let sessions in flight finish
 * within a grace period, then close what is left. A session cut off before its 250 has
 * acknowledged nothing, so nothing acknowledged is lost.
 */
public final class Listeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<Listener> listeners;

    public Listeners(List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public List<Listener> all() {
        return listeners;
    }

    /** The first listener of that name. */
    public Listener named(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no listener named " + name));
    }

    public int active() {
        return listeners.stream().mapToInt(Listener::active).sum();
    }

    /** Waits until no connection is active on any listener; false if the timeout came first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Listener listener : listeners) {
            if (!listener.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Stops accepting, waits up to {@code grace} for sessions to end, then closes the rest. */
    public void shutdown(Duration grace) {
        listeners.forEach(Listener::close);
        try {
            if (awaitIdle(grace)) {
                return;
            }
            LOG.info("grace period of {} over: closing {} connection(s)", grace, active());
            listeners.forEach(Listener::abortActive);
            awaitIdle(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listeners.forEach(Listener::abortActive);
        }
    }

    /** Shutdown without grace. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
