package dev.postern.intake;

import dev.postern.policy.Decision;
import dev.postern.policy.RelayPolicy;
import dev.postern.policy.RelayRequest;
import dev.postern.mailbox.MaildirStore;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueId;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Inbound} of the SMTP sessions: relay policy, recipient lookup, Received: header, queue. */
public final class Intake implements Inbound {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    private final Directory directory;
    private final RelayPolicy relay;
    private final Queue queue;
    private final String hostname;
    private final Clock clock;
    private final Predicate<InetAddress> popBeforeSmtp;
    private final SenderIdentity senders;
    private final SendingQuota quota;
    /** Null unless {@link #deliveringLocally}: then mail for hosted mailboxes only skips the queue. */
    private final MaildirStore mailboxes;
    private final Runnable deliveredLocally;
    /**
     * The directory's answers within the transaction this thread is in: the answers RCPT accepted
     * a recipient with, DATA reuses (one database read per recipient, not two). A session runs on
     * a thread of its own, its transactions one after another: MAIL FROM starts a memo and
     * {@link #open} ends it.
     */
    private final ThreadLocal<Directory> transaction = new ThreadLocal<>();

    /**
     * @param hostname      this server's name, for the {@code Received:} header
     * @param popBeforeSmtp whether an address holds a POP-before-SMTP grant ({@code ip -> false} until POP3 lands)
     */
    public Intake(Directory directory, RelayPolicy relay, Queue queue, String hostname, Clock clock,
                  Predicate<InetAddress> popBeforeSmtp) {
        this(directory, relay, queue, hostname, clock, popBeforeSmtp, SenderIdentity.UNCHECKED);
    }

    /** As above; {@code senders} decides which MAIL FROM an authenticated client may use. */
    public Intake(Directory directory, RelayPolicy relay, Queue queue, String hostname, Clock clock,
                  Predicate<InetAddress> popBeforeSmtp, SenderIdentity senders) {
        this(directory, relay, queue, hostname, clock, popBeforeSmtp, senders, SendingQuota.NONE);
    }

    /** As above; {@code quota} holds the per-domain sending limits (docs/LIMITS.md). */
    public Intake(Directory directory, RelayPolicy relay, Queue queue, String hostname, Clock clock,
                  Predicate<InetAddress> popBeforeSmtp, SenderIdentity senders, SendingQuota quota) {
        this(directory, relay, queue, hostname, clock, popBeforeSmtp, senders, quota, null, () -> { });
    }

    private Intake(Directory directory, RelayPolicy relay, Queue queue, String hostname, Clock clock,
                   Predicate<InetAddress> popBeforeSmtp, SenderIdentity senders, SendingQuota quota,
                   MaildirStore mailboxes, Runnable deliveredLocally) {
        this.directory = directory;
        this.relay = relay;
        this.queue = queue;
        this.hostname = hostname;
        this.clock = clock;
        this.popBeforeSmtp = popBeforeSmtp;
        this.senders = senders;
        this.quota = quota;
        this.mailboxes = mailboxes;
        this.deliveredLocally = deliveredLocally;
    }

    /**
     * This intake, writing a message whose every recipient is in a hosted domain straight into the
     * Maildirs before its 250, without a queue file ({@code delivery.local_at_intake}, docs/DELIVERY.md);
     * {@code delivered} runs once per copy delivered so (the metrics). Other mail is queued as before.
     */
    public Intake deliveringLocally(MaildirStore store, Runnable delivered) {
        return new Intake(directory, relay, queue, hostname, clock, popBeforeSmtp, senders, quota, store, delivered);
    }

    /**
     * Syntax was checked by the session. Unauthenticated clients may use any sender, the null one
     * too (RFC 5321 §4.5.5); an authenticated one only those its account owns (RFC 6409 §6.1).
     */
    @Override
    public Reply mailFrom(Client client, ReversePath from, MailParameters parameters) {
        transaction.set(Directory.rememberingAccepted(directory));
        // RFC 1870 §6.1 / RFC 3463 4.3.1: refuse before the client sends what we could not keep.
        if (!queue.hasRoomFor(parameters.size().orElse(0))) {
            log.warn("MAIL FROM refused: queue file system below queue.min_free_space");
            return Replies.INSUFFICIENT_STORAGE;
        }
        if (client.authenticatedUser().isEmpty()) {
            return Replies.SENDER_OK;
        }
        try {
            Optional<Reply> refused = senders.check(client.authenticatedUser().get(), from);
            if (refused.isPresent()) {
                return refused.get();
            }
        } catch (RuntimeException e) {
            log.error("sender check for {} failed", client.authenticatedUser().get(), e);
            return Replies.TEMPORARY_SENDER_FAILURE;
        }
        // docs/LIMITS.md: a blocked domain is refused here, before any mail is accepted.
        return senderDomain(client, from).flatMap(quota::refusal).orElse(Replies.SENDER_OK);
    }

