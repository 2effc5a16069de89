package dev.postern.delivery;

import java.time.Duration;

/**
 * How bounces and delay notices are written. {@code reportingMta}: our host name (Reporting-MTA,
 * and the {@code MAILER-DAEMON@} address they come from). {@code fullMessageLimit}: with RET=FULL
 * the whole original is returned when it is at most this many bytes, its headers otherwise
 * ({@code delivery.bounce_full_limit}, suggested 100 KB). {@code giveUpAfter}: the retry
 * schedule's limit, named in delay notices (Will-Retry-Until).
 */
public record BounceSettings(String reportingMta, long fullMessageLimit, Duration giveUpAfter) {
}
