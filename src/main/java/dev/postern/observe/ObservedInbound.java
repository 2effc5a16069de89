package dev.postern.observe;

import dev.postern.explain.Event;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Intake as it is, remembering its refusals of senders and recipients (with the addresses, which
 * the session's reply observer does not see) and counting accepted messages.
 */
final class ObservedInbound implements Inbound {

    private final Inbound inner;
    private final Observability observed;

    ObservedInbound(Inbound inner, Observability observed) {
        this.inner = inner;
        this.observed = observed;
    }

    @Override
    public Reply mailFrom(Client client, ReversePath from, MailParameters parameters) {
        Reply reply = inner.mailFrom(client, from, parameters);
        if (!reply.positive()) {
            observed.record(kind(reply, Event.Kind.SENDER_REFUSED), client.peer().address(), address(from),
                    Optional.empty(), client.authenticatedUser(), reply.text(), until(reply));
        }
        return reply;
    }

    @Override
    public Reply rcptTo(Client client, ReversePath from, Recipient to) {
        Reply reply = inner.rcptTo(client, from, to);
        if (!reply.positive()) {
            var kind = Refusals.relayDenied(reply) ? Event.Kind.RELAY_REFUSED
                    : kind(reply, Event.Kind.RECIPIENT_REFUSED);
            observed.record(kind, client.peer().address(), address(from), Optional.of(to.address().toString()),
                    client.authenticatedUser(), reply.text(), until(reply));
        }
        return reply;
    }

    @Override
    public MessageSink open(Client client, Envelope envelope) throws IOException {
        MessageSink sink = inner.open(client, envelope);
        return new MessageSink() {
            @Override
            public OutputStream body() {
                return sink.body();
            }

            @Override
            public Reply commit() throws IOException {
                Reply reply = sink.commit();
                if (reply.positive()) {
                    observed.metrics().accepted();
                }
                return reply;
            }

            @Override
            public void abort() {
                sink.abort();
            }
        };
    }

    /** A sending-limit refusal is remembered as the block it is, so explain names the limits and the way out. */
    private static Event.Kind kind(Reply reply, Event.Kind otherwise) {
        return Refusals.sendingLimit(reply) ? Event.Kind.LIMIT_BLOCKED : otherwise;
    }

    private Optional<java.time.Instant> until(Reply reply) {
        return Refusals.sendingLimit(reply) ? Refusals.resumesAt(reply.text(), observed.now()) : Optional.empty();
    }

    private static Optional<String> address(ReversePath from) {
        return switch (from) {
            case ReversePath.Null n -> Optional.empty();
            case ReversePath.Sender s -> Optional.of(s.address().toString());
        };
    }
}