    /**
     * The domain the sending limits count a client's mail under: the authenticated user's, else
     * the envelope sender's (trusted networks, POP-before-SMTP); none for the null sender.
     */
    static Optional<String> senderDomain(Client client, ReversePath from) {
        Optional<String> user = client.authenticatedUser().filter(u -> u.lastIndexOf('@') > 0
                && u.lastIndexOf('@') < u.length() - 1);
        if (user.isPresent()) {
            return Optional.of(user.get().substring(user.get().lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT));
        }
        return switch (from) {
            case ReversePath.Null n -> Optional.empty();
            case ReversePath.Sender s -> Optional.of(s.address().domain());
        };
    }

    @Override
    public Reply rcptTo(Client client, ReversePath from, Recipient to) {
        try {
            return decide(client, from, to.address());
        } catch (RuntimeException e) {
            log.error("recipient lookup for <{}> failed", to.address(), e);
            return Replies.temporaryLookupFailure(to.address());
        }
    }

    private Reply decide(Client client, ReversePath from, MailAddress address) {
        switch (lookups().resolve(address)) { // one read: the domain, then the mailbox or alias
            case Directory.Resolution.Unknown u -> {
                return Replies.noSuchUser(address);
            }
            case Directory.Resolution.Deliver d -> {
                return Replies.RECIPIENT_OK;
            }
            case Directory.Resolution.NotHosted n -> {
                // not ours: a relay question, below
            }
        }
        InetAddress ip = client.peer().address();
        boolean grant = client.authenticatedUser().isEmpty() && popBeforeSmtp.test(ip);
        var decision = relay.decide(new RelayRequest(address, false, client.authenticatedUser(), ip, grant));
        return switch (decision) {
            // A relaying client that did not authenticate meets the sending limits here (docs/LIMITS.md).
            case Decision.Accept accept -> client.authenticatedUser().isPresent() ? Replies.RECIPIENT_OK
                    : senderDomain(client, from).flatMap(quota::refusal).orElse(Replies.RECIPIENT_OK);
            case Decision.Refuse refuse -> {
                log.info("relay denied: to=<{}> from={} client={}", address, from,
                        ReceivedHeader.addressLiteral(ip));
                yield refuse.reply();
            }
        };
    }

    /** This transaction's memo; the directory itself for a caller that skipped MAIL FROM. */
    private Directory lookups() {
        Directory memo = transaction.get();
        return memo != null ? memo : directory;
    }

    /**
     * Whether this message is relayed by a POP-before-SMTP grant (noted in Received:): some
     * recipient is not hosted here and the client did not authenticate but holds a grant.
     */
    private ReceivedHeader.RelayGrant relayGrant(Client client, boolean relayed) {
        return relayed && client.authenticatedUser().isEmpty() && popBeforeSmtp.test(client.peer().address())
                ? ReceivedHeader.RelayGrant.POP_BEFORE_SMTP : ReceivedHeader.RelayGrant.NONE;
    }

