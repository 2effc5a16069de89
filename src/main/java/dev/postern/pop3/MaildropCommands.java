package dev.postern.pop3;

import dev.postern.pop3.Pop3Command.Apop;
import dev.postern.pop3.Pop3Command.Auth;
import dev.postern.pop3.Pop3Command.Capa;
import dev.postern.pop3.Pop3Command.Dele;
import dev.postern.pop3.Pop3Command.Invalid;
import dev.postern.pop3.Pop3Command.Noop;
import dev.postern.pop3.Pop3Command.Pass;
import dev.postern.pop3.Pop3Command.Quit;
import dev.postern.pop3.Pop3Command.Retr;
import dev.postern.pop3.Pop3Command.Rset;
import dev.postern.pop3.Pop3Command.Stat;
import dev.postern.pop3.Pop3Command.Stls;
import dev.postern.pop3.Pop3Command.Top;
import dev.postern.pop3.Pop3Command.Uidl;
import dev.postern.pop3.Pop3Command.User;
import dev.postern.pop3.Pop3Maildrop.Listing;
import dev.postern.pop3.Pop3State.Transaction;
import dev.postern.pop3.Pop3State.Update;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TRANSACTION state's commands (RFC 1939 §5, TOP and UIDL from §7). */
final class MaildropCommands {

    private static final Logger LOG = LoggerFactory.getLogger(MaildropCommands.class);

    private final Pop3Writer writer;

    MaildropCommands(Pop3Writer writer) {
        this.writer = writer;
    }

    Pop3State handle(Transaction t, Pop3Command command) throws IOException {
        switch (command) {
            case Stat _ -> writer.reply(Pop3Replies.stat(count(t), octets(t)));
            case Pop3Command.List(Optional<Integer> n) when n.isEmpty() ->
                    writer.lines(Pop3Replies.listFollows(count(t), octets(t)), listing(t, i -> (i + 1) + " " + size(t, i)));
            case Pop3Command.List(Optional<Integer> n) ->
                    withMessage(t, n.get(), i -> Pop3Replies.scanListing(n.get(), size(t, i)));
            case Uidl(Optional<Integer> n) when n.isEmpty() ->
                    writer.lines(Pop3Replies.uidlFollows(), listing(t, i -> (i + 1) + " " + uidl(t, i)));
            case Uidl(Optional<Integer> n) -> withMessage(t, n.get(), i -> Pop3Replies.uidl(n.get(), uidl(t, i)));
            case Retr(int n) -> send(t, n, Pop3Writer.WHOLE);
            case Top(int n, int lines) -> send(t, n, lines);
            case Dele(int n) -> dele(t, n);
            case Noop _ -> writer.reply(Pop3Replies.noop());
            case Rset _ -> {
                t.deleted().clear(); // RFC 1939 §5 RSET: unmark every deleted message
                writer.reply(Pop3Replies.reset(count(t), octets(t)));
            }
            case Capa _ -> writer.lines(Pop3Replies.capabilitiesFollow(), Capabilities.transaction());
            case Quit _ -> {
                return new Update(t); // RFC 1939 §6: QUIT in TRANSACTION enters UPDATE
            }
            case Apop _ -> writer.reply(Pop3Replies.apopUnsupported());
            case User _, Pass _, Auth _, Stls _ -> writer.reply(Pop3Replies.wrongState()); // RFC 2595 §4: no STLS after login
            case Invalid invalid -> writer.reply(invalid.reply());
        }
        return t;
    }

    private void dele(Transaction t, int number) throws IOException {
        Optional<Pop3Reply> refusal = refusal(t, number);
        if (refusal.isPresent()) {
            writer.reply(refusal.get());
            return;
        }
        t.deleted().set(number - 1); // applied only in UPDATE (RFC 1939 §5 DELE)
        writer.reply(Pop3Replies.markedDeleted(number));
    }

    private void send(Transaction t, int number, long bodyLines) throws IOException {
        Optional<Pop3Reply> refusal = refusal(t, number);
        if (refusal.isPresent()) {
            writer.reply(refusal.get());
            return;
        }
        int index = number - 1;
        InputStream content;
        try {
            content = t.maildrop().content(index);
        } catch (NoSuchFileException gone) {
            LOG.info("message {} of {} vanished: {}", number, t.account(), gone.getMessage());
            writer.reply(Pop3Replies.messageGone());
            return;
        } catch (IOException e) {
            LOG.warn("cannot open message {} of {}", number, t.account(), e);
            writer.reply(Pop3Replies.temporaryFailure());
            return;
        }
        try (content) {
            boolean whole = bodyLines == Pop3Writer.WHOLE;
            writer.message(whole ? Pop3Replies.messageFollows(size(t, index)) : Pop3Replies.topFollows(),
                    content, bodyLines);
            if (whole) {
                t.retrieved().set(index);
            }
        }
    }

    private void withMessage(Transaction t, int number, IntFunction<Pop3Reply> reply) throws IOException {
        writer.reply(refusal(t, number).orElseGet(() -> reply.apply(number - 1)));
    }

    /** RFC 1939 §5: a message number must exist and must not refer to a deleted message. */
    private static Optional<Pop3Reply> refusal(Transaction t, int number) {
        if (number < 1 || number > t.maildrop().listing().size()) {
            return Optional.of(Pop3Replies.noSuchMessage());
        }
        if (t.deleted().get(number - 1)) {
            return Optional.of(Pop3Replies.alreadyDeleted());
        }
        return Optional.empty();
    }

    private static Iterable<String> listing(Transaction t, IntFunction<String> line) {
        var lines = new ArrayList<String>();
        for (int i = 0; i < t.maildrop().listing().size(); i++) {
            if (!t.deleted().get(i)) {
                lines.add(line.apply(i));
            }
        }
        return lines;
    }

    private static int count(Transaction t) {
        return t.maildrop().listing().size() - t.deleted().cardinality();
    }

    private static long octets(Transaction t) {
        long total = 0;
        var listing = t.maildrop().listing();
        for (int i = 0; i < listing.size(); i++) {
            total += t.deleted().get(i) ? 0 : listing.get(i).size();
        }
        return total;
    }

    private static long size(Transaction t, int index) {
        return t.maildrop().listing().get(index).size();
    }

    private static String uidl(Transaction t, int index) {
        Listing listing = t.maildrop().listing().get(index);
        return listing.uidl();
    }
}
