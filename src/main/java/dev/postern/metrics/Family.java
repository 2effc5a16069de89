package dev.postern.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The series of one counter or gauge, one {@link LongAdder} per label value set. Past
 * {@link #MAX_SERIES} new label sets share the series whose every value is {@code other}: the
 * count stays right, only its breakdown is lost.
 */
sealed class Family permits Counter, Gauge {

    static final int MAX_SERIES = 500;
    static final String OVERFLOW = "other";

    final String name;
    final String help;
    final List<String> labelNames;
    private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();

    Family(String name, String help, List<String> labelNames) {
        this.name = TextFormat.metricName(name);
        this.help = help;
        this.labelNames = TextFormat.labelNames(labelNames);
        if (labelNames.isEmpty()) {
            series.put(List.of(), new LongAdder());
        }
    }

    final LongAdder series(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + values.length);
        }
        List<String> key = List.of(values);
        LongAdder existing = series.get(key);
        if (existing != null) {
            return existing;
        }
        if (series.size() >= MAX_SERIES) {
            key = labelNames.stream().map(n -> OVERFLOW).toList();
        }
        return series.computeIfAbsent(key, k -> new LongAdder());
    }

    final void write(StringBuilder out, String type) {
        TextFormat.header(out, name, help, type);
        var sorted = new ConcurrentSkipListMap<String, Map.Entry<List<String>, LongAdder>>();
        series.entrySet().forEach(e -> sorted.put(String.join("\u0000", e.getKey()), e));
        for (var entry : new ArrayList<>(sorted.values())) {
            TextFormat.sample(out, name, labelNames, entry.getKey(), entry.getValue().sum());
        }
    }
}
