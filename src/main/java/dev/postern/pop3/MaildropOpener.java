package dev.postern.pop3;

/** Opens and locks an account's maildrop for one POP3 session. */
@FunctionalInterface
public interface MaildropOpener {

    Opening open(String account);

    /** What opening a maildrop came to. */
    sealed interface Opening {
        record Opened(Pop3Maildrop maildrop) implements Opening {}

        /** Another session holds the maildrop (RFC 2449 §8.1.2 IN-USE). */
        record InUse() implements Opening {}

        /** Server-side trouble; the cause is for the log, never the client. */
        record Failed(Exception cause) implements Opening {}
    }
}
