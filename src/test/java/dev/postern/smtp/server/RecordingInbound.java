package dev.postern.smtp.server;

import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A test {@link Inbound} hosting {@code example.test} (and the host's own name) with users alice, bob and postmaster.
 * {@code full@example.test} is over quota (452), other local users are unknown (550 5.1.1), other
 * domains are refused like a relay (550 5.7.1, two lines). Senders at {@code refused.test} get 550;
 * sender {@code ioerror@…} makes {@code open} throw, {@code writefail@…} makes body writes past
 * 4 octets throw, {@code commitfail@…} makes {@code commit} throw.
 * It records every committed message, every client, and any misuse of a sink.
 */
final class RecordingInbound implements Inbound {

    record Stored(Envelope envelope, byte[] content) {}

    private static final Set<String> HOSTED = Set.of("example.test", "mx.example.test");
    private static final Set<String> USERS = Set.of("alice", "bob", "postmaster");

    final List<Stored> stored = new ArrayList<>();
    final List<Client> clients = new ArrayList<>();
    final List<String> misuse = new ArrayList<>();
    int opened;
    int aborted;
    int ended;
    private int queueId;

    @Override
    public Reply mailFrom(Client client, ReversePath from, MailParameters parameters) {
        clients.add(client);
        if (from instanceof ReversePath.Sender(MailAddress address) && address.domain().equals("refused.test")) {
            return Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED, from + ": Sender address rejected: Access denied");
        }
        return Reply.of(250, Status.SENDER_VALID, "Ok");
    }

    @Override
    public Reply rcptTo(Client client, ReversePath from, Recipient to) {
        clients.add(client);
        MailAddress address = to.address();
        if (!HOSTED.contains(address.domain())) {
            return Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED, to + ": Relay access denied",
                    "Log in (SMTP AUTH) or check your mail (POP3) first, then send again");
        }
        if (address.canonical().equals("full@example.test")) {
            return Reply.of(452, Status.MAILBOX_FULL, to + ": Mailbox full, try again later");
        }
        if (!USERS.contains(address.canonical().substring(0, address.canonical().indexOf('@')))) {
            return Reply.of(550, Status.BAD_DESTINATION_MAILBOX, to + ": Recipient address rejected: User unknown");
        }
        return Reply.of(250, Status.DESTINATION_VALID, "Ok");
    }

    @Override
    public MessageSink open(Client client, Envelope envelope) throws IOException {
        clients.add(client);
        if (senderLocalPart(envelope).equals("ioerror")) {
            throw new IOException("simulated queue failure");
        }
        opened++;
        return new Sink(envelope);
    }

    private static String senderLocalPart(Envelope envelope) {
        return envelope.sender() instanceof ReversePath.Sender(MailAddress address) ? address.localPart() : "";
    }

    /** {@code <from> <to> …} then any MAIL/RCPT parameters, for {@code E:} lines. */
    static String render(Envelope envelope) {
        var out = new StringBuilder(envelope.sender().toString());
        for (Recipient recipient : envelope.recipients()) {
            out.append(' ').append(recipient);
            if (!recipient.notifyOn().isEmpty()) {
                out.append(" NOTIFY=").append(recipient.notifyOn().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(",")));
            }
            recipient.orcpt().ifPresent(orcpt -> out.append(" ORCPT=").append(orcpt));
        }
        MailParameters p = envelope.parameters();
        p.size().ifPresent(size -> out.append(" SIZE=").append(size));
        if (p.body() != MailParameters.Body.SEVEN_BIT) {
            out.append(" BODY=").append(p.body());
        }
        if (p.smtputf8()) {
            out.append(" SMTPUTF8");
        }
        p.ret().ifPresent(ret -> out.append(" RET=").append(ret));
        p.envid().ifPresent(envid -> out.append(" ENVID=").append(envid));
        return out.toString();
    }

    private final class Sink implements MessageSink {
        private final Envelope envelope;
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();
        private boolean ended;
        private final OutputStream body = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (ended) {
                    misuse.add("write after the sink ended");
                }
                if (senderLocalPart(envelope).equals("writefail") && content.size() + length > 4) {
                    throw new IOException("simulated disk full");
                }
                content.write(bytes, offset, length);
            }

            @Override
            public void close() {
                misuse.add("the session closed the body stream");
            }
        };

        Sink(Envelope envelope) {
            this.envelope = envelope;
        }

        @Override
        public OutputStream body() {
            return body;
        }

        @Override
        public Reply commit() throws IOException {
            end();
            if (senderLocalPart(envelope).equals("commitfail")) {
                throw new IOException("simulated fsync failure");
            }
            stored.add(new Stored(envelope, content.toByteArray()));
            return Reply.of(250, Status.OTHER, "Ok: queued as Q" + (++queueId));
        }

        @Override
        public void abort() {
            end();
            aborted++;
        }

        private void end() {
            if (ended) {
                misuse.add("the sink was ended twice");
            }
            ended = true;
            RecordingInbound.this.ended++;
        }
    }
}
