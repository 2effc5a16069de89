package dev.postern.pop3;

import java.util.Optional;

/**
 * A parsed POP3 command (RFC 1939 §§4–7, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH). Message
 * numbers are as the client wrote them (1-based); the session checks their range.
 */
sealed interface Pop3Command {

    record User(String name) implements Pop3Command {}

    /** RFC 1939 §7: the password is the rest of the line and may contain spaces. */
    record Pass(String password) implements Pop3Command {}

    /** No mechanism lists the mechanisms; an initial response is optional (RFC 5034 §4). */
    record Auth(Optional<String> mechanism, Optional<String> initialResponse) implements Pop3Command {}

    record Apop() implements Pop3Command {}

    record Capa() implements Pop3Command {}

    record Stls() implements Pop3Command {}

    record Quit() implements Pop3Command {}

    record Stat() implements Pop3Command {}

    record List(Optional<Integer> number) implements Pop3Command {}

    record Retr(int number) implements Pop3Command {}

    record Dele(int number) implements Pop3Command {}

    record Noop() implements Pop3Command {}

    record Rset() implements Pop3Command {}

    record Top(int number, int lines) implements Pop3Command {}

    record Uidl(Optional<Integer> number) implements Pop3Command {}

    /** Anything else: unknown, malformed or too long; carries its reply. */
    record Invalid(Pop3Reply reply) implements Pop3Command {}
}
