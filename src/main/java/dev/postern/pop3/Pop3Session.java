package dev.postern.pop3;

import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.pop3.MaildropOpener.Opening;
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
import dev.postern.pop3.Pop3State.Authorization;
import dev.postern.pop3.Pop3State.Closed;
import dev.postern.pop3.Pop3State.Transaction;
import dev.postern.pop3.Pop3State.Update;
import dev.postern.pop3.SaslExchange.Outcome;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 conversation (RFC 1939), read top to bottom: greet, then AUTHORIZATION until a login
 * opens the maildrop, TRANSACTION until QUIT, then UPDATE. Runs on the connection's thread.
 */
public final class Pop3Session implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Session.class);

    private final Connection connection;
    private final Pop3Settings settings;
    private final Authenticator authenticator;
    private final MaildropOpener maildrops;
    private final LoginListener onLogin;
    private final Pop3Writer writer;
    private final MaildropCommands transaction;
    private Pop3State state = Authorization.fresh();
    private int badCommands;

    public Pop3Session(Connection connection, Pop3Settings settings, Authenticator authenticator,
                       MaildropOpener maildrops, LoginListener onLogin) {
        this.connection = connection;
        this.settings = settings;
        this.authenticator = authenticator;
        this.maildrops = maildrops;
        this.onLogin = onLogin;
        this.writer = new Pop3Writer(connection);
        this.transaction = new MaildropCommands(writer);
    }

    @Override
    public void run() {
        var peer = connection.peer();
        LOG.info("connect from {} on {}", peer, peer.listener());
        try (connection) {
            connection.readTimeout(settings.commandTimeout()); // RFC 1939 §3: autologout timer
            writer.reply(Pop3Replies.greeting(settings.hostname()));
            writer.flush();
            while (!(state instanceof Closed)) {
                state = step(state);
                writer.endOfBatch();
            }
            writer.flush(); // the last reply goes out even if the client pipelined past QUIT
        } catch (IOException e) {
            LOG.info("{} connection lost: {}", connection.peer(), e.toString());
        } finally {
            if (state instanceof Transaction t) {
                abandon(t); // RFC 1939 §6: no QUIT, no UPDATE — nothing is deleted
            }
            LOG.info("disconnect from {} on {}", peer, peer.listener());
        }
    }

    private Pop3State step(Pop3State current) throws IOException {
        return switch (current) {
            case Authorization a -> {
                Optional<Pop3Command> command = read();
                yield command.isEmpty() ? new Closed() : authorization(a, command.get());
            }
            case Transaction t -> {
                Optional<Pop3Command> command = read();
                yield command.isEmpty() ? abandon(t) : transaction.handle(t, command.get());
            }
            case Update u -> update(u.transaction());
            case Closed c -> c;
        };
    }

    private Pop3State authorization(Authorization a, Pop3Command command) throws IOException {
        switch (command) {
            case User(String name) -> {
                if (!plaintextAllowed()) {
                    writer.reply(Pop3Replies.plaintextDisallowed());
                    return a;
                }
                writer.reply(Pop3Replies.sendPassword());
                return new Authorization(Optional.of(name));
            }
            case Pass(String password) -> {
                return pass(a, password);
            }
            case Auth auth -> {
                return auth(a, auth);
            }
            case Capa _ -> writer.lines(Pop3Replies.capabilitiesFollow(),
                    Capabilities.authorization(stlsOffered(), plaintextAllowed()));
            case Stls _ -> {
                return stls(a);
            }
            case Quit _ -> {
                writer.reply(Pop3Replies.signingOff());
                return new Closed();
            }
            case Apop _ -> writer.reply(Pop3Replies.apopUnsupported());
            case Stat _, Pop3Command.List _, Retr _, Dele _, Noop _, Rset _, Top _, Uidl _ ->
                    writer.reply(Pop3Replies.wrongState()); // RFC 1939 §4: only after login
            case Invalid invalid -> writer.reply(invalid.reply());
        }
        return a;
    }

    private Pop3State pass(Authorization a, String password) throws IOException {
        if (a.pendingUser().isEmpty()) {
            writer.reply(Pop3Replies.noUserGiven());
            return a;
        }
        if (!plaintextAllowed()) {
            writer.reply(Pop3Replies.plaintextDisallowed());
            return Authorization.fresh();
        }
        return login(a.pendingUser().get(), password.toCharArray());
    }

    private Pop3State auth(Authorization a, Auth auth) throws IOException {
        if (auth.mechanism().isEmpty()) {
            writer.lines(Pop3Replies.mechanismsFollow(), java.util.List.of("PLAIN", "LOGIN"));
            return a;
        }
        if (!plaintextAllowed()) {
            writer.reply(Pop3Replies.plaintextDisallowed());
            return a;
        }
        var sasl = new SaslExchange(writer, this::readLine);
        Outcome outcome = switch (auth.mechanism().get()) {
            case "PLAIN" -> sasl.plain(auth.initialResponse());
            case "LOGIN" -> sasl.login(auth.initialResponse());
            default -> new Outcome.Refused(Pop3Replies.unsupportedMechanism());
        };
        return switch (outcome) {
            case Outcome.Credentials(String user, char[] password) -> login(user, password);
            case Outcome.Refused(Pop3Reply reply) -> {
                writer.reply(reply);
                yield Authorization.fresh();
            }
            case Outcome.Hangup hangup -> new Closed();
        };
    }

    /** Checks the credentials, tells the login listener, then opens and locks the maildrop. */
    private Pop3State login(String user, char[] password) throws IOException {
        Pop3Login result;
        try {
            result = authenticator.authenticate(connection.peer().address(), user, password);
        } catch (RuntimeException e) {
            LOG.warn("{} authenticator failed for {}", connection.peer(), user, e);
            writer.reply(Pop3Replies.temporaryFailure());
            return Authorization.fresh();
        } finally {
            Arrays.fill(password, '\0');
        }
        return switch (result) {
            case Pop3Login.Success(String account) -> loggedIn(account);
            case Pop3Login.BadCredentials _ -> {
                LOG.info("{} login failed for {}", connection.peer(), user);
                writer.reply(Pop3Replies.authenticationFailed()); // RFC 3206 §5: [AUTH]
                yield Authorization.fresh();
            }
            case Pop3Login.Throttled(var retryAfter) -> {
                LOG.info("{} login throttled for {}, retry after {}s", connection.peer(), user, retryAfter.toSeconds());
                // RFC 3206 §5: [AUTH] covers "an attempt to authenticate in violation of policy"
                writer.reply(Pop3Replies.throttled(retryAfter));
                yield Authorization.fresh();
            }
        };
    }

    private Pop3State loggedIn(String account) throws IOException {
        try {
            onLogin.loggedIn(connection.peer().address(), account);
        } catch (RuntimeException e) {
            // a lost POP-before-SMTP grant must not keep the customer from their mail
            LOG.warn("{} login listener failed for {}", connection.peer(), account, e);
        }
        return open(account);
    }

    private Pop3State open(String account) throws IOException {
        return switch (maildrops.open(account)) {
            case Opening.Opened(Pop3Maildrop maildrop) -> {
                var t = new Transaction(account, maildrop);
                long octets = maildrop.listing().stream().mapToLong(Pop3Maildrop.Listing::size).sum();
                LOG.info("{} logged in as {}", connection.peer(), account);
                writer.reply(Pop3Replies.loggedIn(maildrop.listing().size(), octets));
                yield t;
            }
            case Opening.InUse inUse -> {
                writer.reply(Pop3Replies.inUse()); // RFC 2449 §8.1.2
                yield Authorization.fresh();
            }
            case Opening.Failed(Exception cause) -> {
                LOG.error("{} cannot open the maildrop of {}", connection.peer(), account, cause);
                writer.reply(Pop3Replies.temporaryFailure());
                yield Authorization.fresh();
            }
        };
    }

    private Pop3State stls(Authorization a) throws IOException {
        if (connection.tls().isPresent()) {
            writer.reply(Pop3Replies.tlsActive());
            return a;
        }
        if (!stlsOffered()) {
            writer.reply(Pop3Replies.stlsUnavailable());
            return a;
        }
        if (connection.hasPendingInput()) {
            // nothing sent in plaintext may be taken as if it came over TLS (cf. RFC 3207 §4.2)
            writer.reply(Pop3Replies.stlsPipelined());
            return a;
        }
        writer.reply(Pop3Replies.beginTls());
        writer.flush();
        connection.startTls();
        return Authorization.fresh(); // RFC 2595 §4: forget what was learned before TLS
    }

    private Pop3State update(Transaction t) throws IOException {
        var deleted = t.deleted().stream().boxed().toList();
        var seen = t.retrieved().stream().filter(i -> !t.deleted().get(i)).boxed().toList();
        try {
            t.maildrop().expunge(deleted);
            markSeen(t, seen);
            writer.reply(Pop3Replies.signingOff());
        } catch (IOException e) {
            LOG.error("{} UPDATE failed for {}", connection.peer(), t.account(), e);
            writer.reply(Pop3Replies.someDeletedNotRemoved());
        } finally {
            t.maildrop().close();
        }
        LOG.info("{} {} logged out, {} deleted", connection.peer(), t.account(), deleted.size());
        return new Closed();
    }

    /** Like Dovecot, retrieved messages become \Seen even without QUIT; deletions do not happen. */
    private Pop3State abandon(Transaction t) {
        state = new Closed();
        markSeen(t, t.retrieved().stream().boxed().toList());
        t.maildrop().close();
        LOG.info("{} {} left without QUIT; nothing deleted", connection.peer(), t.account());
        return state;
    }

    private void markSeen(Transaction t, java.util.List<Integer> indexes) {
        try {
            t.maildrop().markSeen(indexes);
        } catch (IOException e) {
            LOG.warn("{} cannot flag retrieved messages of {} as seen", connection.peer(), t.account(), e);
        }
    }

    /** The next command, or empty when the client is gone (hang-up, idle timeout, too many errors). */
    private Optional<Pop3Command> read() throws IOException {
        Pop3Command command = switch (readLine()) {
            case ClientLine.Gone gone -> null;
            case ClientLine.TooLong tooLong -> new Invalid(Pop3Replies.lineTooLong());
            case ClientLine.Text(String text) -> {
                LOG.debug("{} C: {}", connection.peer(), text.regionMatches(true, 0, "PASS ", 0, 5) ? "PASS ****" : text);
                yield Pop3Parser.parse(text);
            }
        };
        if (command instanceof Invalid invalid && ++badCommands >= settings.maxBadCommands()) {
            writer.reply(invalid.reply());
            writer.reply(Pop3Replies.tooManyBadCommands());
            writer.flush();
            return Optional.empty();
        }
        return Optional.ofNullable(command);
    }

    private ClientLine readLine() throws IOException {
        try {
            return switch (connection.readLine(settings.maxLineLength())) {
                case Line.Text text -> new ClientLine.Text(text.utf8());
                case Line.TooLong tooLong -> new ClientLine.TooLong();
                case Line.End end -> new ClientLine.Gone();
            };
        } catch (SocketTimeoutException idle) {
            writer.reply(Pop3Replies.autologout());
            writer.flush();
            return new ClientLine.Gone();
        }
    }

    private boolean plaintextAllowed() {
        return connection.tls().isPresent() || switch (settings.plaintextLogin()) {
            case ALLOWED -> true;
            case TLS_REQUIRED -> false;
            case TLS_REQUIRED_EXCEPT_LOOPBACK -> connection.peer().loopback();
        };
    }

    private boolean stlsOffered() {
        return settings.stls() == Pop3Settings.Stls.OFFERED && connection.tls().isEmpty();
    }
}
