/**
 * Counters and gauges with labels, and their Prometheus text exposition (format 0.0.4), served by
 * the HTTP listener at {@code /metrics}. Entry points: {@link dev.postern.metrics.Metrics} (the
 * registry; {@link dev.postern.metrics.Metrics#scrape()} is the page) and
 * {@link dev.postern.metrics.ServerMetrics} (the server's own metrics, by name).
 *
 * <p>Our own writer rather than the Prometheus Java client: the format is a page of rules (HELP,
 * TYPE, one sample per line, three escapes), the client is four jars for what we use of it, and a
 * registry we own can refuse what would hurt: a label value set is kept only up to a cap, so a
 * client that invents reply codes or listener names cannot grow memory without bound.
 *
 * <p>Invariants: incrementing never blocks nor throws (a {@link java.util.concurrent.atomic.LongAdder}
 * per series); a name or label that the format forbids is refused when the metric is declared,
 * never at scrape time; callback values that throw are left out of that scrape, not fatal.
 */
package dev.postern.metrics;
