package dev.postern.sending;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Which counts make "this hour". {@code CLOCK_HOUR} (cPanel's): counts go to the clock hour's
 * bucket, the window is that hour and ends at the next full hour. {@code ROLLING}: counts go to
 * one-minute buckets and the window is the last 60 of them, so an event leaves it 60 minutes after
 * its minute began. Pure.
 */
record CountingWindow(LimitRules.Window kind) {

    private static final Duration HOUR = Duration.ofHours(1);

    /** The bucket an event at {@code now} is counted in. */
    Instant bucket(Instant now) {
        return now.truncatedTo(kind == LimitRules.Window.CLOCK_HOUR ? ChronoUnit.HOURS : ChronoUnit.MINUTES);
    }

    /** The first bucket of the window that holds {@code now}. */
    Instant since(Instant now) {
        return kind == LimitRules.Window.CLOCK_HOUR ? bucket(now) : bucket(now).minus(HOUR).plus(Duration.ofMinutes(1));
    }

    /**
     * When everything counted up to {@code now} has left the window: the next full hour, or (rolling)
     * 60 minutes after the current minute began. A block tripped at {@code now} ends then.
     */
    Instant end(Instant now) {
        return bucket(now).plus(HOUR);
    }
}
