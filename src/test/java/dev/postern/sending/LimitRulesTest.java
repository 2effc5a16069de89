package dev.postern.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden tables for cPanel's arithmetic (docs/LIMITS.md). */
class LimitRulesTest {

    static LimitRules rules(int trigger, OptionalInt percentage) {
        return new LimitRules(LimitRules.Window.CLOCK_HOUR, trigger, percentage, OptionalInt.empty(), 125,
                LimitRules.OnBlock.DEFER, false);
    }

    static LimitRules cap(int max, int cutoff) {
        return new LimitRules(LimitRules.Window.CLOCK_HOUR, 5, OptionalInt.empty(), OptionalInt.of(max), cutoff,
                LimitRules.OnBlock.DEFER, false);
    }

    /** cPanel's own worked example (threshold 7, 55 %), then the edges around it and the defaults. */
    @ParameterizedTest(name = "trigger {0}, {1}%: {2} delivered, {3} deferred, {4} failed -> blocked {5} ({6}%)")
    @CsvSource({
        // cPanel: 9 failed of 16 -> blocked; 8 of 15 -> not; 6 failed of 8 -> not (under the count)
        "7, 55, 7, 0, 9, true, 56",
        "7, 55, 7, 0, 8, false, 53",
        "7, 55, 2, 0, 6, false, 75",
        // deferrals count like failures
        "7, 55, 7, 4, 5, true, 56",
        // exactly the percentage is enough: 11 of 20 = 55 %
        "7, 55, 9, 11, 0, true, 55",
        // 55 % minus a hair: 10 of 19 = 52.6 %
        "7, 55, 9, 10, 0, false, 52",
        // exactly the trigger with every delivery failed
        "7, 55, 0, 0, 7, true, 100",
        // default: trigger 5, percentage off -> the count alone
        "5, 0, 1000, 5, 0, true, 0",
        "5, 0, 0, 4, 0, false, 100",
        "5, 0, 0, 0, 0, false, 0",
    })
    void deferFailRule(int trigger, int percentage, int delivered, int deferred, int failed, boolean blocked,
                       int percent) {
        var rules = rules(trigger, percentage == 0 ? OptionalInt.empty() : OptionalInt.of(percentage));
        var tally = new Tally(delivered, deferred, failed, 0);
        assertThat(rules.trips(tally)).isEqualTo(blocked);
        assertThat(tally.percent()).isEqualTo(percent);
    }

    /** limits.max_emails_per_hour 100 with the 125 % cutoff: 100 go, 25 wait, the 126th is refused. */
    @ParameterizedTest(name = "cap {0}, cutoff {1}%: message {2} -> {3}")
    @CsvSource({
        "100, 125, 1, SEND",
        "100, 125, 100, SEND",
        "100, 125, 101, HOLD",
        "100, 125, 125, HOLD",
        "100, 125, 126, REFUSE",
        "10, 100, 10, SEND",
        "10, 100, 11, REFUSE",
        "3, 150, 4, HOLD",
        "3, 150, 5, REFUSE",
        "1, 125, 2, REFUSE",
    })
    void hourlyCap(int max, int cutoff, int ordinal, LimitRules.Cap expected) {
        assertThat(cap(max, cutoff).cap(ordinal)).isEqualTo(expected);
    }

    @Test
    void noCapSendsEverything() {
        assertThat(rules(5, OptionalInt.empty()).cap(1_000_000)).isEqualTo(LimitRules.Cap.SEND);
        assertThat(rules(5, OptionalInt.empty()).cutoff()).isEmpty();
    }

    @Test
    void percentagesAreTruncated() {
        assertThat(LimitRules.percent(7, 12)).isEqualTo(58); // the "7/5 (58%)"
        assertThat(LimitRules.percent(2, 3)).isEqualTo(66);
        assertThat(LimitRules.percent(0, 0)).isZero();
    }

    @Test
    void overridesReplaceTheDefaultsOneByOne() {
        var base = rules(5, OptionalInt.empty());
        var domain = base.with(Map.of("min_defer_fail_to_trigger", "7", "max_defer_fail_percentage", "55",
                "max_emails_per_hour", "200", "defer_cutoff_percentage", "150", "on_block", "FAIL",
                "count_retries", "true"));
        assertThat(domain).isEqualTo(new LimitRules(LimitRules.Window.CLOCK_HOUR, 7, OptionalInt.of(55),
                OptionalInt.of(200), 150, LimitRules.OnBlock.FAIL, true));
        assertThat(domain.with("max_emails_per_hour", "off").maxEmailsPerHour()).isEmpty();
        for (String name : LimitRules.OVERRIDABLE) {
            assertThat(base.with(name, domain.value(name)).value(name)).isEqualTo(domain.value(name));
        }
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "min_defer_fail_to_trigger, 0, at least 1",
        "min_defer_fail_to_trigger, many, at least 1",
        "max_defer_fail_percentage, 101, from 1 to 100",
        "max_emails_per_hour, -5, at least 1",
        "defer_cutoff_percentage, 99, at least 100",
        "on_block, bounce, defer or fail",
        "count_retries, maybe, true or false",
        "window, rolling, unknown limit",
    })
    void badOverridesAreRefusedWithTheReason(String name, String value, String reason) {
        assertThatThrownBy(() -> rules(5, OptionalInt.empty()).with(name, value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }
}
