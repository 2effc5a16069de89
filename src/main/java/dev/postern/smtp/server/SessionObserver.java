package dev.postern.smtp.server;

import dev.postern.net.Peer;
import dev.postern.smtp.Reply;

/**
 * Told of every reply the session sends, with the command it answers ({@code CONNECT} for the
 * greeting): what metrics count and what {@code postern explain} remembers of refusals the session
 * makes itself (size, TLS or login required). Called on the session's thread: it must be quick and
 * must not throw.
 */
@FunctionalInterface
public interface SessionObserver {

    SessionObserver NONE = (peer, verb, reply) -> { };

    void replied(Peer peer, String verb, Reply reply);
}
