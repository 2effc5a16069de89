package dev.postern.smtp.client;

import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One open SMTP connection, ready for MAIL. {@link #send} runs one transaction and may be called
 * again while {@link #usable()} (connection reuse). Not thread-safe.
 */
public final class ClientSession implements AutoCloseable {

    private final Wire wire;
    private final String remote;
    private final Timeouts timeouts;
    private Extensions extensions = Extensions.NONE;
    private boolean usable = true;

    ClientSession(Wire wire, String remote, Timeouts timeouts) {
        this.wire = wire;
        this.remote = remote;
        this.timeouts = timeouts;
    }

    /** {@code name[address]:port}, for logs and Remote-MTA. */
    public String remote() {
        return remote;
    }

    /** Whether the TLS layer is on. */
    public boolean encrypted() {
        return wire.tls();
    }

    /** False once the connection broke, the server said 421, or a reply was garbled. */
    public boolean usable() {
        return usable;
    }

    /**
     * Runs one transaction; returns the final reply for each recipient, in order (2xx: accepted by
     * the server). Never throws: a broken connection answers 4.4.2 for every recipient not yet final.
     */
    public List<Reply> send(Transaction tx) {
        var results = new Reply[tx.recipients().size()];
        try {
            Reply refusal = Preflight.check(tx, extensions);
            if (refusal != null) {
                Arrays.fill(results, refusal);
                return List.of(results);
            }
            new TransactionRun(this, tx, results).run();
        } catch (ReplyReader.ProtocolException e) {
            broken(results, Reply.of(451, SmtpClient.PROTOCOL, "garbled reply from " + remote + ": " + e.getMessage()));
        } catch (IOException e) {
            broken(results, Reply.of(451, Status.CONNECTION_DROPPED, "lost connection with " + remote + ": "
                    + e.getMessage()));
        }
        return List.of(results);
    }

    /** RSET (RFC 5321 §4.1.1.5), also the liveness probe before reusing a cached connection. */
    public boolean reset() {
        if (!usable) {
            return false;
        }
        try {
            Reply reply = command("RSET", timeouts.command());
            if (reply.code() != 250) {
                usable = false;
            }
        } catch (IOException e) {
            usable = false;
        }
        if (!usable) {
            wire.close();
        }
        return usable;
    }

    /** QUIT (RFC 5321 §4.1.1.10) when the connection still works, then close. */
    @Override
    public void close() {
        quit();
    }

    void quit() {
        if (usable) {
            usable = false;
            try {
                command("QUIT", Duration.ofSeconds(Math.min(30, timeouts.command().toSeconds() + 1)));
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        wire.close();
    }

    /** Sends one command and reads its reply; a 421 means the server is closing (RFC 5321 §3.8). */
    Reply command(String line, Duration timeout) throws IOException {
        wire.send(line);
        wire.flush();
        return read(timeout);
    }

    Reply read(Duration timeout) throws IOException {
        Reply reply = wire.read(timeout);
        if (reply.code() == 421) {
            usable = false;
            wire.close();
        }
        return reply;
    }

    Wire wire() {
        return wire;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    Extensions extensions() {
        return extensions;
    }

    void extensions(Extensions extensions) {
        this.extensions = extensions;
    }

    private void broken(Reply[] results, Reply reason) {
        usable = false;
        wire.close();
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = reason;
            }
        }
    }

    /** Checks made before MAIL, from what the server advertised. Null when the transaction may go. */
    static final class Preflight {
        private Preflight() {
        }

        static Reply check(Transaction tx, Extensions ext) throws IOException {
            if (needsUtf8(tx) && !ext.has("SMTPUTF8")) {
                // RFC 6531 §3.2: a non-ASCII envelope cannot be downgraded by us.
                return Reply.of(553, new Status(6, 7), "the recipient's server does not support SMTPUTF8,"
                        + " needed for this message's non-ASCII addresses");
            }
            var limit = ext.sizeLimit();
            if (limit.isPresent() && tx.size() > limit.getAsLong()) {
                return Reply.of(552, Status.MESSAGE_TOO_BIG, "message of " + tx.size()
                        + " bytes exceeds the recipient server's limit of " + limit.getAsLong() + " bytes");
            }
            if (!ext.has("8BITMIME") && eightBit(tx)) {
                // RFC 6152 §3: without 8BITMIME we must not send 8-bit data; we do not convert.
                return Reply.of(554, new Status(6, 3), "the recipient's server does not accept 8-bit"
                        + " content (no 8BITMIME) and Postern does not convert it");
            }
            return null;
        }

        private static boolean eightBit(Transaction tx) throws IOException {
            if (tx.parameters().body() != MailParameters.Body.SEVEN_BIT) {
                return true;
            }
            try (var in = tx.content().open()) {
                return DataWriter.eightBit(in);
            }
        }

        static boolean needsUtf8(Transaction tx) {
            if (tx.parameters().smtputf8()) {
                return true;
            }
            if (tx.sender() instanceof ReversePath.Sender s && !ascii(s.address().toString())) {
                return true;
            }
            return tx.recipients().stream().anyMatch(r -> !ascii(r.address().toString()));
        }

        private static boolean ascii(String s) {
            return s.chars().allMatch(c -> c < 128);
        }
    }
}
