package dev.postern.intake;

import dev.postern.queue.QueueId;
import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import dev.postern.smtp.server.MessageSink;
import java.io.IOException;

/** Intake's reply catalog. */
final class Replies {

    static final Reply SENDER_OK = Reply.of(250, Status.SENDER_VALID, "Ok");
    static final Reply RECIPIENT_OK = Reply.of(250, Status.DESTINATION_VALID, "Ok");
    static final Reply QUEUE_WRITE_ERROR = Reply.of(451, Status.SYSTEM_ERROR, "Error: queue file write error");
    static final Reply TEMPORARY_SENDER_FAILURE = Reply.of(451, Status.SYSTEM_ERROR,
            "Error: temporary failure checking the sender address, try again later");
    static final Reply MAILBOX_WRITE_ERROR = Reply.of(451, Status.SYSTEM_ERROR, "Error: mailbox write error");
    static final Reply INSUFFICIENT_STORAGE = Reply.of(452, Status.SYSTEM_FULL, "Insufficient system storage");

    /** The directory (database) did not answer: try again later, as Postfix says it. */
    static Reply temporaryLookupFailure(MailAddress address) {
        return Reply.of(451, Status.SYSTEM_ERROR, "<" + address + ">: Temporary lookup failure");
    }

    private Replies() {
    }

    /** RFC 3463 x.1.1: bad destination mailbox address. */
    static Reply noSuchUser(MailAddress address) {
        return Reply.of(550, Status.BAD_DESTINATION_MAILBOX, "<" + address + ">: no such user here");
    }

    /** A message that could not be written: 452 4.3.1 when the disk (or quota) is full, else {@code otherwise}. */
    static Reply writeFailed(IOException cause, Reply otherwise) {
        return MessageSink.diskFull(cause) ? INSUFFICIENT_STORAGE : otherwise;
    }

    static Reply queued(QueueId id) {
        return Reply.of(250, Status.OTHER, "Ok: queued as " + id);
    }

    /** Queued, with a word from the sending limits (e.g. held until the next hour). */
    static Reply queued(QueueId id, String note) {
        return Reply.of(250, Status.OTHER, "Ok: queued as " + id + "; " + note);
    }
}
