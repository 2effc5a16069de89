package dev.postern.limits;

import java.time.Duration;

/**
 * Thresholds of the login throttle. After {@code failuresPerIp} failures from one address (or
 * {@code failuresPerAccount} against one account) within {@code window}, further attempts wait
 * {@code firstBan}, doubling with each new ban up to {@code maxBan}. An address or account is
 * forgotten (its strikes too) once it has been quiet and unbanned for {@code forgetAfter}. At most
 * {@code maxEntries} addresses and as many accounts are remembered.
 */
public record ThrottleRules(int failuresPerIp, int failuresPerAccount, Duration window,
                            Duration firstBan, Duration maxBan, Duration forgetAfter, int maxEntries) {

    /** 5 per IP and 10 per account in 15 minutes; bans from 1 minute doubling to 1 hour. */
    public static final ThrottleRules DEFAULTS = new ThrottleRules(5, 10, Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24), 100_000);

    public ThrottleRules {
        if (failuresPerIp < 1 || failuresPerAccount < 1) {
            throw new IllegalArgumentException("failure thresholds must be at least 1");
        }
        if (!window.isPositive() || !firstBan.isPositive() || maxBan.compareTo(firstBan) < 0
                || forgetAfter.compareTo(window) < 0) {
            throw new IllegalArgumentException(
                    "throttle durations must be positive, max ban >= first ban, forget-after >= window");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("max entries must be at least 1");
        }
    }

    /** The length of the ban that follows {@code strikes} earlier bans: doubling, capped. */
    Duration banAfter(int strikes) {
        if (strikes >= 30) {
            return maxBan;
        }
        var ban = firstBan.multipliedBy(1L << strikes);
        return ban.compareTo(maxBan) > 0 ? maxBan : ban;
    }
}
