package dev.postern.authres;

import dev.postern.dkim.DkimSigner;
import dev.postern.dkim.SigningKey;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake with message authentication around it: mail from authenticated or trusted clients is
 * DKIM-signed ({@link SigningSink}); mail reaching the {@code smtp} listener from anyone else is
 * checked (SPF, DKIM, DMARC; {@link VerifyingSink}). Both act at the end of DATA, before the queue
 * commit, so a 250 still means the final message is on disk.
 */
public final class MessageAuthentication implements Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(MessageAuthentication.class);


    /** The listener on which unauthenticated mail arrives from the Internet (port 25 and its alternates). */
    static final String MTA_LISTENER = "smtp";

    private final Inbound intake;
    private final Checks checks;
    private final DkimSigner signer;
    private final Function<String, List<SigningKey>> keys;
    private final Predicate<InetAddress> trusted;
    private final Path spoolDir;

    /**
     * @param keys     the active signing keys of an author domain (none: not signed)
     * @param trusted  clients that relay without AUTH (trusted networks, POP-before-SMTP grants): signed, not checked
     * @param spoolDir where messages larger than {@link Spool#MEMORY} wait during the checks
     */
    public MessageAuthentication(Inbound intake, Checks checks, DkimSigner signer, Function<String, List<SigningKey>> keys,
                                 Predicate<InetAddress> trusted, Path spoolDir) {
        this.intake = intake;
        this.checks = checks;
        this.signer = signer;
        this.keys = keys;
        this.trusted = trusted;
        this.spoolDir = spoolDir;
    }

    @Override
    public Reply mailFrom(Client client, ReversePath from, MailParameters parameters) {
        return intake.mailFrom(client, from, parameters);
    }

    @Override
    public Reply rcptTo(Client client, ReversePath from, Recipient to) {
        return intake.rcptTo(client, from, to);
    }

    /**
     * A user's mail is signed only for its own domain or its MAIL FROM domain (which intake's
     * sender check vetted): one hosted customer cannot get another's signature on a forged From.
     */
    private static boolean ownDomain(Client client, Envelope envelope, String domain) {
        String user = client.authenticatedUser().orElse("");
        boolean own = user.toLowerCase(java.util.Locale.ROOT).endsWith("@" + domain);
        boolean sender = envelope.sender() instanceof ReversePath.Sender s && s.address().domain().equalsIgnoreCase(domain);
        return own || sender;
    }

    /** Swallows the content and answers 451 at its end: a local fault is never a 250 nor a 5xx. */
    private static final class Unavailable implements MessageSink {
        @Override
        public java.io.OutputStream body() {
            return java.io.OutputStream.nullOutputStream();
        }

        @Override
        public Reply commit() {
            return Reply.of(451, dev.postern.smtp.Status.SYSTEM_ERROR, "Error: local error in processing, try again later");
        }

        @Override
        public void abort() {
        }
    }

    @Override
    public MessageSink open(Client client, Envelope envelope) throws IOException {
        if (client.authenticatedUser().isPresent()) {
            return new SigningSink(intake.open(client, envelope), signer, keys,
                    domain -> ownDomain(client, envelope, domain), spoolDir);
        }
        boolean trustedClient;
        try { // asked before intake opens the queue entry: one wait on a database outage, not two
            trustedClient = trusted.test(client.peer().address());
        } catch (RuntimeException e) { // the grant store is down: whether to sign or to check is unknown
            LOG.warn("cannot tell whether {} is trusted: {}", client.peer(), e.toString());
            return new Unavailable();
        }
        MessageSink sink = intake.open(client, envelope);
        if (trustedClient) {
            return new SigningSink(sink, signer, keys, domain -> true, spoolDir);
        }
        if (MTA_LISTENER.equals(client.peer().listener())) {
            return new VerifyingSink(sink, checks, client, envelope, spoolDir);
        }
        return sink;
    }
}
