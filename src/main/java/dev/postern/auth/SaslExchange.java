package dev.postern.auth;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One server-side SASL exchange, protocol-neutral: SMTP AUTH (RFC 4954) and POP3 AUTH (RFC 5034)
 * both drive it with {@link #start} and then {@link #respond} for each client line, until it
 * returns {@link SaslStep.Credentials} or {@link SaslStep.Failure}. Lines are the base64 text only,
 * without the command word or CRLF. Not thread-safe; one instance per AUTH command.
 */
public final class SaslExchange {

    /** The mechanisms Postern offers, in the order to advertise them. */
    public static final List<String> MECHANISMS = List.of(PlainMechanism.NAME, LoginMechanism.NAME);

    private Optional<SaslMechanism> mechanism = Optional.empty();
    private boolean finished;

    /**
     * Begins the exchange. {@code initialResponse} is the optional argument after the mechanism
     * name (RFC 4954 §4), {@code =} meaning a zero-length response; surrounding spaces are ignored
     * (Windows Mail sends two spaces after {@code AUTH PLAIN}).
     */
    public SaslStep start(String mechanismName, Optional<String> initialResponse) {
        if (mechanism.isPresent() || finished) {
            throw new IllegalStateException("exchange already started");
        }
        var chosen = mechanismNamed(mechanismName.strip());
        if (chosen.isEmpty()) {
            return finish(new SaslStep.Failure(SaslStep.Kind.UNKNOWN_MECHANISM));
        }
        mechanism = chosen;
        var initial = initialResponse.map(String::strip).filter(r -> !r.isEmpty());
        if (initial.isEmpty()) {
            return chosen.get().begin();
        }
        // RFC 4954 §4: "=" stands for an initial response of zero length.
        return feed(initial.get().equals("=") ? "" : initial.get());
    }

    /** Continues with the client's answer to the last {@link SaslStep.Challenge}. */
    public SaslStep respond(String line) {
        if (mechanism.isEmpty() || finished) {
            throw new IllegalStateException("no challenge is outstanding");
        }
        return feed(line.strip());
    }

    private SaslStep feed(String base64) {
        // RFC 4954 §4: a client answering "*" cancels the exchange.
        if (base64.equals("*")) {
            return finish(new SaslStep.Failure(SaslStep.Kind.CANCELLED));
        }
        byte[] message;
        try {
            message = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return finish(new SaslStep.Failure(SaslStep.Kind.BAD_BASE64));
        }
        try {
            var step = mechanism.orElseThrow().next(message);
            return step instanceof SaslStep.Challenge ? step : finish(step);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    private SaslStep finish(SaslStep step) {
        finished = true;
        return step;
    }

    private static Optional<SaslMechanism> mechanismNamed(String name) {
        // RFC 4422 §3.1: mechanism names are case-insensitive on the wire.
        // Only ASCII letters fold: "plaın".toUpperCase() is PLAIN, and no mechanism is named so.
        return switch (name.chars().allMatch(c -> c < 0x80) ? name.toUpperCase(Locale.ROOT) : name) {
            case PlainMechanism.NAME -> Optional.of(new PlainMechanism());
            case LoginMechanism.NAME -> Optional.of(new LoginMechanism());
            default -> Optional.empty();
        };
    }
}
