package dev.postern.delivery;

import dev.postern.dns.MxResolver;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Outcome;
import dev.postern.queue.QueueEntry;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import dev.postern.smtp.client.ClientSession;
import dev.postern.smtp.client.SessionFailure;
import dev.postern.smtp.client.SmtpClient;
import dev.postern.smtp.client.TlsPolicy;
import dev.postern.smtp.client.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to other mail servers. An entry's recipients are grouped by domain; each group goes to
 * its route's hops in order (MX preference, then each address). A recipient answered 2xx is
 * delivered, 5xx failed; 4xx or a connection that could not be opened sends the rest on to the next
 * hop, and whoever is left after the last hop is deferred with the last reply (RFC 5321 §4.5.4.1,
 * §5.1). At most {@code destinationConcurrency} deliveries run to one destination at once; a
 * delivery that finds the destination full waits a little, then defers.
 */
public final class RemoteDelivery implements Deliverer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteDelivery.class);
    static final Status CONGESTION = new Status(4, 5); // x.4.5 system congestion
    private static final long CAP_WAIT_SECONDS = 60;

    private final RemoteSettings settings;
    private final NextHops nextHops;
    private final SmtpClient client;
    private final DeliveryListener listener;
    private final SessionCache cache;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final Thread sweeper;
    private volatile boolean closed;

    public RemoteDelivery(RemoteSettings settings, MxResolver resolver, SmtpClient client, DeliveryListener listener) {
        this.settings = settings;
        this.nextHops = new NextHops(settings, resolver);
        this.client = client;
        this.listener = listener;
        this.cache = new SessionCache(settings.connectionCacheTime());
        // Idle connections are closed (QUIT) once their keep time is up, even when no mail follows.
        this.sweeper = Thread.ofVirtual().name("smtp-connection-cache").start(this::sweep);
    }

    private void sweep() {
        try {
            while (!closed) {
                Thread.sleep(Math.max(100, settings.connectionCacheTime().toMillis() / 2));
                cache.expire();
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    @Override
    public List<Outcome> deliver(QueueEntry entry, List<Recipient> recipients, Content content) {
        var outcomes = new Outcome[recipients.size()];
        var byDomain = new LinkedHashMap<String, List<Integer>>();
        for (int i = 0; i < recipients.size(); i++) {
            byDomain.computeIfAbsent(recipients.get(i).address().domain(), d -> new ArrayList<>()).add(i);
        }
        byDomain.forEach((domain, indexes) -> {
            var group = indexes.stream().map(recipients::get).toList();
            var groupOutcomes = deliverDomain(entry, domain, group, content);
            for (int k = 0; k < indexes.size(); k++) {
                outcomes[indexes.get(k)] = groupOutcomes.get(k);
            }
        });
        Optional<String> senderDomain = DeliveryReport.senderDomainOf(entry);
        for (int i = 0; i < outcomes.length; i++) {
            logOutcome(entry, recipients.get(i), outcomes[i]);
            try {
                listener.report(new DeliveryReport(entry.id(), senderDomain, recipients.get(i).address(), outcomes[i]));
            } catch (RuntimeException e) {
                log.error("{}: delivery listener failed; outcome not counted", entry.id(), e); // never lose the delivery
            }
        }
        cache.expire();
        return Arrays.asList(outcomes);
    }

    private List<Outcome> deliverDomain(QueueEntry entry, String domain, List<Recipient> group, Content content) {
        return switch (nextHops.route(domain)) {
            case Route.Unroutable u -> group.stream().map(r -> outcome(u.reply(), Optional.empty())).toList();
            case Route.Hops hops -> {
                var cap = inFlight.computeIfAbsent(hops.destination(),
                        d -> new Semaphore(settings.destinationConcurrency()));
                if (!acquire(cap)) {
                    Reply busy = Reply.of(451, CONGESTION, "too many deliveries to " + hops.destination()
                            + " in progress; will retry");
                    yield group.stream().map(r -> outcome(busy, Optional.empty())).toList();
                }
                try {
                    yield throughHops(entry, hops, group, content);
                } finally {
                    cap.release();
                }
            }
        };
    }

    /** Tries each hop with the recipients still open; see the class comment for the rules. */
    private List<Outcome> throughHops(QueueEntry entry, Route.Hops route, List<Recipient> group, Content content) {
        var outcomes = new Outcome[group.size()];
        var last = new Outcome[group.size()]; // each recipient's latest temporary failure
        java.util.Arrays.fill(last, new Outcome.Deferred(Reply.of(451, Status.NETWORK_OTHER,
                "no mail host to try for " + route.destination())));
        for (var hop : route.hops()) {
            var open = new ArrayList<Integer>();
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    open.add(i);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            var key = new SessionCache.Key(hop.address(), route.tls(), route.auth());
            ClientSession session;
            try {
                session = session(key, hop, route);
            } catch (SessionFailure f) {
                log.info("{}: {} unusable: {}", entry.id(), hop.address(), f.reply().text());
                var remote = Optional.of(hop.hostname() + "[" + hop.address().getAddress().getHostAddress() + "]:"
                        + hop.address().getPort());
                // A session that could not be opened never delivers, whatever odd code the server used.
                Reply why = f.reply().positive() ? Reply.of(451, Status.NETWORK_OTHER, f.reply().text()) : f.reply();
                open.forEach(i -> last[i] = outcome(why, remote));
                continue;
            }
            var replies = session.send(new Transaction(entry.sender(), open.stream().map(group::get).toList(),
                    entry.parameters(), entry.size(), content::open));
            for (int k = 0; k < open.size(); k++) {
                Outcome outcome = outcome(replies.get(k), Optional.of(session.remote()));
                if (outcome instanceof Outcome.Delivered) {
                    // logged here, where the accepting host and its reply are known (docs/LOGGING.md)
                    log.info("{}: to=<{}> relay={} status=sent ({} {})", entry.id(), group.get(open.get(k)).address(),
                            session.remote(), replies.get(k).code(), replies.get(k).text());
                }
                if (outcome instanceof Outcome.Deferred) {
                    last[open.get(k)] = outcome; // RFC 5321 §5.1: try the next host
                } else {
                    outcomes[open.get(k)] = outcome;
                }
            }
            cache.give(key, session);
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = last[i]; // a 5xx greeting or TLS refusal from the last host stays a failure
            }
        }
        return Arrays.asList(outcomes);
    }

    private ClientSession session(SessionCache.Key key, Route.Hop hop, Route.Hops route) throws SessionFailure {
        var cached = cache.take(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            return client.open(hop.address(), hop.hostname(), route.tls(), route.auth());
        } catch (SessionFailure f) {
            if (f.stage() != SessionFailure.Stage.TLS_HANDSHAKE || route.tls().mode() != TlsPolicy.Mode.OPPORTUNISTIC) {
                throw f;
            }
            // Opportunistic TLS (RFC 7435): a broken handshake falls back to plaintext, as Postfix's
            // "may" level does, rather than deferring mail to a server whose TLS is misconfigured.
            log.info("TLS handshake with {} failed ({}); retrying without TLS", hop.address(), f.getMessage());
            return client.open(hop.address(), hop.hostname(), TlsPolicy.NONE, route.auth());
        }
    }

    private static Outcome outcome(Reply reply, Optional<String> remote) {
        if (reply.positive()) {
            return Outcome.DELIVERED;
        }
        return reply.permanentFailure() ? new Outcome.Failed(reply, remote) : new Outcome.Deferred(reply, remote);
    }

    private static boolean acquire(Semaphore cap) {
        try {
            return cap.tryAcquire(CAP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void logOutcome(QueueEntry entry, Recipient rcpt, Outcome outcome) {
        switch (outcome) {
            case Outcome.Delivered d -> { } // logged with the remote host and reply as it happened
            case Outcome.Deferred d -> log.info("{}: to=<{}> relay={} status=deferred ({} {})", entry.id(),
                    rcpt.address(), d.remoteMta().orElse("none"), d.reason().code(), d.reason().text());
            case Outcome.Failed f -> log.info("{}: to=<{}> relay={} status=bounced ({} {})", entry.id(),
                    rcpt.address(), f.remoteMta().orElse("none"), f.reason().code(), f.reason().text());
        }
    }

    /** Closes the cached idle connections (QUIT). */
    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        cache.close();
    }
}
