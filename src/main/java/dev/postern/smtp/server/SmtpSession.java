package dev.postern.smtp.server;

import dev.postern.auth.SaslExchange;
import dev.postern.net.Connection;
import dev.postern.net.Line;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Reply;
import dev.postern.smtp.server.SessionState.Chunking;
import dev.postern.smtp.server.SessionState.Fresh;
import dev.postern.smtp.server.SessionState.Greeting;
import dev.postern.smtp.server.SessionState.InTransaction;
import dev.postern.smtp.server.SessionState.Ready;
import dev.postern.smtp.server.SessionState.Transaction;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP server session (RFC 5321) on one connection: read a line, parse it, act, reply, until
 * QUIT, end of input, a timeout or too many errors. Decisions belong to {@link Inbound}; this class
 * only sequences the protocol. It never throws: bad input gets a reply, a lost connection aborts any
 * open message, and nothing is acknowledged that the sink has not committed.
 */
public final class SmtpSession {

    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    private enum Next { CONTINUE, CLOSE }

    private final Connection connection;
    private final Inbound inbound;
    private final SessionSettings settings;
    private final CommandParser parser;
    private final ReplyWriter writer;
    private final MessageTransfer transfer;
    private final CommandReader commandReader;
    private final Optional<AuthDialogue> authDialogue;
    private SessionState state = new Fresh();
    private int throttledLogins;
    private int badCommands;
    private int commands;
    private int messages;

    /** A session that does not offer AUTH (answered 502). */
    public SmtpSession(Connection connection, Inbound inbound, SessionSettings settings) {
        this(connection, inbound, settings, Optional.empty(), SessionObserver.NONE);
    }

    /** A session offering AUTH (RFC 4954) as {@code settings.auth()} allows, checked by {@code authentication}. */
    public SmtpSession(Connection connection, Inbound inbound, SessionSettings settings,
                       Authentication authentication) {
        this(connection, inbound, settings, Optional.of(authentication), SessionObserver.NONE);
    }

    /** As above, telling {@code observer} of every reply (metrics, {@code postern explain}). */
    public SmtpSession(Connection connection, Inbound inbound, SessionSettings settings,
                       Authentication authentication, SessionObserver observer) {
        this(connection, inbound, settings, Optional.of(authentication), observer);
    }

    private SmtpSession(Connection connection, Inbound inbound, SessionSettings settings,
                        Optional<Authentication> authentication, SessionObserver observer) {
        this.connection = connection;
        this.inbound = inbound;
        this.settings = settings;
        this.parser = new CommandParser(settings.hostname());
        this.writer = new ReplyWriter(connection, observer);
        this.transfer = new MessageTransfer(connection, settings, writer);
        this.commandReader = new CommandReader(connection, settings);
        this.authDialogue = authentication.map(a -> new AuthDialogue(connection, writer, commandReader, a));
    }

    /** Runs the session to its end and closes the connection. */
    public void run() {
        var peer = connection.peer();
        log.info("connect from {} on {}", peer, peer.listener());
        try {
            writer.send(SmtpReplies.greeting(settings.hostname()), "CONNECT");
            while (next() == Next.CONTINUE) {
                // one command per turn
            }
            writer.flush();
        } catch (SocketTimeoutException e) {
            farewell(SmtpReplies.timeout(settings.hostname()), "TIMEOUT");
        } catch (IOException e) {
            log.info("{} connection lost: {}", peer, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} session failed", peer, e);
            farewell(SmtpReplies.internalError(settings.hostname()), "ERROR");
        } finally {
            abortOpenMessage();
            connection.close();
            log.info("disconnect from {} on {} commands={} messages={} refused={}",
                    peer, peer.listener(), commands, messages, writer.refused());
        }
    }

    /** A BDAT message still open when the session ends was never acknowledged: drop it. */
    private void abortOpenMessage() {
        if (state instanceof Chunking chunking) {
            state = new Ready(chunking.greeting());
            try {
                chunking.sink().abort();
            } catch (RuntimeException e) {
                log.warn("{} abort failed", connection.peer(), e);
            }
        }
    }

    private Next next() throws IOException {
        writer.flushBeforeRead();
        return switch (commandReader.read()) {
            case Line.Text text -> {
                commands++;
                String line = text.utf8();
                yield handle(parser.parse(line));
            }
            case Line.TooLong _ -> {
                commands++;
                yield answer(SmtpReplies.LINE_TOO_LONG, "?"); // RFC 5321 §4.5.3.1.4
            }
            case Line.End _ -> Next.CLOSE;
        };
    }

