package dev.postern.observe;

import dev.postern.explain.Event;
import dev.postern.limits.Grant;
import dev.postern.limits.GrantStore;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The grant store as it is; each grant recorded is counted and remembered for explain, with its
 * expiry and the configured window (the expiry is cut to whole seconds, so the window is not
 * derived from it).
 */
final class ObservedGrants implements GrantStore {

    private final GrantStore inner;
    private final Duration window;
    private final Observability observed;

    ObservedGrants(GrantStore inner, Duration window, Observability observed) {
        this.inner = inner;
        this.window = window;
        this.observed = observed;
    }

    @Override
    public void put(Grant grant) {
        inner.put(grant);
        observed.metrics().grant();
        observed.record(Event.Kind.POP_GRANT, grant.ip(), Optional.empty(), Optional.empty(),
                Optional.of(grant.account()), Event.grantDetail(window), Optional.of(grant.expiresAt()));
    }

    @Override
    public Optional<Grant> find(InetAddress ip, Instant now) {
        return inner.find(ip, now);
    }

    @Override
    public List<Grant> list(Instant now) {
        return inner.list(now);
    }

    @Override
    public boolean remove(InetAddress ip) {
        return inner.remove(ip);
    }

    @Override
    public int purge(Instant now) {
        return inner.purge(now);
    }
}
