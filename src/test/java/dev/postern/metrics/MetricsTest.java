package dev.postern.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    @Test
    void aCounterWritesHelpTypeAndOneLinePerLabelSet() {
        var connections = metrics.counter("postern_connections_total", "Connections accepted.", "listener");
        connections.inc("smtp");
        connections.inc("smtp");
        connections.inc("pop3");

        assertThat(metrics.scrape()).isEqualTo("""
                # HELP postern_connections_total Connections accepted.
                # TYPE postern_connections_total counter
                postern_connections_total{listener="pop3"} 1
                postern_connections_total{listener="smtp"} 2
                """);
    }

    @Test
    void anUnlabelledCounterShowsZeroBeforeItsFirstIncrement() {
        metrics.counter("postern_messages_accepted_total", "Messages accepted.");

        assertThat(metrics.scrape()).endsWith("postern_messages_accepted_total 0\n");
    }

    @Test
    void labelValuesAndHelpAreEscapedAsTheFormatSays() throws Exception {
        var c = metrics.counter("odd_total", "Back\\slash and\nnew line.", "value");
        c.inc("quote\" back\\ line\n");

        String page = metrics.scrape();
        assertThat(page).contains("# HELP odd_total Back\\\\slash and\\nnew line.\n")
                .contains("odd_total{value=\"quote\\\" back\\\\ line\\n\"} 1\n");
        var parsed = PrometheusParser.parse(page);
        assertThat(parsed.values()).hasSize(1);
        assertThat(parsed.values().values()).containsExactly(1.0);
        assertThat(parsed.values().keySet().iterator().next()).contains("quote\\\" back\\\\ line\\n");
    }

    @Test
    void gaugesGoDownAndSampledValuesAreReadAtScrapeTime() throws Exception {
        var sessions = metrics.gauge("postern_sessions_active", "Sessions in progress.", "listener");
        sessions.inc("smtp");
        sessions.inc("smtp");
        sessions.dec("smtp");
        long[] queued = {3};
        metrics.gauge("postern_queue_messages", "Queued.", () -> queued[0]);
        metrics.counter("postern_queue_fsync_batches_total", "Batches.", () -> 7);
        queued[0] = 5;

        var parsed = PrometheusParser.parse(metrics.scrape());
        assertThat(parsed.get("postern_sessions_active", "listener", "smtp")).isEqualTo(1.0);
        assertThat(parsed.get("postern_queue_messages")).isEqualTo(5.0);
        assertThat(parsed.get("postern_queue_fsync_batches_total")).isEqualTo(7.0);
        assertThat(parsed.types()).containsEntry("postern_queue_fsync_batches_total", "counter")
                .containsEntry("postern_queue_messages", "gauge");
    }

    @Test
    void aSampledValueThatFailsIsLeftOutOfThatScrapeOnly() {
        metrics.gauge("broken", "Fails.", () -> {
            throw new IllegalStateException("disk gone");
        });
        metrics.counter("fine_total", "Works.");

        assertThat(metrics.scrape()).doesNotContain("broken").contains("fine_total 0");
    }

    @Test
    void pastTheCapNewLabelSetsShareTheOtherSeriesAndTheTotalStaysRight() {
        var c = metrics.counter("codes_total", "Codes.", "code");
        for (int i = 0; i < Family.MAX_SERIES + 50; i++) {
            c.inc("c" + i);
        }

        String page = metrics.scrape();
        assertThat(page.lines().filter(l -> l.startsWith("codes_total{"))).hasSize(Family.MAX_SERIES + 1);
        assertThat(c.value("other")).isEqualTo(50);
    }

    @Test
    void namesTheFormatForbidsAndDuplicatesAreRefusedWhenDeclared() {
        assertThatThrownBy(() -> metrics.counter("bad-name_total", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("ok_total", "x", "__reserved"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("no_suffix", "x")).hasMessageContaining("_total");
        metrics.counter("once_total", "x");
        assertThatThrownBy(() -> metrics.gauge("once_total", "x")).hasMessageContaining("twice");
    }

    @Test
    void aWrongNumberOfLabelValuesIsAProgrammingErrorNamedAtOnce() {
        var c = metrics.counter("pairs_total", "x", "a", "b");
        assertThatThrownBy(() -> c.inc("only-one")).hasMessageContaining("pairs_total");
    }

    @Test
    void numbersAreWrittenAsTheFormatExpects() {
        assertThat(TextFormat.number(3)).isEqualTo("3");
        assertThat(TextFormat.number(2.5)).isEqualTo("2.5");
        assertThat(TextFormat.number(Double.NaN)).isEqualTo("NaN");
        assertThat(TextFormat.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
