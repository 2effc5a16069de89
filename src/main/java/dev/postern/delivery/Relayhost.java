package dev.postern.delivery;

import dev.postern.smtp.client.Credentials;
import dev.postern.smtp.client.TlsPolicy;
import java.util.Locale;
import java.util.Optional;

/**
 * A smarthost that takes all remote mail ({@code delivery.relayhost}), for hosts whose own port 25
 * is blocked: its address, optional AUTH PLAIN credentials ({@code delivery.relayhost_auth}) and
 * how TLS is used ({@code delivery.relayhost_tls}).
 */
public record Relayhost(HostPort address, Optional<Credentials> credentials, TlsPolicy tls) {

    /**
     * From the config values: {@code host:port}, {@code user:password} or empty, and {@code none},
     * {@code starttls} (required), {@code implicit} or empty (opportunistic STARTTLS). Credentials
     * over a connection without TLS are refused: the password would cross the network in clear.
     */
    public static Relayhost parse(String hostPort, String auth, String tls) {
        TlsPolicy policy = switch (tls.strip().toLowerCase(Locale.ROOT)) {
            case "", "may", "opportunistic" -> TlsPolicy.OPPORTUNISTIC;
            case "none" -> TlsPolicy.NONE;
            case "starttls" -> new TlsPolicy(TlsPolicy.Mode.STARTTLS, TlsPolicy.Trust.ANY);
            case "implicit" -> new TlsPolicy(TlsPolicy.Mode.IMPLICIT, TlsPolicy.Trust.ANY);
            default -> throw new IllegalArgumentException("delivery.relayhost_tls must be none, starttls or implicit: "
                    + tls);
        };
        Optional<Credentials> credentials = auth.isBlank() ? Optional.empty() : Optional.of(Credentials.parse(auth));
        if (credentials.isPresent() && policy.mode() != TlsPolicy.Mode.STARTTLS
                && policy.mode() != TlsPolicy.Mode.IMPLICIT) {
            throw new IllegalArgumentException("delivery.relayhost_auth needs delivery.relayhost_tls = starttls or implicit");
        }
        return new Relayhost(HostPort.parse(hostPort), credentials, policy);
    }
}
