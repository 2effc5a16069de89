package dev.postern.smtp.client;

import dev.postern.smtp.Reply;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The service extensions an EHLO reply advertised (RFC 5321 §4.1.1.1): keyword to its parameters. */
record Extensions(Map<String, String> keywords) {

    static final Extensions NONE = new Extensions(Map.of());

    static Extensions of(Reply ehlo) {
        var map = new TreeMap<String, String>();
        var lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) { // the first line is the server's name
            String[] parts = lines.get(i).strip().split(" ", 2);
            if (!parts[0].isEmpty()) {
                map.put(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            }
        }
        return new Extensions(Map.copyOf(map));
    }

    boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    /** RFC 1870: SIZE with a positive limit; SIZE alone or 0 means no fixed limit. */
    OptionalLong sizeLimit() {
        String value = keywords.get("SIZE");
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long limit = Long.parseLong(value.strip());
            return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** RFC 4954: the SASL mechanisms after AUTH. */
    boolean authMechanism(String mechanism) {
        String value = keywords.get("AUTH");
        if (value == null) {
            return false;
        }
        for (String m : value.toUpperCase(Locale.ROOT).split(" ")) {
            if (m.equals(mechanism)) {
                return true;
            }
        }
        return false;
    }
}
