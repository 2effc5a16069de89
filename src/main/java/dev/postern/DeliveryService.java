package dev.postern;

import dev.postern.accounts.AccountStore;
import dev.postern.config.Settings;
import dev.postern.delivery.BounceSettings;
import dev.postern.delivery.Bounces;
import dev.postern.delivery.DeliveryListener;
import dev.postern.delivery.LocalDelivery;
import dev.postern.delivery.Relayhost;
import dev.postern.delivery.RemoteDelivery;
import dev.postern.delivery.RemoteSettings;
import dev.postern.delivery.Router;
import dev.postern.dns.DnsResolver;
import dev.postern.mailbox.MaildirStore;
import dev.postern.observe.Observability;
import dev.postern.queue.Deliverer;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueRunner;
import dev.postern.queue.RetrySchedule;
import dev.postern.smtp.client.ClientSettings;
import dev.postern.smtp.client.SmtpClient;
import dev.postern.smtp.client.Timeouts;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The way out of the queue: the runner, and behind it the router that sends hosted domains to
 * their Maildirs and everything else by {@code delivery.routes}, {@code delivery.relayhost} or MX
 * (docs/DELIVERY.md); failures and long delays come back to the sender as RFC 3464 reports.
 */
final class DeliveryService {
    private static final int CONCURRENCY = 32;
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(10);
    /** RET=FULL bounces carry the whole message up to this size, else its headers. */
    private static final long BOUNCE_FULL_LIMIT = 100 * 1024;

    private DeliveryService() {
    }

    /** The remote half; close it at shutdown (it caches connections). */
    static RemoteDelivery remote(Settings settings, DeliveryListener listener) {
        var delivery = settings.delivery();
        var remote = RemoteSettings.DEFAULT.withRoutes(RemoteSettings.parseRoutes(delivery.routes()))
                .withRelayhost(delivery.relayhost().isBlank() ? Optional.empty() : Optional.of(
                        Relayhost.parse(delivery.relayhost(), delivery.relayhostAuth(), delivery.relayhostTls())));
        return new RemoteDelivery(remote, new DnsResolver(delivery.dnsServers(), DNS_TIMEOUT),
                new SmtpClient(new ClientSettings(settings.hostname(), Timeouts.RFC_5321)), listener);
    }

    /** The Maildirs delivered to, by the runner and by intake ({@code delivery.local_at_intake}). */
    static MaildirStore mailboxes(Settings settings, Observability observed) {
        var mailboxes = new MaildirStore(settings.mailDir(), settings.hostname());
        observed.watch(mailboxes);
        return mailboxes;
    }

    static QueueRunner runner(Settings settings, Queue queue, AccountStore accounts, MaildirStore mailboxes,
                              Deliverer remote, Clock clock, Observability observed) {
        observed.watch(queue);
        var local = observed.deliverer("local", new LocalDelivery(mailboxes));
        var q = settings.queue();
        var retry = new RetrySchedule(q.retryFirst(), q.retryMax(), q.maxLifetime());
        var bounces = new Bounces(queue, new BounceSettings(settings.hostname(), BOUNCE_FULL_LIMIT,
                retry.giveUpAfter()), clock);
        return new QueueRunner(queue, new Router(accounts::hosts, local, observed.deliverer("remote", remote)), retry, clock, CONCURRENCY,
                bounces, q.delayWarning());
    }
}
