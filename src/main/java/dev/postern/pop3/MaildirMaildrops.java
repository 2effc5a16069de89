package dev.postern.pop3;

import dev.postern.mailbox.Maildrop;
import dev.postern.mailbox.MaildropInUseException;
import dev.postern.mailbox.Maildrops;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * POP3 over Postern's Maildirs. UIDLs follow Dovecot's default {@code pop3_uidl_format =
 * %08Xu%08Xv}: the UID then the UIDVALIDITY, eight hex digits each, so clients that moved from
 * Dovecot download nothing twice. Despite the capital X, Dovecot's {@code var_expand} writes
 * lower-case hex (seen from Debian's Dovecot 2.3.19: {@code 000000016b0b87c2}); so do we.
 */
public final class MaildirMaildrops implements MaildropOpener {

    private final Maildrops maildrops;

    public MaildirMaildrops(Maildrops maildrops) {
        this.maildrops = maildrops;
    }

    @Override
    public Opening open(String account) {
        try {
            return new Opening.Opened(new Adapter(maildrops.open(account)));
        } catch (MaildropInUseException e) {
            return new Opening.InUse();
        } catch (IOException | RuntimeException e) {
            return new Opening.Failed(e);
        }
    }

    static String uidl(long uid, long uidValidity) {
        return "%08x%08x".formatted(uid, uidValidity);
    }

    private record Adapter(Maildrop maildrop, List<Listing> listing) implements Pop3Maildrop {

        Adapter(Maildrop maildrop) {
            this(maildrop, maildrop.messages().stream()
                    .map(m -> new Listing(m.size(), uidl(m.uid(), maildrop.uidValidity())))
                    .toList());
        }

        @Override
        public InputStream content(int index) throws IOException {
            return maildrop.open(index);
        }

        @Override
        public void markSeen(Collection<Integer> indexes) throws IOException {
            maildrop.markSeen(indexes);
        }

        @Override
        public void expunge(Collection<Integer> indexes) throws IOException {
            maildrop.expunge(indexes);
        }

        @Override
        public void close() {
            maildrop.close();
        }
    }
}
