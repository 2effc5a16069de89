package dev.postern.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry of metrics and its Prometheus text page ({@link #scrape()}). Metrics are declared
 * once, at start; names are unique. Thread-safe: sessions increment while a scrape reads.
 */
public final class Metrics {

    /** The {@code Content-Type} of {@link #scrape()}'s page. */
    public static final String CONTENT_TYPE = TextFormat.CONTENT_TYPE;

    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private sealed interface Entry permits Stored, Sampled {
        String name();
    }

    private record Stored(Family family, String type) implements Entry {
        public String name() {
            return family.name;
        }
    }

    /** A value read at scrape time from elsewhere (the queue's size, fsyncs counted by the queue). */
    private record Sampled(String name, String help, String type, DoubleSupplier value) implements Entry {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public Counter counter(String name, String help, String... labelNames) {
        return (Counter) add(new Stored(new Counter(name, help, List.of(labelNames)), "counter")).family();
    }

    public Gauge gauge(String name, String help, String... labelNames) {
        return (Gauge) add(new Stored(new Gauge(name, help, List.of(labelNames)), "gauge")).family();
    }

    /** A gauge whose value is read when scraped. */
    public void gauge(String name, String help, DoubleSupplier value) {
        add(new Sampled(TextFormat.metricName(name), help, "gauge", value));
    }

    /** A counter kept elsewhere (it must only grow), read when scraped. */
    public void counter(String name, String help, DoubleSupplier value) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        add(new Sampled(TextFormat.metricName(name), help, "counter", value));
    }

    /** The page for {@code GET /metrics}, in the text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        var out = new StringBuilder(4096);
        for (Entry entry : new ArrayList<>(entries)) {
            switch (entry) {
                case Stored stored -> stored.family().write(out, stored.type());
                case Sampled sampled -> sample(out, sampled);
            }
        }
        return out.toString();
    }

    private static void sample(StringBuilder out, Sampled sampled) {
        double value;
        try {
            value = sampled.value().getAsDouble();
        } catch (RuntimeException e) {
            log.warn("metric {} not available: {}", sampled.name(), e.toString());
            return;
        }
        TextFormat.header(out, sampled.name(), sampled.help(), sampled.type());
        TextFormat.sample(out, sampled.name(), List.of(), List.of(), value);
    }

    private synchronized <E extends Entry> E add(E entry) {
        if (entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
            throw new IllegalArgumentException("metric declared twice: " + entry.name());
        }
        entries.add(entry);
        return entry;
    }
}
