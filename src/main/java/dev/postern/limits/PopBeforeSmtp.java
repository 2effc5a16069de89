package dev.postern.limits;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP-before-SMTP: a successful POP3 login lets the client's address relay for a while (30 minutes
 * by default), for old clients that cannot do SMTP AUTH. A zero window turns the feature off:
 * nothing is granted and no grant is honoured. Expiry is kept to whole seconds so every
 * {@link GrantStore} agrees on it.
 */
public final class PopBeforeSmtp {

    private static final Logger log = LoggerFactory.getLogger(PopBeforeSmtp.class);

    private final GrantStore store;
    private final Duration window;

    /** {@code window}: how long a login lets its address relay; {@link Duration#ZERO} = off. */
    public PopBeforeSmtp(GrantStore store, Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("POP-before-SMTP window must not be negative: " + window);
        }
        this.store = store;
        this.window = window;
    }

    public boolean enabled() {
        return window.isPositive();
    }

    /** Records that {@code account} logged in from {@code ip}; returns the grant, empty when off. */
    public Optional<Grant> grant(InetAddress ip, String account, Instant now) {
        if (!enabled()) {
            return Optional.empty();
        }
        store.purge(now);
        var grant = new Grant(ip, account, now.plus(window).truncatedTo(ChronoUnit.SECONDS));
        store.put(grant);
        log.info("pop-before-smtp: grant ip={} account={} until={}", ip.getHostAddress(), account, grant.expiresAt());
        return Optional.of(grant);
    }

    /** The grant that lets {@code ip} relay now, if any. */
    public Optional<Grant> active(InetAddress ip, Instant now) {
        return enabled() ? store.find(ip, now) : Optional.empty();
    }

    /** Grants in force, for {@code postern pop-before-smtp list}. */
    public List<Grant> list(Instant now) {
        return enabled() ? store.list(now) : List.of();
    }

    /** Withdraws the address's grant; false when it had none. */
    public boolean revoke(InetAddress ip) {
        boolean revoked = store.remove(ip);
        if (revoked) {
            log.info("pop-before-smtp: revoked ip={}", ip.getHostAddress());
        }
        return revoked;
    }
}
