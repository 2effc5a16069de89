package dev.postern.metrics;

import java.util.List;

/** A count that only goes up (Prometheus {@code counter}); its name ends in {@code _total}. */
public final class Counter extends Family {

    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
    }

    /** Adds one to the series of these label values (in declaration order). */
    public void inc(String... labelValues) {
        series(labelValues).increment();
    }

    /** The current value of one series (for tests and {@code postern} commands). */
    public long value(String... labelValues) {
        return series(labelValues).sum();
    }
}
