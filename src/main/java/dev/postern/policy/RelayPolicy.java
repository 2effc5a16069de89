package dev.postern.policy;

import dev.postern.net.Cidr;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.util.List;

/** Decides whether a recipient may be accepted from a client; pure, thread-safe. */
public final class RelayPolicy {

    private final List<Cidr> trustedNetworks;

    /** {@code trustedNetworks} is the {@code relay.trusted_networks} setting. */
    public RelayPolicy(List<Cidr> trustedNetworks) {
        this.trustedNetworks = List.copyOf(trustedNetworks);
    }

    public Decision decide(RelayRequest request) {
        if (request.hostedDomain()) {
            return new Decision.Accept(Decision.Ground.HOSTED_DOMAIN);
        }
        if (request.authenticatedUser().isPresent()) {
            return new Decision.Accept(Decision.Ground.AUTHENTICATED);
        }
        if (trusted(request)) {
            return new Decision.Accept(Decision.Ground.TRUSTED_NETWORK);
        }
        if (request.popBeforeSmtpGrant()) {
            return new Decision.Accept(Decision.Ground.POP_BEFORE_SMTP);
        }
        return new Decision.Refuse(refusal(request));
    }

    public List<Cidr> trustedNetworks() {
        return trustedNetworks;
    }

    private boolean trusted(RelayRequest request) {
        return trustedNetworks.stream().anyMatch(cidr -> cidr.contains(request.clientAddress()));
    }

    /** RFC 5321 §3.6.2 / RFC 3463 x.7.1: relaying refused; say why and what to change. */
    private static Reply refusal(RelayRequest request) {
        return Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED,
                "Relaying denied: you must authenticate before sending to " + shorten(request.recipient().domain()) + ".",
                "Turn on \"My outgoing server (SMTP) requires authentication\" in your mail program"
                        + " and use your mailbox's username and password.");
    }

    /** Keeps the line under 200 characters whatever the domain. */
    private static String shorten(String domain) {
        return domain.length() <= 120 ? domain : domain.substring(0, 117) + "...";
    }
}