    /** The command table. */
    private Next handle(SmtpCommand command) throws IOException {
        return switch (command) {
            case SmtpCommand.Ehlo ehlo -> hello(ehlo.domain(), true);
            case SmtpCommand.Helo helo -> hello(helo.domain(), false);
            case SmtpCommand.Mail mail -> mail(mail);
            case SmtpCommand.Rcpt rcpt -> rcpt(rcpt);
            case SmtpCommand.Data _ -> data();
            case SmtpCommand.Bdat bdat -> bdat(bdat);
            case SmtpCommand.Rset _ -> rset();
            case SmtpCommand.Noop _ -> answer(SmtpReplies.OK, "NOOP");
            case SmtpCommand.Quit _ -> {
                writer.send(SmtpReplies.BYE, "QUIT");
                yield Next.CLOSE;
            }
            case SmtpCommand.Vrfy _ -> answer(SmtpReplies.CANNOT_VRFY, "VRFY"); // never enumerates users
            case SmtpCommand.Help _ -> answer(SmtpReplies.HELP, "HELP");
            case SmtpCommand.StartTls _ -> startTls();
            case SmtpCommand.Auth auth -> auth(auth);
            case SmtpCommand.Invalid invalid -> answer(invalid.reply(), invalid.verb());
        };
    }

    // RFC 5321 §4.1.4: EHLO/HELO also ends any transaction, like RSET
    private Next hello(String domain, boolean esmtp) throws IOException {
        endTransaction();
        Optional<String> user = greeting().flatMap(Greeting::authenticatedUser);
        state = new Ready(new Greeting(domain, esmtp, user));
        boolean offerStartTls = settings.startTlsAvailable() && connection.tls().isEmpty();
        List<String> mechanisms = authOffered() ? SaslExchange.MECHANISMS : List.of();
        return answer(esmtp ? SmtpReplies.ehlo(settings.hostname(), settings.messageSizeLimit(), offerStartTls,
                mechanisms, settings.auth().legacyAdvertise())
                : SmtpReplies.helo(settings.hostname()), esmtp ? "EHLO" : "HELO");
    }

    private Next mail(SmtpCommand.Mail mail) throws IOException {
        return switch (state) {
            case Fresh _ -> answer(SmtpReplies.NEED_HELO, "MAIL");
            case InTransaction _, Chunking _ -> answer(SmtpReplies.NESTED_MAIL, "MAIL");
            // RFC 6409 §4.3 and RFC 4954 §6: a submission port takes mail only from authenticated users
            case Ready(Greeting greeting) when settings.auth().role() == AuthPolicy.Role.SUBMISSION
                    && greeting.authenticatedUser().isEmpty() -> answer(SmtpReplies.AUTH_REQUIRED, "MAIL");
            case Ready(Greeting greeting) -> {
                MailParameters parameters = mail.parameters();
                // RFC 1870 §6.2: a declared size over the limit is refused at once
                if (parameters.size().isPresent() && parameters.size().getAsLong() > settings.messageSizeLimit()) {
                    yield answer(SmtpReplies.SIZE_EXCEEDS_LIMIT, "MAIL");
                }
                Reply reply = inbound.mailFrom(client(greeting), mail.from(), parameters);
                if (reply.positive()) {
                    state = new InTransaction(greeting, Transaction.begin(mail.from(), parameters));
                }
                yield answer(reply, "MAIL");
            }
        };
    }

    private Next rcpt(SmtpCommand.Rcpt rcpt) throws IOException {
        return switch (state) {
            case Fresh _ -> answer(SmtpReplies.NEED_HELO, "RCPT");
            case Ready _ -> answer(SmtpReplies.NEED_MAIL, "RCPT");
            case Chunking _ -> answer(SmtpReplies.RCPT_DURING_BDAT, "RCPT");
            case InTransaction(Greeting greeting, Transaction transaction) -> {
                if (!rcpt.ascii() && !transaction.parameters().smtputf8()) {
                    yield answer(SmtpReplies.RECIPIENT_NEEDS_SMTPUTF8, "RCPT"); // RFC 6531 §3.4
                }
                if (transaction.accepted().size() >= settings.maxRecipients()) {
                    yield answer(SmtpReplies.TOO_MANY_RECIPIENTS, "RCPT"); // RFC 5321 §4.5.3.1.10
                }
                Reply reply = inbound.rcptTo(client(greeting), transaction.sender(), rcpt.to());
                state = new InTransaction(greeting,
                        reply.positive() ? transaction.accept(rcpt.to()) : transaction.refuse(reply));
                yield answer(reply, "RCPT");
            }
        };
    }

