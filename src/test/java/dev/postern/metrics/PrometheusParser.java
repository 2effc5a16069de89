package dev.postern.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postern.e2e.ExternalClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Prometheus project's text-format parser (python3-prometheus-client), run on a scraped page:
 * the page must parse, and the samples come back as {@code name{"label":"value",…}} → value, the
 * labels as sorted JSON, so {@code sample(...)} looks one up by name and labels.
 */
public final class PrometheusParser {

    /** Each sample under {@code name + labels-json}, e.g. {@code postern_connections_total{"listener":"smtp"}}. */
    public record Samples(Map<String, Double> values, Map<String, String> types) {
        public double get(String name, String... labels) {
            var key = key(name, labels);
            assertThat(values).as("sample %s in the scrape", key).containsKey(key);
            return values.get(key);
        }

        public double getOrZero(String name, String... labels) {
            return values.getOrDefault(key(name, labels), 0.0);
        }

        /** {@code labels} as name, value pairs, in sorted name order. */
        private static String key(String name, String... labels) {
            var json = new StringBuilder("{");
            for (int i = 0; i < labels.length; i += 2) {
                json.append(i > 0 ? "," : "").append('"').append(labels[i]).append("\":\"").append(labels[i + 1])
                        .append('"');
            }
            return name + json.append('}');
        }
    }

    private PrometheusParser() {
    }

    public static Samples parse(String page) throws IOException, InterruptedException {
        Path file = Files.createTempFile("postern-metrics-", ".txt");
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
            var result = ExternalClient.python("parse_metrics.py", file.toString());
            assertThat(result.ok()).as("the Prometheus parser accepts the page:\n%s\n%s", result, page).isTrue();
            var values = new LinkedHashMap<String, Double>();
            var types = new LinkedHashMap<String, String>();
            for (String line : result.stdout().lines().toList()) {
                String[] parts = line.split("\t");
                values.put(parts[1] + parts[2], Double.parseDouble(parts[3]));
                types.put(parts[1], parts[0]);
            }
            return new Samples(values, types);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
