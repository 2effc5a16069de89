package dev.postern.smtp;

/** The MAIL FROM path (RFC 5321 §4.1.1.2): the null path {@code <>} of bounces, or a mailbox. */
public sealed interface ReversePath {

    record Null() implements ReversePath {
        @Override
        public String toString() {
            return "<>";
        }
    }

    record Sender(MailAddress address) implements ReversePath {
        @Override
        public String toString() {
            return "<" + address + ">";
        }
    }

    ReversePath NULL = new Null();
}
