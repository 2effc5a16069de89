package dev.postern.dkim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active keys of a domain as the signer needs them, cached for {@link #TTL} so a submission
 * does not parse PEM each time; {@code postern dkim rotate} is seen by every node within it. A
 * database failure signs nothing (logged) rather than refusing the message.
 */
public final class ActiveKeys implements Function<String, List<SigningKey>> {

    static final Duration TTL = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(ActiveKeys.class);

    private final DkimKeys keys;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(List<SigningKey> keys, Instant until) {}

    public ActiveKeys(DkimKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public List<SigningKey> apply(String domain) {
        Instant now = clock.instant();
        Cached hit = cache.get(domain);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.keys();
        }
        try {
            List<SigningKey> active = keys.active(domain);
            cache.put(domain, new Cached(active, now.plus(TTL)));
            return active;
        } catch (RuntimeException e) {
            log.error("cannot read the DKIM keys of {}: signing nothing", domain, e);
            return List.of();
        }
    }
}
