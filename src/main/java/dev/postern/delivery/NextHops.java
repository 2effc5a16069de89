package dev.postern.delivery;

import dev.postern.dns.MailHost;
import dev.postern.dns.MailHosts;
import dev.postern.dns.MxResolver;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the route of a domain: {@code delivery.routes} first, then the relay host, then MX
 * (RFC 5321 §5.1). Hop names of routes and the relay host are looked up by address only.
 */
final class NextHops {

    static final Status NULL_MX = new Status(1, 10);          // RFC 7505 §4.2: x.1.10
    static final Status BAD_DESTINATION_SYSTEM = new Status(1, 2); // x.1.2
    static final Status DIRECTORY_FAILURE = new Status(4, 3); // x.4.3

    private final RemoteSettings settings;
    private final MxResolver resolver;

    NextHops(RemoteSettings settings, MxResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    Route route(String domain) {
        HostPort route = settings.routes().get(domain);
        if (route != null) {
            return hop("route " + route, route, settings.mxTls(), Optional.empty());
        }
        if (settings.relayhost().isPresent()) {
            var relay = settings.relayhost().get();
            return hop("relay " + relay.address(), relay.address(), relay.tls(), relay.credentials());
        }
        return switch (resolver.mailHosts(domain)) {
            case MailHosts.Found f -> mx(domain, f.hosts());
            case MailHosts.NullMx n -> new Route.Unroutable(Reply.of(556, NULL_MX,
                    "the domain " + domain + " does not accept mail (null MX)"));
            case MailHosts.NoSuchDomain n -> new Route.Unroutable(Reply.of(550, BAD_DESTINATION_SYSTEM,
                    "no mail server for " + domain + ": " + n.why()));
            case MailHosts.TemporaryFailure t -> new Route.Unroutable(Reply.of(451, DIRECTORY_FAILURE, t.why()));
        };
    }

    private Route mx(String domain, List<MailHost> hosts) {
        var hops = new ArrayList<Route.Hop>();
        for (var host : hosts.subList(0, Math.min(hosts.size(), settings.maxMxHosts()))) {
            for (var address : host.addresses()) {
                hops.add(new Route.Hop(host.name(), new InetSocketAddress(address, settings.mxPort())));
            }
        }
        return new Route.Hops(domain, hops, settings.mxTls(), Optional.empty());
    }

    private Route hop(String destination, HostPort target, dev.postern.smtp.client.TlsPolicy tls,
                      Optional<dev.postern.smtp.client.Credentials> auth) {
        var literal = literal(target.host());
        if (literal.isPresent()) {
            return new Route.Hops(destination, List.of(new Route.Hop(target.host(),
                    new InetSocketAddress(literal.get(), target.port()))), tls, auth);
        }
        return switch (resolver.addressesOf(target.host())) {
            case MailHosts.Found f when !f.hosts().isEmpty() -> new Route.Hops(destination, f.hosts().getFirst()
                    .addresses().stream().map(a -> new Route.Hop(target.host(), new InetSocketAddress(a, target.port())))
                    .toList(), tls, auth);
            case MailHosts.TemporaryFailure t -> new Route.Unroutable(Reply.of(451, DIRECTORY_FAILURE, t.why()));
            // A configured hop that does not resolve is our mistake, not the recipient's: defer.
            default -> new Route.Unroutable(Reply.of(451, DIRECTORY_FAILURE, "next hop " + target.host()
                    + " has no address (check delivery.routes / delivery.relayhost)"));
        };
    }

    private static Optional<InetAddress> literal(String host) {
        try {
            return Optional.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }
}
