package dev.postern.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingLookupTest {

    /** A clock the test moves by hand. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aFailureIsAskedAgainOnlyAfterFiveSecondsAndAnswersAreKeptForTheirTtl() throws Exception {
        try (var dns = new TestDns()) {
            dns.servfail("down.test").add("up.test", "TXT", "\"v=spf1 -all\"");
            var clock = new Hands();
            var lookup = new CachingLookup(List.of(dns.address()), Duration.ofSeconds(2), Duration.ofMinutes(5), clock);

            assertThat(lookup.txt("down.test").status()).isEqualTo(RecordLookup.Answer.Status.TEMPFAIL);
            assertThat(lookup.txt("down.test").status()).isEqualTo(RecordLookup.Answer.Status.TEMPFAIL);
            assertThat(dns.queries).containsOnlyOnce("down.test./TXT");
            clock.now = clock.now.plus(CachingLookup.FAILURE_TTL).plusMillis(1);
            lookup.txt("down.test");
            assertThat(dns.queries.stream().filter("down.test./TXT"::equals)).hasSize(2);

            assertThat(lookup.txt("up.test").values()).containsExactly("v=spf1 -all");
            clock.now = clock.now.plus(Duration.ofMinutes(4));
            assertThat(lookup.txt("up.test").values()).containsExactly("v=spf1 -all");
            assertThat(dns.queries).containsOnlyOnce("up.test./TXT");
        }
    }

    @Test
    void aZeroTtlCachesNothingNotEvenFailures() throws Exception {
        try (var dns = new TestDns()) {
            dns.servfail("down.test");
            var lookup = new CachingLookup(List.of(dns.address()), Duration.ofSeconds(2), Duration.ZERO, new Hands());
            lookup.txt("down.test");
            lookup.txt("down.test");
            assertThat(dns.queries.stream().filter("down.test./TXT"::equals)).hasSize(2);
        }
    }
}
