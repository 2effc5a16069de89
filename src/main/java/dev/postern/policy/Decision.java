package dev.postern.policy;

import dev.postern.smtp.Reply;

/** The relay decision: accepted (and on what ground, for the log) or refused with the reply to send. */
public sealed interface Decision {

    record Accept(Ground ground) implements Decision {}

    record Refuse(Reply reply) implements Decision {}

    /** Why a recipient was accepted, in the order they are checked. */
    enum Ground { HOSTED_DOMAIN, AUTHENTICATED, TRUSTED_NETWORK, POP_BEFORE_SMTP }
}
