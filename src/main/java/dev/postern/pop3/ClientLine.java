package dev.postern.pop3;

/** One line from the client as the session sees it. */
sealed interface ClientLine {

    record Text(String text) implements ClientLine {}

    /** Past {@link Pop3Settings#maxLineLength()}; read to its end and dropped. */
    record TooLong() implements ClientLine {}

    /** Hung up, or autologged out after the idle timeout. */
    record Gone() implements ClientLine {}
}
