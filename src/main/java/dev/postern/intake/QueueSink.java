package dev.postern.intake;

import dev.postern.queue.QueueEntry;
import dev.postern.queue.QueueWriter;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a session streams a message: into a queue writer. A write error is remembered and the rest
 * of the content discarded, so the session reads the client's data to its end and the failure is
 * reported once, at commit, as 451/452: never 250 unless the entry is durable.
 */
final class QueueSink implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(QueueSink.class);

    private final QueueWriter writer;
    private final Envelope envelope;
    private final List<Recipient> targets;
    private final Client client;
    private final SendingQuota quota;
    private final Optional<String> senderDomain;
    private final GuardedBody body;
    private boolean ended;

    QueueSink(QueueWriter writer, Envelope envelope, List<Recipient> targets, Client client) {
        this(writer, envelope, targets, client, SendingQuota.NONE, Optional.empty());
    }

    /** With the sending limits: {@code senderDomain} present when the message counts against them. */
    QueueSink(QueueWriter writer, Envelope envelope, List<Recipient> targets, Client client, SendingQuota quota,
              Optional<String> senderDomain) {
        this.writer = writer;
        this.envelope = envelope;
        this.targets = targets;
        this.client = client;
        this.quota = quota;
        this.senderDomain = senderDomain;
        this.body = new GuardedBody(writer == null ? OutputStream.nullOutputStream() : writer.body());
    }

    /** A sink for a queue file that could not be created: it discards the content and fails at commit. */
    static QueueSink failed(IOException cause) {
        var sink = new QueueSink(null, null, List.of(), null);
        sink.body.fail(cause);
        return sink;
    }

    @Override
    public OutputStream body() {
        return body;
    }

    @Override
    public Reply commit() {
        if (ended) {
            throw new IllegalStateException("message sink already ended");
        }
        ended = true;
        body.end();
        if (body.failure().isPresent()) {
            abortWriter();
            return refusal(body.failure().get());
        }
        try {
            // Counted (and any hold recorded) before the commit makes the entry visible to delivery.
            Optional<String> held = senderDomain.flatMap(domain -> quota.admit(domain, writer.id()));
            QueueEntry entry;
            try {
                entry = writer.commit();
            } catch (IOException e) {
                senderDomain.ifPresent(domain -> quota.withdraw(domain, writer.id()));
                throw e;
            }
            // docs/LOGGING.md: the first line of a message's story, the queue ID first as on every later one
            log.info("{}: from={} to={} size={} client={} auth={} status={}", entry.id(), envelope.sender(),
                    targets.stream().map(r -> "<" + r.address() + ">").collect(Collectors.joining(",")),
                    entry.size(), ReceivedHeader.addressLiteral(client.peer().address()),
                    client.authenticatedUser().orElse("-"), held.isPresent() ? "held" : "queued");
            return held.map(note -> Replies.queued(entry.id(), note)).orElse(Replies.queued(entry.id()));
        } catch (IOException e) {
            return refusal(e);
        }
    }

    @Override
    public void abort() {
        if (!ended) {
            ended = true;
            body.end();
            abortWriter();
        }
    }

    private void abortWriter() {
        if (writer != null) {
            writer.abort();
        }
    }

    private static Reply refusal(IOException cause) {
        log.error("queue file write failed: {}", cause.toString());
        return Replies.writeFailed(cause, Replies.QUEUE_WRITE_ERROR);
    }
}
