package dev.postern.accounts;

import java.util.List;

/** {@code source} ({@code local@domain}, or {@code @domain} for the catch-all) forwards to targets. */
public record Alias(String source, List<String> targets) {
    public Alias {
        targets = List.copyOf(targets);
    }

    public boolean catchAll() {
        return source.startsWith("@");
    }
}
