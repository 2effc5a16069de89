package dev.postern.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where "this hour" begins and ends, at the boundaries. */
class CountingWindowTest {

    @ParameterizedTest(name = "{0} at {1}: bucket {2}, since {3}, ends {4}")
    @CsvSource({
        "CLOCK_HOUR, 2026-11-29T13:00:00Z,     2026-11-29T13:00:00Z, 2026-11-29T13:00:00Z, 2026-11-29T14:00:00Z",
        "CLOCK_HOUR, 2026-11-29T13:59:59.999Z, 2026-11-29T13:00:00Z, 2026-11-29T13:00:00Z, 2026-11-29T14:00:00Z",
        "CLOCK_HOUR, 2026-11-29T14:00:00Z,     2026-11-29T14:00:00Z, 2026-11-29T14:00:00Z, 2026-11-29T15:00:00Z",
        "CLOCK_HOUR, 2026-11-29T23:30:00Z,     2026-11-29T23:00:00Z, 2026-11-29T23:00:00Z, 2026-11-30T00:00:00Z",
        "ROLLING,    2026-11-29T13:00:00Z,     2026-11-29T13:00:00Z, 2026-11-29T12:01:00Z, 2026-11-29T14:00:00Z",
        "ROLLING,    2026-11-29T13:59:59.999Z, 2026-11-29T13:59:00Z, 2026-11-29T13:00:00Z, 2026-11-29T14:59:00Z",
        "ROLLING,    2026-11-29T14:00:30Z,     2026-11-29T14:00:00Z, 2026-11-29T13:01:00Z, 2026-11-29T15:00:00Z",
    })
    void boundaries(LimitRules.Window kind, String now, String bucket, String since, String end) {
        var window = new CountingWindow(kind);
        Instant t = Instant.parse(now);
        assertThat(window.bucket(t)).isEqualTo(Instant.parse(bucket));
        assertThat(window.since(t)).isEqualTo(Instant.parse(since));
        assertThat(window.end(t)).isEqualTo(Instant.parse(end));
    }

    /** Rolling: a count stays in the window for exactly the 60 minutes after its minute began. */
    @ParameterizedTest(name = "counted at 13:05:40, seen at {0}: {1}")
    @CsvSource({"13:05:40, true", "14:04:59.999, true", "14:05:00, false"})
    void rollingKeepsACountSixtyMinutes(String at, boolean inside) {
        var window = new CountingWindow(LimitRules.Window.ROLLING);
        Instant bucket = window.bucket(Instant.parse("2026-11-29T13:05:40Z"));
        Instant later = Instant.parse("2026-11-29T" + at + "Z");
        assertThat(!bucket.isBefore(window.since(later))).isEqualTo(inside);
    }
}
