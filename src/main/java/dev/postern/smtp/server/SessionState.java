package dev.postern.smtp.server;

import dev.postern.smtp.Envelope;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a session stands (RFC 5321 §4.1.4 ordering), each state carrying its data. */
sealed interface SessionState {

    /** Connected (or just after STARTTLS): no HELO/EHLO yet. */
    record Fresh() implements SessionState {}

    /** Greeted, no transaction open. */
    record Ready(Greeting greeting) implements SessionState {}

    /** MAIL accepted; RCPTs are being collected. */
    record InTransaction(Greeting greeting, Transaction transaction) implements SessionState {}

    /** BDAT chunks are arriving into an open sink (RFC 3030); {@code octets} received so far. */
    record Chunking(Greeting greeting, Transaction transaction, MessageSink sink, long octets)
            implements SessionState {}

    /** What HELO/EHLO established, and who the client proved to be (SMTP AUTH, later). */
    record Greeting(String helo, boolean esmtp, Optional<String> authenticatedUser) {}

    /** One mail transaction: its sender, the accepted recipients, the last refusal of a RCPT. */
    record Transaction(ReversePath sender, MailParameters parameters, List<Recipient> accepted,
                       Optional<Reply> lastRefusal) {

        public Transaction {
            accepted = List.copyOf(accepted);
        }

        static Transaction begin(ReversePath sender, MailParameters parameters) {
            return new Transaction(sender, parameters, List.of(), Optional.empty());
        }

        Transaction accept(Recipient recipient) {
            var more = new ArrayList<>(accepted);
            more.add(recipient);
            return new Transaction(sender, parameters, more, lastRefusal);
        }

        Transaction refuse(Reply refusal) {
            return new Transaction(sender, parameters, accepted, Optional.of(refusal));
        }

        Envelope envelope() {
            return new Envelope(sender, accepted, parameters);
        }
    }
}
