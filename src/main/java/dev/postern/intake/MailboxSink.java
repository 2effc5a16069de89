package dev.postern.intake;

import dev.postern.mailbox.Maildir;
import dev.postern.mailbox.MaildirStore;
import dev.postern.queue.QueueId;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a session streams a message whose every recipient is a hosted mailbox: straight into each
 * mailbox's {@code tmp/}, no queue file (docs/DELIVERY.md, "Local mail skips the queue"). At commit
 * every file is fsynced, then linked into its {@code new/} and {@code new/} fsynced: the 250 comes
 * only after the last of them. A failure before that removes the {@code tmp/} files and answers
 * 451/452, so the client sends the message again and nothing is half-delivered: copies already
 * linked into {@code new/} when a later one fails are taken out again ({@link #publish}).
 */
final class MailboxSink implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(MailboxSink.class);

    /** One recipient's copy: its trace fields were written first. */
    record Copy(Recipient recipient, Maildir.Drop drop) {}

    private final QueueId id;
    private final Envelope envelope;
    private final List<Copy> copies;
    private final Client client;
    private final Runnable delivered;
    private final GuardedBody body;
    private boolean ended;

    private MailboxSink(QueueId id, Envelope envelope, List<Copy> copies, Client client, Runnable delivered) {
        this.id = id;
        this.envelope = envelope;
        this.copies = copies;
        this.client = client;
        this.delivered = delivered;
        this.body = new GuardedBody(new Tee(copies));
    }

    /**
     * Opens a {@code tmp/} file in each recipient's Maildir and writes the trace fields a final
     * delivery adds (RFC 5321 §4.4 Return-Path; Delivered-To as Postfix and Dovecot write it).
     */
    static MailboxSink open(QueueId id, Envelope envelope, List<Recipient> targets, MaildirStore mailboxes,
                            Client client, Runnable delivered) throws IOException {
        var copies = new ArrayList<Copy>(targets.size());
        try {
            for (Recipient rcpt : targets) {
                var drop = mailboxes.maildir(rcpt.address()).open();
                copies.add(new Copy(rcpt, drop));
                drop.body().write(Maildir.traceFields(envelope.sender().toString(), rcpt.address().toString()));
            }
        } catch (IOException | RuntimeException e) {
            copies.forEach(copy -> copy.drop().abort());
            throw e;
        }
        return new MailboxSink(id, envelope, List.copyOf(copies), client, delivered);
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
        try {
            if (body.failure().isPresent()) {
                throw body.failure().get();
            }
            for (Copy copy : copies) {
                copy.drop().prepare();
            }
        } catch (IOException e) {
            abortAll();
            return refusal(e);
        }
        List<String> names;
        try {
            names = publish();
        } catch (IOException e) {
            return refusal(e);
        }
        // docs/LOGGING.md: the same story as a queued message's, told at once.
        log.info("{}: from={} to={} size={} client={} auth={} status=delivered", id, envelope.sender(),
                copies.stream().map(c -> "<" + c.recipient().address() + ">").collect(Collectors.joining(",")),
                body.written(), ReceivedHeader.addressLiteral(client.peer().address()), client.authenticatedUser().orElse("-"));
        for (int i = 0; i < copies.size(); i++) {
            log.info("{}: to=<{}> relay=local maildir={} status=sent", id, copies.get(i).recipient().address(),
                    names.get(i));
            delivered.run();
        }
        return Replies.queued(id);
    }

    /**
     * Links every copy into its {@code new/}, then fsyncs each {@code new/}. If one fails, the
     * copies already linked are taken back out, so the 451 leaves nothing delivered; a POP3 client
     * listing in that instant could still see one, and the client's retry then duplicates it.
     */
    private List<String> publish() throws IOException {
        var names = new ArrayList<String>(copies.size());
        try {
            for (Copy copy : copies) {
                names.add(copy.drop().link());
            }
            for (Copy copy : copies) {
                copy.drop().sync();
            }
            return names;
        } catch (IOException e) {
            copies.forEach(copy -> copy.drop().unlink());
            abortAll();
            throw e;
        }
    }

    @Override
    public void abort() {
        if (!ended) {
            ended = true;
            body.end();
            abortAll();
        }
    }

    private void abortAll() {
        copies.forEach(copy -> copy.drop().abort());
    }

    private static Reply refusal(IOException cause) {
        log.error("mailbox write failed: {}", cause.toString());
        return Replies.writeFailed(cause, Replies.MAILBOX_WRITE_ERROR);
    }

    /** Every write goes to every copy; a failure is thrown to the GuardedBody, which remembers it. */
    private static final class Tee extends OutputStream {
        private final List<Copy> copies;

        Tee(List<Copy> copies) {
            this.copies = copies;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (Copy copy : copies) {
                copy.drop().body().write(bytes, offset, length);
            }
        }
    }
}
