package dev.postern.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Failures of one key in a sliding window, and its ban. Holds at most {@code threshold}
 * timestamps: reaching the threshold starts a ban and clears them. Not thread-safe; its owner locks.
 */
final class FailureCounter {

    private final ArrayDeque<Instant> recent = new ArrayDeque<>();
    private int strikes;
    private Instant bannedUntil = Instant.EPOCH;
    private Instant lastFailure = Instant.EPOCH;

    /** Counts one failure; returns the ban it starts, if it reaches {@code threshold}. */
    Optional<Duration> fail(Instant now, int threshold, ThrottleRules rules) {
        lastFailure = now;
        drop(now, rules.window());
        recent.addLast(now);
        if (recent.size() < threshold) {
            return Optional.empty();
        }
        var ban = rules.banAfter(strikes);
        strikes++;
        bannedUntil = now.plus(ban);
        recent.clear();
        return Optional.of(ban);
    }

    Optional<Duration> remaining(Instant now) {
        return bannedUntil.isAfter(now) ? Optional.of(Duration.between(now, bannedUntil)) : Optional.empty();
    }

    /** True once unbanned and quiet for {@code forgetAfter}: the entry can go, strikes and all. */
    boolean forgettable(Instant now, ThrottleRules rules) {
        return !bannedUntil.isAfter(now) && !lastFailure.plus(rules.forgetAfter()).isAfter(now);
    }

    int recentFailures(Instant now, Duration window) {
        drop(now, window);
        return recent.size();
    }

    int strikes() {
        return strikes;
    }

    Optional<Instant> bannedUntil(Instant now) {
        return bannedUntil.isAfter(now) ? Optional.of(bannedUntil) : Optional.empty();
    }

    private void drop(Instant now, Duration window) {
        var horizon = now.minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
            recent.removeFirst();
        }
    }
}
