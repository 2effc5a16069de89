package dev.postern.smtp.client;

import dev.postern.smtp.Reply;

/**
 * A session could not be opened (connection refused, greeting refused, TLS or AUTH failed). The
 * reply says why in SMTP terms: the server's own, or one we made up (4.4.1 no answer, 4.4.2 lost,
 * 4.5.0 garbled, 4.7.0 TLS) — 4xx unless the server itself said 5xx.
 */
public final class SessionFailure extends Exception {

    /** Where opening failed; a failed TLS handshake may be retried without TLS when TLS was optional. */
    public enum Stage { CONNECT, SESSION, TLS_HANDSHAKE }

    private final transient Reply reply;
    private final Stage stage;

    public SessionFailure(Reply reply, String detail) {
        this(reply, Stage.SESSION, detail);
    }

    public SessionFailure(Reply reply, Stage stage, String detail) {
        super(detail);
        this.reply = reply;
        this.stage = stage;
    }

    public Reply reply() {
        return reply;
    }

    public Stage stage() {
        return stage;
    }
}
