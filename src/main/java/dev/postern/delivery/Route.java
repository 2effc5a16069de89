package dev.postern.delivery;

import dev.postern.smtp.Reply;
import dev.postern.smtp.client.Credentials;
import dev.postern.smtp.client.TlsPolicy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** Where a domain's mail goes this attempt: hops to try in order, or a reply saying why nowhere. */
sealed interface Route {

    /** {@code destination} names the queue of this route (a domain, a route's or relay host's hop) for the concurrency cap. */
    record Hops(String destination, List<Hop> hops, TlsPolicy tls, Optional<Credentials> auth) implements Route {
        public Hops {
            hops = List.copyOf(hops);
        }
    }

    /** 5xx: a permanent failure (null MX, no such domain); 4xx: try again later (DNS trouble). */
    record Unroutable(Reply reply) implements Route {}

    /** One address to connect to, with the host name it came from. */
    record Hop(String hostname, InetSocketAddress address) {}
}
