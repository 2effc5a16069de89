package dev.postern.delivery;

import dev.postern.smtp.client.TlsPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Remote delivery's settings. {@code routes}: {@code delivery.routes}, domain to next hop, checked
 * first (like a Postfix transport map; the hop's name is resolved by A/AAAA, never MX).
 * {@code relayhost}: {@code delivery.relayhost*}, used for every other remote domain when set.
 * {@code mxTls}: TLS towards MX hosts (opportunistic, trust any, by default).
 * {@code destinationConcurrency}: deliveries in flight to one destination domain at once (Postfix's
 * default_destination_concurrency_limit, 20). {@code maxMxHosts}: MX hosts tried per attempt
 * (Postfix's smtp_mx_address_limit is 5 addresses; we count hosts, each with all its addresses).
 * {@code connectionCacheTime}: how long an idle connection is kept for the next message to the
 * same host (Postfix: 2 s). {@code mxPort}: the port of MX hosts, 25 (RFC 5321 §4.5.4.2); another
 * value only for tests, which may not bind port 25.
 */
public record RemoteSettings(Map<String, HostPort> routes, Optional<Relayhost> relayhost, TlsPolicy mxTls,
                             int destinationConcurrency, int maxMxHosts, Duration connectionCacheTime,
                             int mxPort) {

    public RemoteSettings {
        routes = Map.copyOf(routes);
        if (destinationConcurrency < 1 || maxMxHosts < 1) {
            throw new IllegalArgumentException("destination concurrency and MX hosts must be at least 1");
        }
    }

    /** Direct MX delivery, no routes, no relay host. */
    public static final RemoteSettings DEFAULT = new RemoteSettings(Map.of(), Optional.empty(),
            TlsPolicy.OPPORTUNISTIC, 20, 5, Duration.ofSeconds(2), 25);

    public RemoteSettings withRoutes(Map<String, HostPort> routes) {
        return new RemoteSettings(routes, relayhost, mxTls, destinationConcurrency, maxMxHosts, connectionCacheTime, mxPort);
    }

    public RemoteSettings withMxPort(int mxPort) {
        return new RemoteSettings(routes, relayhost, mxTls, destinationConcurrency, maxMxHosts, connectionCacheTime,
                mxPort);
    }

    public RemoteSettings withRelayhost(Optional<Relayhost> relayhost) {
        return new RemoteSettings(routes, relayhost, mxTls, destinationConcurrency, maxMxHosts, connectionCacheTime, mxPort);
    }

    /** Parses {@code delivery.routes}: {@code domain=host:port,domain=host:port}; empty for none. */
    public static Map<String, HostPort> parseRoutes(String value) {
        var routes = new LinkedHashMap<String, HostPort>();
        for (String item : value.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("delivery.routes: expected domain=host:port, got " + item.strip());
            }
            String domain = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (routes.put(domain, HostPort.parse(item.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("delivery.routes: " + domain + " given twice");
            }
        }
        return routes;
    }
}