    private Next data() throws IOException {
        return switch (state) {
            case Fresh _ -> answer(SmtpReplies.NEED_HELO, "DATA");
            case Ready _ -> answer(SmtpReplies.NO_VALID_RCPT, "DATA");
            case Chunking _ -> answer(SmtpReplies.DATA_DURING_BDAT, "DATA"); // RFC 3030 §2
            case InTransaction(Greeting greeting, Transaction transaction) -> {
                if (transaction.accepted().isEmpty()) {
                    yield answer(noValidRecipient(transaction), "DATA");
                }
                if (transaction.parameters().body() == MailParameters.Body.BINARY_MIME) {
                    yield answer(SmtpReplies.BINARYMIME_NEEDS_BDAT, "DATA"); // RFC 3030 §3
                }
                state = new Ready(greeting); // RFC 5321 §4.1.1.4: the transaction ends with DATA either way
                Optional<MessageSink> sink = open(greeting, transaction);
                if (sink.isEmpty()) {
                    yield answer(SmtpReplies.QUEUE_WRITE_ERROR, "DATA");
                }
                writer.send(SmtpReplies.START_DATA, "DATA");
                yield delivered(transfer.data(sink.get()), transaction, "DATA");
            }
        };
    }

    private Next bdat(SmtpCommand.Bdat bdat) throws IOException {
        switch (state) {
            case Fresh _ -> {
                transfer.discard(bdat.size());
                return answer(SmtpReplies.NEED_HELO, "BDAT");
            }
            case Ready _ -> {
                transfer.discard(bdat.size());
                return answer(SmtpReplies.NO_VALID_RCPT, "BDAT");
            }
            case InTransaction(Greeting greeting, Transaction transaction) -> {
                if (transaction.accepted().isEmpty()) {
                    transfer.discard(bdat.size());
                    return answer(noValidRecipient(transaction), "BDAT");
                }
                Optional<MessageSink> sink = open(greeting, transaction);
                if (sink.isEmpty()) {
                    state = new Ready(greeting);
                    transfer.discard(bdat.size());
                    return answer(SmtpReplies.QUEUE_WRITE_ERROR, "BDAT");
                }
                return chunk(new Chunking(greeting, transaction, sink.get(), 0), bdat);
            }
            case Chunking chunking -> {
                return chunk(chunking, bdat);
            }
        }
    }

    /** RFC 3030 §2: one chunk into the open sink; LAST commits. */
    private Next chunk(Chunking chunking, SmtpCommand.Bdat bdat) throws IOException {
        state = chunking; // so a lost connection aborts the sink
        long limit = settings.messageSizeLimit();
        boolean written = transfer.chunk(bdat.size(), chunking.sink().body(), limit - chunking.octets());
        long total = chunking.octets() + bdat.size();
        if (!written) {
            state = new Ready(chunking.greeting());
            chunking.sink().abort();
            return answer(SmtpReplies.QUEUE_WRITE_ERROR, "BDAT");
        }
        if (total > limit) {
            state = new Ready(chunking.greeting());
            chunking.sink().abort();
            return answer(SmtpReplies.MESSAGE_TOO_BIG, "BDAT");
        }
        if (!bdat.last()) {
            state = new Chunking(chunking.greeting(), chunking.transaction(), chunking.sink(), total);
            return answer(SmtpReplies.chunkReceived(bdat.size()), "BDAT");
        }
        state = new Ready(chunking.greeting());
        return delivered(transfer.commit(chunking.sink()), chunking.transaction(), "BDAT");
    }

    private Next delivered(Reply reply, Transaction transaction, String verb) throws IOException {
        if (reply.positive()) {
            messages++;
            log.info("{} message accepted from {} for {} recipient(s): {}", connection.peer(),
                    transaction.sender(), transaction.accepted().size(), reply.text());
        }
        return answer(reply, verb);
    }

    private Optional<MessageSink> open(Greeting greeting, Transaction transaction) {
        try {
            return Optional.of(inbound.open(client(greeting), transaction.envelope()));
        } catch (IOException e) {
            log.warn("{} cannot open queue file", connection.peer(), e);
            return Optional.empty();
        }
    }

    /** DATA/BDAT without an accepted RCPT: the refusal that caused it, then the contract line. */
    private static Reply noValidRecipient(Transaction transaction) {
        return transaction.lastRefusal().map(SmtpReplies::allRecipientsRefused).orElse(SmtpReplies.NO_VALID_RCPT);
    }

    // RFC 5321 §4.1.1.5: RSET clears the transaction, keeps the greeting
    private Next rset() throws IOException {
        endTransaction();
        return answer(SmtpReplies.OK, "RSET");
    }

    private void endTransaction() {
        switch (state) {
            case Chunking chunking -> {
                chunking.sink().abort();
                state = new Ready(chunking.greeting());
            }
            case InTransaction(Greeting greeting, Transaction _) -> state = new Ready(greeting);
            case Fresh _, Ready _ -> { }
        }
    }

