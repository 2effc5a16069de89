package dev.postern.authres;

import dev.postern.dkim.DkimResult;
import dev.postern.dkim.DkimVerifier;
import dev.postern.dmarc.AuthorDomains;
import dev.postern.smtp.Envelope;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.Client;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spools a message from an unauthenticated client, verifying its DKIM signatures as it streams;
 * at commit runs SPF and DMARC, then refuses it or hands it on with our Authentication-Results on
 * top and any forged one with our authserv-id removed (RFC 8601 §5).
 */
final class VerifyingSink implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(VerifyingSink.class);

    private final MessageSink next;
    private final Checks checks;
    private final Client client;
    private final Envelope envelope;
    private final Spool spool;
    private DkimVerifier.Verification verification;

    VerifyingSink(MessageSink next, Checks checks, Client client, Envelope envelope, Path spoolDir) {
        this.next = next;
        this.checks = checks;
        this.client = client;
        this.envelope = envelope;
        this.spool = new Spool(spoolDir, headers -> {
            verification = checks.dkim().start(headers);
            return verification.body();
        });
    }

    @Override
    public OutputStream body() {
        return spool;
    }

    @Override
    public Reply commit() throws IOException {
        try {
            var headers = spool.finish();
            List<DkimResult> dkim = verification.finish();
            String mailFrom = envelope.sender() instanceof ReversePath.Sender s ? s.address().toString() : "";
            var spf = checks.spf().check(client.peer().address(), Optional.of(mailFrom).filter(m -> !m.isEmpty()),
                    client.helo());
            var authors = AuthorDomains.of(headers);
            var dmarc = checks.dmarc().check(authors, spf, dkim);
            String field = AuthenticationResults.field(checks.authservId(), spf, mailFrom, dkim, dmarc);
            Optional<String> mailFromDomain = envelope.sender() instanceof ReversePath.Sender s
                    ? Optional.of(s.address().domain().toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
            var refusal = checks.policy().decide(client.peer().address(), mailFromDomain, authors, spf, dkim, dmarc);
            if (refusal.isPresent()) {
                log.info("refused after DATA: {} client=[{}] from={} ({})", refusal.get().text(),
                        client.peer().address().getHostAddress(), envelope.sender(), field.replace("\r\n\t", " "));
                next.abort();
                return refusal.get();
            }
            OutputStream out = next.body();
            out.write((field + "\r\n").getBytes(StandardCharsets.UTF_8));
            spool.writeTo(out, f -> AuthenticationResults.ours(f, checks.authservId()));
            return next.commit();
        } catch (RuntimeException e) {
            log.error("inbound checks failed", e);
            next.abort();
            return Reply.of(451, dev.postern.smtp.Status.SYSTEM_ERROR, "Error: local error in processing");
        } finally {
            spool.close();
        }
    }

    @Override
    public void abort() {
        spool.close();
        next.abort();
    }
}
