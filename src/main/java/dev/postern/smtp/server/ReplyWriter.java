package dev.postern.smtp.server;

import dev.postern.net.Connection;
import dev.postern.smtp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way out for replies: formats, writes, logs refusals, and flushes once per pipelined
 * batch (RFC 2920 §3.2: replies are sent when the client has no more commands waiting, not after
 * each one).
 */
final class ReplyWriter {

    private static final Logger log = LoggerFactory.getLogger(ReplyWriter.class);

    private final Connection connection;
    private final String client;
    private final SessionObserver observer;
    private int refused;
    private boolean unflushed;

    ReplyWriter(Connection connection) {
        this(connection, SessionObserver.NONE);
    }

    ReplyWriter(Connection connection, SessionObserver observer) {
        this.connection = connection;
        this.client = connection.peer().address().getHostAddress();
        this.observer = observer;
    }

    void send(Reply reply, String verb) throws IOException {
        if (!reply.positive()) {
            refused++;
            log.info("{} {} refused: {} {} {}", client, verb, reply.code(), reply.enhancedCode(), reply.text());
        }
        try {
            observer.replied(connection.peer(), verb, reply);
        } catch (RuntimeException e) {
            log.warn("{} reply observer failed: {}", client, e.toString()); // counting never costs the client
        }
        connection.write(reply.wire().getBytes(StandardCharsets.UTF_8));
        unflushed = true;
    }

    /**
     * Before every read that may block, including reads of message content: flush what is
     * waiting unless the client already sent more (RFC 2920 §3.2), so neither side waits forever.
     */
    void flushBeforeRead() throws IOException {
        if (unflushed && !connection.hasBufferedInput()) {
            flush();
        }
    }

    void flush() throws IOException {
        connection.flush();
        unflushed = false;
    }

    int refused() {
        return refused;
    }
}
