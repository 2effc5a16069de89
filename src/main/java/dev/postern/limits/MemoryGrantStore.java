package dev.postern.limits;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Grants in a map: for a single node that keeps no grants across restarts, and for tests. */
public final class MemoryGrantStore implements GrantStore {

    private final ConcurrentHashMap<InetAddress, Grant> grants = new ConcurrentHashMap<>();

    @Override
    public void put(Grant grant) {
        grants.put(grant.ip(), grant);
    }

    @Override
    public Optional<Grant> find(InetAddress ip, Instant now) {
        return Optional.ofNullable(grants.get(ip)).filter(g -> g.activeAt(now));
    }

    @Override
    public List<Grant> list(Instant now) {
        return grants.values().stream().filter(g -> g.activeAt(now))
                .sorted(Comparator.comparing(g -> g.ip().getHostAddress())).toList();
    }

    @Override
    public boolean remove(InetAddress ip) {
        return grants.remove(ip) != null;
    }

    @Override
    public int purge(Instant now) {
        int before = grants.size();
        grants.values().removeIf(g -> !g.activeAt(now));
        return before - grants.size();
    }
}