    private Next auth(SmtpCommand.Auth command) throws IOException {
        if (authDialogue.isEmpty()) {
            return answer(SmtpReplies.AUTH_NOT_ENABLED, "AUTH");
        }
        return switch (state) {
            case Fresh _ -> answer(SmtpReplies.NEED_EHLO, "AUTH"); // RFC 4954 §3: AUTH is an EHLO extension
            // RFC 4954 §4: not permitted during a mail transaction
            case InTransaction _, Chunking _ -> answer(SmtpReplies.AUTH_IN_TRANSACTION, "AUTH");
            case Ready(Greeting greeting) when !greeting.esmtp() -> answer(SmtpReplies.NEED_EHLO, "AUTH");
            // RFC 4954 §4: after a successful AUTH, further AUTH commands are refused with 503
            case Ready(Greeting greeting) when greeting.authenticatedUser().isPresent() ->
                    answer(SmtpReplies.AUTH_ALREADY_DONE, "AUTH");
            // RFC 4954 §6: 538 when the mechanism needs an encrypted connection first
            case Ready(Greeting greeting) when !authOffered() -> answer(SmtpReplies.ENCRYPTION_REQUIRED, "AUTH");
            case Ready(Greeting greeting) -> authenticate(greeting, command);
        };
    }

    /**
     * Runs the exchange. A throttled client is told when to come back (454); one that tries again
     * on the same connection anyway is hammering, so the second refusal is 421 and the close.
     */
    private Next authenticate(Greeting greeting, SmtpCommand.Auth command) throws IOException {
        return switch (authDialogue.orElseThrow().run(command)) {
            case AuthDialogue.Outcome.Authenticated(String account) -> {
                state = new Ready(new Greeting(greeting.helo(), greeting.esmtp(), Optional.of(account)));
                log.info("{} authenticated as {}", connection.peer(), account);
                yield answer(SmtpReplies.AUTH_OK, "AUTH");
            }
            case AuthDialogue.Outcome.Refused(Reply reply) -> answer(reply, "AUTH");
            case AuthDialogue.Outcome.Throttled(var retryAfter) -> {
                if (++throttledLogins > 1) {
                    writer.send(SmtpReplies.authThrottledClosing(settings.hostname(), retryAfter), "AUTH");
                    yield Next.CLOSE;
                }
                yield answer(SmtpReplies.authThrottled(retryAfter), "AUTH");
            }
            case AuthDialogue.Outcome.Lost _ -> Next.CLOSE;
        };
    }

    /** AUTH is offered when the session can check it and the connection is encrypted or exempt. */
    private boolean authOffered() {
        return authDialogue.isPresent()
                && settings.auth().offersAuth(connection.tls().isPresent(), connection.peer().address());
    }

    private Next startTls() throws IOException {
        if (connection.tls().isPresent()) {
            return answer(SmtpReplies.TLS_ACTIVE, "STARTTLS");
        }
        if (!settings.startTlsAvailable()) {
            return answer(SmtpReplies.NOT_IMPLEMENTED, "STARTTLS");
        }
        endTransaction();
        // RFC 3207 §4.2 (CVE-2011-0411): bytes sent before the handshake must not count as protected
        if (connection.hasPendingInput()) {
            writer.send(SmtpReplies.TLS_PIPELINED, "STARTTLS");
            return Next.CLOSE;
        }
        writer.send(SmtpReplies.READY_FOR_TLS, "STARTTLS");
        writer.flush();
        connection.startTls();
        state = new Fresh(); // RFC 3207 §4.2: forget everything learnt before TLS, EHLO again
        return Next.CONTINUE;
    }

    /** Sends a reply; protocol errors count towards the limit, past which the session ends. */
    private Next answer(Reply reply, String verb) throws IOException {
        writer.send(reply, verb);
        boolean protocolError = reply.code() >= 500 && reply.code() <= 504 || reply.code() == 555;
        if (protocolError && ++badCommands >= settings.maxBadCommands()) {
            writer.send(SmtpReplies.tooManyErrors(settings.hostname()), verb);
            return Next.CLOSE;
        }
        return Next.CONTINUE;
    }

    private void farewell(Reply reply, String reason) {
        try {
            writer.send(reply, reason);
            writer.flush();
        } catch (IOException e) {
            log.debug("{} could not send {}", connection.peer(), reason, e);
        }
    }

    private Optional<Greeting> greeting() {
        return switch (state) {
            case Fresh _ -> Optional.empty();
            case Ready(Greeting greeting) -> Optional.of(greeting);
            case InTransaction(Greeting greeting, Transaction _) -> Optional.of(greeting);
            case Chunking chunking -> Optional.of(chunking.greeting());
        };
    }

    private Client client(Greeting greeting) {
        return new Client(connection.peer(), greeting.helo(), greeting.esmtp(), connection.tls(),
                greeting.authenticatedUser());
    }
}
