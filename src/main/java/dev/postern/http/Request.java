package dev.postern.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What the routes need of a request: method, decoded path, raw query, body (read only for POST). */
record Request(String method, String path, String rawQuery, byte[] body) {

    /** The first value of a query parameter, percent-decoded as UTF-8; a malformed escape throws. */
    Optional<String> parameter(String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    boolean isGet() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
