package dev.postern.authres;

import dev.postern.dkim.DkimSigner;
import dev.postern.dkim.HeaderField;
import dev.postern.dkim.SigningKey;
import dev.postern.dmarc.AuthorDomains;
import dev.postern.smtp.Reply;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spools a message from an authenticated (or trusted) client and, when its author domain has
 * active keys, puts the DKIM signatures on top before handing it to the queue: signed once, at
 * intake, over the final body, so retries never re-sign. Without keys it is handed on unchanged.
 */
final class SigningSink implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(SigningSink.class);

    private final MessageSink next;
    private final Spool spool;
    private DkimSigner.Signing signing;

    /**
     * @param mayUse whether this client may have its mail signed for an author domain (an
     *               authenticated user: its own domain or its vetted MAIL FROM domain; a trusted client: any)
     */
    SigningSink(MessageSink next, DkimSigner signer, Function<String, List<SigningKey>> keys, Predicate<String> mayUse,
                Path spoolDir) {
        this.next = next;
        this.spool = new Spool(spoolDir, headers -> {
            var author = AuthorDomains.of(headers).single().filter(mayUse);
            List<SigningKey> active = author.map(keys).orElse(List.of());
            if (active.isEmpty()) {
                return OutputStream.nullOutputStream();
            }
            signing = signer.start(active, headers);
            return signing.body();
        });
    }

    @Override
    public OutputStream body() {
        return spool;
    }

    @Override
    public Reply commit() throws IOException {
        try {
            spool.finish();
            OutputStream out = next.body();
            if (signing != null) {
                for (HeaderField field : signing.finish()) {
                    out.write(field.raw());
                    out.write(new byte[] {'\r', '\n'});
                }
            }
            spool.writeTo(out, f -> false);
            return next.commit();
        } catch (GeneralSecurityException e) {
            // a key that cannot sign must not lose the message: it goes out unsigned, and the log says why
            log.error("DKIM signing failed; message queued unsigned", e);
            spool.writeTo(next.body(), f -> false);
            return next.commit();
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
