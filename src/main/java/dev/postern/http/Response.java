package dev.postern.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response as a value: status, content type, body, and any extra header (e.g. {@code Allow}). */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String XML = "application/xml; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    Response {
        headers = Map.copyOf(headers);
    }

    static Response ok(String contentType, String body) {
        return new Response(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** An error for a person reading it in a browser or in curl: one line of plain text. */
    static Response error(int status, String message) {
        return new Response(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response methodNotAllowed(String allow) {
        return new Response(405, TEXT, ("method not allowed; use " + allow + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of("Allow", allow));
    }
}