    /**
     * Starts the queue entry and writes the {@code Received:} header. A queue that cannot even be
     * opened yields a sink that swallows the content and answers 451/452 at commit, so the session
     * stays in step with the client.
     */
    @Override
    public MessageSink open(Client client, Envelope envelope) {
        List<Recipient> targets;
        boolean relayed;
        Optional<String> counted;
        Directory lookups = Directory.remembering(lookups());
        transaction.remove();
        boolean local;
        try {
            targets = expand(envelope.recipients(), lookups);
            relayed = envelope.recipients().stream().anyMatch(r -> !lookups.hosts(r.address().domain()));
            // Mail the client relays counts under its sender domain; forwarding by a hosted alias never does.
            counted = relayed ? senderDomain(client, envelope.sender()) : Optional.empty();
            local = mailboxes != null && counted.isEmpty() && allHosted(targets, lookups);
        } catch (RuntimeException e) {
            log.error("alias expansion failed", e);
            return QueueSink.failed(new IOException("directory lookup failed", e));
        }
        var grant = relayGrant(client, relayed);
        if (local) {
            Optional<MessageSink> direct = openMailboxes(client, envelope, targets, grant);
            if (direct.isPresent()) {
                return direct.get();
            }
        }
        try {
            var writer = queue.receive(envelope.sender(), targets, envelope.parameters(), describe(client));
            var sink = new QueueSink(writer, envelope, targets, client, quota, counted);
            String received = ReceivedHeader.format(client, hostname, writer.id(), envelope.recipients(),
                    ZonedDateTime.now(clock), grant);
            sink.body().write(received.getBytes(StandardCharsets.UTF_8));
            return sink;
        } catch (IOException e) {
            log.error("cannot open a queue file: {}", e.toString());
            return QueueSink.failed(e);
        }
    }

    /**
     * The direct way for mail that stays here: the {@code tmp/} files of every recipient's Maildir.
     * Empty when one cannot be opened (an unusable mailbox name, a directory that cannot be made):
     * then the message is queued, and local delivery retries or bounces it as it always did.
     */
    private Optional<MessageSink> openMailboxes(Client client, Envelope envelope, List<Recipient> targets,
                                                ReceivedHeader.RelayGrant grant) {
        QueueId id = queue.newId();
        try {
            var sink = MailboxSink.open(id, envelope, targets, mailboxes, client, deliveredLocally);
            String received = ReceivedHeader.format(client, hostname, id, envelope.recipients(),
                    ZonedDateTime.now(clock), grant);
            sink.body().write(received.getBytes(StandardCharsets.UTF_8));
            return Optional.of(sink);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: mailboxes not writable at intake ({}); queued instead", id, e.toString());
            return Optional.empty();
        }
    }

    /** Whether local delivery takes every target: the router sends hosted domains there. */
    private static boolean allHosted(List<Recipient> targets, Directory lookups) {
        return targets.stream().allMatch(target -> lookups.hosts(target.address().domain()));
    }

    /** The final destinations: aliases expanded, duplicates removed, the order kept. */
    List<Recipient> expand(List<Recipient> recipients) {
        return expand(recipients, directory);
    }

    private static List<Recipient> expand(List<Recipient> recipients, Directory lookups) {
        var targets = new LinkedHashMap<String, Recipient>();
        for (Recipient rcpt : recipients) {
            switch (lookups.resolve(rcpt.address())) {
                case Directory.Resolution.NotHosted n -> targets.putIfAbsent(rcpt.address().canonical(), rcpt);
                case Directory.Resolution.Deliver deliver when deliver.targets().isEmpty() -> keep(targets, rcpt);
                case Directory.Resolution.Deliver deliver -> deliver.targets().forEach(target ->
                        targets.putIfAbsent(target.canonical(), retarget(rcpt, target)));
                case Directory.Resolution.Unknown u -> keep(targets, rcpt);
            }
        }
        return List.copyOf(targets.values());
    }

    /** Accepted at RCPT, unresolvable now (changed from the CLI meanwhile): keep it queued rather than lose it. */
    private static void keep(LinkedHashMap<String, Recipient> targets, Recipient rcpt) {
        log.warn("recipient {} no longer resolves; queued as addressed", rcpt);
        targets.putIfAbsent(rcpt.address().canonical(), rcpt);
    }

    /** RFC 3461 §4.2: a target reached through an alias carries the original address as ORCPT. */
    private static Recipient retarget(Recipient original, MailAddress target) {
        if (target.canonical().equals(original.address().canonical())) {
            return new Recipient(target, original.notifyOn(), original.orcpt());
        }
        Optional<String> orcpt = original.orcpt().or(() -> Optional.of("rfc822;" + xtext(original.address().toString())));
        return new Recipient(target, original.notifyOn(), orcpt);
    }

    /** RFC 3461 §4: xtext, "+" and "=" and anything outside "!".."~" as +HH. */
    static String xtext(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 33 || c > 126 || c == '+' || c == '=') {
                out.append('+').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static String describe(Client client) {
        return client.helo() + " " + ReceivedHeader.addressLiteral(client.peer().address())
                + client.authenticatedUser().map(user -> " user=" + user).orElse("");
    }
}
