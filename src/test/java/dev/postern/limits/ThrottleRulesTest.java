package dev.postern.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleRulesTest {

    @Test
    void bansDoubleFromTheFirstAndStopAtTheMaximum() {
        var rules = ThrottleRules.DEFAULTS;
        assertThat(rules.banAfter(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(rules.banAfter(3)).isEqualTo(Duration.ofMinutes(8));
        assertThat(rules.banAfter(6)).isEqualTo(Duration.ofHours(1));
        assertThat(rules.banAfter(1_000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void nonsenseIsRefused() {
        var minute = Duration.ofMinutes(1);
        assertThatThrownBy(() -> new ThrottleRules(0, 10, minute, minute, minute, minute, 10))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ThrottleRules(5, 10, minute, Duration.ofHours(1), minute, minute, 10))
                .hasMessageContaining("max ban >= first ban");
        assertThatThrownBy(() -> new ThrottleRules(5, 10, Duration.ofHours(1), minute, minute, minute, 10))
                .hasMessageContaining("forget-after >= window");
        assertThatThrownBy(() -> new ThrottleRules(5, 10, minute, minute, minute, minute, 0))
                .hasMessageContaining("max entries");
    }
}
