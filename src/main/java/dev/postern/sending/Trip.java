package dev.postern.sending;

import java.time.Instant;

/**
 * A domain just blocked (what the trip hook receives, e.g. for a metric): its deferred+failed
 * count {@code deferFail} of {@code total} deliveries, the trigger that was reached, and when the
 * block ends.
 */
public record Trip(String domain, int deferFail, int total, int trigger, int percent, Instant until) {
}
