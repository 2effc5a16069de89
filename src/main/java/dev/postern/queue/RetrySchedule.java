package dev.postern.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try a deferred recipient again: after the message's age, kept between {@code minimum}
 * and {@code maximum} (so 5, 5, 10, 20, 40, 60, 60… minutes: doubling within bounds, as Postfix's
 * qmgr backs off), and not at all once the message is older than {@code giveUpAfter}. Pure: the
 * caller passes the current time.
 */
public record RetrySchedule(Duration minimum, Duration maximum, Duration giveUpAfter) {

    /** First retry after 5 minutes, at most an hour apart, failed after 5 days (RFC 5321 §4.5.4.1). */
    public static final RetrySchedule DEFAULT =
            new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(5));

    public RetrySchedule {
        if (minimum.isNegative() || minimum.isZero() || maximum.compareTo(minimum) < 0
                || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("bad retry schedule: " + minimum + ", " + maximum + ", " + giveUpAfter);
        }
    }

    /** The decision after a temporary failure at {@code now} of a message that arrived at {@code arrival}. */
    public Retry next(Instant arrival, Instant now) {
        Duration age = Duration.between(arrival, now);
        if (age.compareTo(giveUpAfter) >= 0) {
            return new Retry.GiveUp(age);
        }
        Duration delay = age.compareTo(minimum) < 0 ? minimum : age.compareTo(maximum) > 0 ? maximum : age;
        return new Retry.At(now.plus(delay));
    }

    public sealed interface Retry {
        record At(Instant when) implements Retry {}

        record GiveUp(Duration age) implements Retry {}
    }
}
