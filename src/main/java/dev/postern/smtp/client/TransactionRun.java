package dev.postern.smtp.client;

import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** MAIL, RCPT…, DATA of one transaction, pipelined when the server allows (RFC 2920). */
final class TransactionRun {

    private final ClientSession session;
    private final Transaction tx;
    private final Reply[] results;
    private final Extensions ext;

    TransactionRun(ClientSession session, Transaction tx, Reply[] results) {
        this.session = session;
        this.tx = tx;
        this.results = results;
        this.ext = session.extensions();
    }

    void run() throws IOException {
        var accepted = ext.has("PIPELINING") ? mailAndRcptPipelined() : mailAndRcpt();
        if (!session.usable()) {
            return;
        }
        if (accepted.isEmpty()) {
            session.reset(); // RFC 5321 §4.1.1.5: end the failed transaction, keep the connection
            return;
        }
        Reply data = session.command("DATA", session.timeouts().dataInitiation());
        if (data.code() != 354) {
            accepted.forEach(i -> results[i] = data);
            if (session.usable()) {
                session.reset();
            }
            return;
        }
        try (var in = tx.content().open(); var watch = session.wire().watchWrites(session.timeouts().dataBlock())) {
            DataWriter.write(in, session.wire().out());
            session.wire().flush();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // AutoCloseable.close() of the watch does not throw
        }
        // RFC 5321 §4.5.3.2.6: wait at least 10 minutes for the reply to the final dot.
        Reply end = session.read(session.timeouts().dataTermination());
        accepted.forEach(i -> results[i] = end);
    }

    /** Without PIPELINING: one command, one reply; a refused MAIL answers for every recipient. */
    private List<Integer> mailAndRcpt() throws IOException {
        Reply mail = session.command(mailCommand(), session.timeouts().command());
        var accepted = new ArrayList<Integer>();
        if (mail.code() != 250) {
            java.util.Arrays.fill(results, mail);
            return accepted;
        }
        for (int i = 0; i < tx.recipients().size() && session.usable(); i++) {
            Reply rcpt = session.command(rcptCommand(tx.recipients().get(i)), session.timeouts().command());
            record(i, rcpt, accepted);
        }
        fillIfClosed(mail);
        return accepted;
    }

    /** RFC 2920 §3.1: MAIL and every RCPT in one write, then the replies in order. */
    private List<Integer> mailAndRcptPipelined() throws IOException {
        session.wire().send(mailCommand());
        for (var rcpt : tx.recipients()) {
            session.wire().send(rcptCommand(rcpt));
        }
        session.wire().flush();
        Reply mail = session.read(session.timeouts().command());
        var accepted = new ArrayList<Integer>();
        for (int i = 0; i < tx.recipients().size() && session.usable(); i++) {
            Reply rcpt = session.read(session.timeouts().command());
            if (mail.code() == 250) {
                record(i, rcpt, accepted);
            } else {
                results[i] = mail; // the RCPT replies (503 bad sequence) say less than MAIL's refusal
            }
        }
        if (mail.code() != 250) {
            java.util.Arrays.fill(results, mail);
            accepted.clear();
        }
        fillIfClosed(mail);
        return accepted;
    }

    private void record(int i, Reply rcpt, List<Integer> accepted) {
        results[i] = rcpt;
        if (rcpt.code() == 250 || rcpt.code() == 251) {
            results[i] = null; // final only after DATA
            accepted.add(i);
        }
    }

    /** After a 421 the remaining recipients get that 421, and the accepted ones too (no DATA came). */
    private void fillIfClosed(Reply mail) {
        if (session.usable()) {
            return;
        }
        Reply last = lastReply(mail);
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = last;
            }
        }
    }

    private Reply lastReply(Reply fallback) {
        for (int i = results.length - 1; i >= 0; i--) {
            if (results[i] != null && results[i].code() == 421) {
                return results[i];
            }
        }
        return fallback.code() == 421 ? fallback
                : Reply.of(421, dev.postern.smtp.Status.CONNECTION_DROPPED, session.remote() + " closed the session");
    }

    String mailCommand() {
        var line = new StringBuilder("MAIL FROM:").append(switch (tx.sender()) {
            case ReversePath.Null n -> "<>";
            case ReversePath.Sender s -> "<" + s.address() + ">";
        });
        if (ext.has("SIZE")) {
            line.append(" SIZE=").append(tx.size()); // RFC 1870 §6
        }
        if (ext.has("8BITMIME") && tx.parameters().body() != MailParameters.Body.SEVEN_BIT) {
            line.append(" BODY=8BITMIME"); // RFC 6152 §2; BINARYMIME content goes as 8BITMIME over DATA
        }
        if (ClientSession.Preflight.needsUtf8(tx) && ext.has("SMTPUTF8")) {
            line.append(" SMTPUTF8"); // RFC 6531 §3.4
        }
        if (ext.has("DSN")) { // RFC 3461 §4.3, §4.4: pass the sender's wishes on
            tx.parameters().ret().ifPresent(ret -> line.append(" RET=").append(ret.name()));
            // ENVID and ORCPT are kept in their xtext form as received, so they go out unchanged.
            tx.parameters().envid().ifPresent(id -> line.append(" ENVID=").append(id));
        }
        return line.toString();
    }

    String rcptCommand(Recipient rcpt) {
        var line = new StringBuilder("RCPT TO:<").append(rcpt.address()).append('>');
        if (ext.has("DSN")) { // RFC 3461 §4.1, §4.2
            if (!rcpt.notifyOn().isEmpty()) {
                line.append(" NOTIFY=").append(rcpt.notifyOn().stream().map(n -> n.name().toUpperCase(Locale.ROOT))
                        .sorted().collect(Collectors.joining(",")));
            }
            rcpt.orcpt().ifPresent(o -> line.append(" ORCPT=").append(o));
        }
        return line.toString();
    }
}
