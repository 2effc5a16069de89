package dev.postern.delivery;

import dev.postern.queue.BounceHook;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueEntry;
import dev.postern.queue.Undelivered;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends bounces and delay notices (RFC 3464) back to the sender, through the queue like any other
 * message ({@link Queue#receive} then commit, with the null sender, RFC 5321 §4.5.5). Never to the
 * null sender, so never a bounce of a bounce; only for recipients whose NOTIFY asks for it (RFC 3461
 * §4.1: none given means FAILURE and DELAY here; NEVER means none).
 */
public final class Bounces implements BounceHook {

    private static final Logger log = LoggerFactory.getLogger(Bounces.class);

    private final Queue queue;
    private final BounceSettings settings;
    private final Clock clock;

    public Bounces(Queue queue, BounceSettings settings, Clock clock) {
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void failed(QueueEntry entry, List<Undelivered> recipients) throws IOException {
        send(entry, recipients, DeliveryStatusReport.Action.FAILED);
    }

    @Override
    public void delayed(QueueEntry entry, List<Undelivered> recipients) throws IOException {
        send(entry, recipients, DeliveryStatusReport.Action.DELAYED);
    }

    private void send(QueueEntry entry, List<Undelivered> recipients, DeliveryStatusReport.Action action)
            throws IOException {
        if (!(entry.sender() instanceof ReversePath.Sender sender)) {
            log.info("{}: no {} notice: the sender is <> (never bounce a bounce)", entry.id(), action.word());
            return;
        }
        var wanted = recipients.stream().filter(u -> wants(u.recipient(), action)).toList();
        if (wanted.isEmpty()) {
            log.info("{}: no {} notice: NOTIFY of the recipients excludes it", entry.id(), action.word());
            return;
        }
        byte[] report = new DeliveryStatusReport(entry, wanted, action, settings, clock.instant(), original(entry, action))
                .bytes();
        var body = eightBit(report) ? MailParameters.Body.EIGHT_BIT_MIME : MailParameters.Body.SEVEN_BIT;
        var parameters = new MailParameters(OptionalLong.of(report.length), body, false, Optional.empty(),
                Optional.empty());
        var writer = queue.receive(ReversePath.NULL, List.of(Recipient.of(sender.address())), parameters,
                "postern " + action.word() + " notice for " + entry.id());
        try {
            writer.body().write(report);
            var notice = writer.commit();
            log.info("{}: {} notice {} queued for {}", entry.id(), action.word(), notice.id(), sender.address());
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw e;
        }
    }

    /** RFC 3461 §4.1: NOTIFY=NEVER, or a list without this event, means no notice. */
    static boolean wants(Recipient recipient, DeliveryStatusReport.Action action) {
        var notify = recipient.notifyOn();
        if (notify.isEmpty()) {
            return true;
        }
        return notify.contains(switch (action) {
            case FAILED -> Recipient.Notify.FAILURE;
            case DELAYED -> Recipient.Notify.DELAY;
        });
    }

    /** The original: whole with RET=FULL (failures only, up to the limit), its header block otherwise. */
    private DeliveryStatusReport.Original original(QueueEntry entry, DeliveryStatusReport.Action action)
            throws IOException {
        boolean full = action == DeliveryStatusReport.Action.FAILED
                && entry.parameters().ret().orElse(MailParameters.Ret.HDRS) == MailParameters.Ret.FULL
                && entry.size() <= settings.fullMessageLimit();
        try (var in = queue.openContent(entry)) {
            if (full) {
                return new DeliveryStatusReport.Original(in.readAllBytes(), true);
            }
            return new DeliveryStatusReport.Original(DeliveryStatusReport.headerBlock(in), false);
        }
    }

    private static boolean eightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
