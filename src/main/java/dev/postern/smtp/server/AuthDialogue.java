package dev.postern.smtp.server;

import dev.postern.auth.AuthResult;
import dev.postern.auth.SaslExchange;
import dev.postern.auth.SaslStep;
import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.smtp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AUTH command (RFC 4954 §4) after the session has decided it may run: drives a
 * {@link SaslExchange} through its 334 challenges and checks the credentials it yields through
 * {@link Authentication}. Never logs a client line: they carry passwords.
 */
final class AuthDialogue {

    private static final Logger log = LoggerFactory.getLogger(AuthDialogue.class);
    /** RFC 4954 §4: servers must accept SASL response lines of at least 12288 octets. */
    static final int MAX_RESPONSE_LINE = 12288;

    /** How the exchange ended. */
    sealed interface Outcome {
        record Authenticated(String account) implements Outcome {}

        /** Send {@code reply}; the client stays unauthenticated. */
        record Refused(Reply reply) implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}

        /** The client went away mid-exchange. */
        record Lost() implements Outcome {}
    }

    private final Connection connection;
    private final ReplyWriter writer;
    private final CommandReader reader;
    private final Authentication authentication;

    AuthDialogue(Connection connection, ReplyWriter writer, CommandReader reader, Authentication authentication) {
        this.connection = connection;
        this.writer = writer;
        this.reader = reader;
        this.authentication = authentication;
    }

    Outcome run(SmtpCommand.Auth command) throws IOException {
        var exchange = new SaslExchange();
        SaslStep step = exchange.start(command.mechanism(), command.initialResponse());
        while (step instanceof SaslStep.Challenge challenge) {
            writer.send(SmtpReplies.challenge(challenge.base64()), "AUTH");
            writer.flushBeforeRead();
            switch (reader.read(MAX_RESPONSE_LINE)) {
                case Line.Text text -> step = exchange.respond(new String(text.bytes(), StandardCharsets.US_ASCII));
                case Line.TooLong _ -> {
                    return new Outcome.Refused(SmtpReplies.LINE_TOO_LONG);
                }
                case Line.End _ -> {
                    return new Outcome.Lost();
                }
            }
        }
        return switch (step) {
            case SaslStep.Credentials credentials -> check(credentials);
            case SaslStep.Failure failure -> new Outcome.Refused(reply(failure.kind()));
            case SaslStep.Challenge _ -> throw new IllegalStateException("challenge after the loop");
        };
    }

    private Outcome check(SaslStep.Credentials credentials) {
        try {
            return switch (authentication.authenticate(connection.peer().address(), credentials.user(),
                    credentials.password())) {
                case AuthResult.Success success -> new Outcome.Authenticated(success.account());
                case AuthResult.BadCredentials _ -> new Outcome.Refused(SmtpReplies.AUTH_FAILED);
                case AuthResult.Throttled throttled -> new Outcome.Throttled(throttled.retryAfter());
            };
        } catch (RuntimeException e) {
            // A store failure is not the client's fault: temporary, never 535 (RFC 4954 §6: 454).
            log.error("{} authentication check failed", connection.peer(), e);
            return new Outcome.Refused(SmtpReplies.AUTH_TEMPORARY_FAILURE);
        } finally {
            credentials.erase();
        }
    }

    private static Reply reply(SaslStep.Kind kind) {
        return switch (kind) {
            case UNKNOWN_MECHANISM -> SmtpReplies.AUTH_UNKNOWN_MECHANISM; // RFC 4954 §4: 504 5.5.4
            case BAD_BASE64, MALFORMED -> SmtpReplies.AUTH_BAD_RESPONSE; // RFC 4954 §4: 501 5.5.2
            case CANCELLED -> SmtpReplies.AUTH_CANCELLED;                // RFC 4954 §4: 501 5.0.0
            case AUTHZID_REFUSED -> SmtpReplies.AUTH_FAILED;             // RFC 4616 §2: may not act for another
        };
    }
}
