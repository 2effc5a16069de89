package dev.postern.metrics;

import java.util.List;

/** A value that goes up and down (Prometheus {@code gauge}), such as sessions in progress. */
public final class Gauge extends Family {

    Gauge(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
    }

    public void inc(String... labelValues) {
        series(labelValues).increment();
    }

    public void dec(String... labelValues) {
        series(labelValues).decrement();
    }

    public long value(String... labelValues) {
        return series(labelValues).sum();
    }
}
