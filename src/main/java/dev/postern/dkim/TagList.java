package dev.postern.dkim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 6376 §3.2 tag=value lists (also DMARC's, RFC 7489 §6.4): names are case-sensitive,
 * whitespace around names and values is ignored, a duplicate tag makes the list invalid.
 */
public record TagList(Map<String, String> tags) {

    public TagList {
        tags = Map.copyOf(tags);
    }

    /** Empty when the text is not a tag list (no '=', an empty or duplicate name). */
    public static Optional<TagList> parse(String text) {
        var tags = new LinkedHashMap<String, String>();
        for (String spec : text.split(";", -1)) {
            if (spec.isBlank()) {
                continue; // RFC 6376 §3.2: a trailing ';' is allowed
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String name = spec.substring(0, eq).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || tags.containsKey(name)) {
                return Optional.empty();
            }
            tags.put(name, spec.substring(eq + 1).strip());
        }
        return Optional.of(new TagList(tags));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** The value with all folding whitespace removed (base64 values, RFC 6376 §3.5 b= and bh=). */
    public Optional<String> compact(String name) {
        return get(name).map(v -> v.replaceAll("[ \t\r\n]", ""));
    }
}
