package dev.postern.mailbox;

/** Another session holds this mailbox; POP3 answers {@code -ERR [IN-USE]} (RFC 2449 §8.1.2). */
public final class MaildropInUseException extends Exception {

    public MaildropInUseException(String mailbox) {
        super("mailbox in use: " + mailbox);
    }
}
