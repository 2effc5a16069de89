package dev.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-29T00:00:00Z");
    private final RetrySchedule schedule = RetrySchedule.DEFAULT;

    private Duration delayAt(Duration age) {
        var now = ARRIVAL.plus(age);
        var retry = (RetrySchedule.Retry.At) schedule.next(ARRIVAL, now);
        return Duration.between(now, retry.when());
    }

    @Test
    void theFirstRetryIsFiveMinutesAway() {
        assertThat(delayAt(Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(delayAt(Duration.ofSeconds(30))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void retriesThenDoubleWithTheAgeOfTheMessage() {
        // attempts at 0, 5, 10, 20, 40 minutes: each waits as long as the message is old
        assertThat(delayAt(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(delayAt(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
        assertThat(delayAt(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(20));
        assertThat(delayAt(Duration.ofMinutes(40))).isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void retriesAreAtMostAnHourApart() {
        assertThat(delayAt(Duration.ofMinutes(80))).isEqualTo(Duration.ofHours(1));
        assertThat(delayAt(Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void afterFiveDaysItGivesUp() {
        assertThat(schedule.next(ARRIVAL, ARRIVAL.plus(Duration.ofDays(5))))
                .isEqualTo(new RetrySchedule.Retry.GiveUp(Duration.ofDays(5)));
        assertThat(schedule.next(ARRIVAL, ARRIVAL.plus(Duration.ofDays(5)).minusSeconds(1)))
                .isInstanceOf(RetrySchedule.Retry.At.class);
    }

    @Test
    void theBoundsAreConfigurable() {
        var quick = new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1));

        assertThat(quick.next(ARRIVAL, ARRIVAL)).isEqualTo(new RetrySchedule.Retry.At(ARRIVAL.plusSeconds(10)));
        assertThat(quick.next(ARRIVAL, ARRIVAL.plus(Duration.ofHours(1))))
                .isInstanceOf(RetrySchedule.Retry.GiveUp.class);
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofHours(2), Duration.ofHours(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
