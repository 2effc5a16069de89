package dev.postern.explain;

import java.time.Instant;
import java.util.Optional;

/**
 * One thing worth explaining later. {@code client} is the IP address as text; {@code sender},
 * {@code recipient} and {@code account} are addresses when known; {@code detail} is the reply
 * text or cause; {@code until} is when a grant or block ends.
 */
public record Event(Instant at, Kind kind, String client, Optional<String> sender, Optional<String> recipient,
                    Optional<String> account, String detail, Optional<Instant> until) {

    public enum Kind {
        RELAY_REFUSED, RECIPIENT_REFUSED, SENDER_REFUSED, SIZE_REFUSED, TLS_REQUIRED, AUTH_REQUIRED,
        AUTH_FAILED, AUTH_THROTTLED, POP_GRANT, LIMIT_BLOCKED;

        /** Everything but a grant is a refusal. */
        boolean refusal() {
            return this != POP_GRANT;
        }
    }

    public Event {
        detail = detail == null ? "" : detail.length() > 500 ? detail.substring(0, 500) : detail;
        sender = sender.map(Event::bounded);
        recipient = recipient.map(Event::bounded);
        account = account.map(Event::bounded);
    }

    /** A grant's detail: its window in seconds, as {@link Explainer} reads it back. */
    public static String grantDetail(java.time.Duration window) {
        return "window=" + window.toSeconds();
    }

    /** The window of a grant event, when it was recorded. */
    Optional<java.time.Duration> grantWindow() {
        if (kind != Kind.POP_GRANT || !detail.startsWith("window=")) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.Duration.ofSeconds(Long.parseLong(detail.substring("window=".length()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Addresses are stored up to the RFC 5321 path limit; a longer one is cut, never refused. */
    private static String bounded(String address) {
        return address.length() <= 320 ? address : address.substring(0, 320);
    }
}
