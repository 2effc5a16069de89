package dev.postern.policy;

import dev.postern.net.Cidr;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Decides whether a recipient may be accepted from a client; pure, thread-safe. */
public final class RelayPolicy {

    private final List<Cidr> trustedNetworks;
    private final Duration popBeforeSmtpWindow;

    /** {@code trustedNetworks} is the {@code relay.trusted_networks} setting; POP-before-SMTP off. */
    public RelayPolicy(List<Cidr> trustedNetworks) {
        this(trustedNetworks, Duration.ZERO);
    }

    /**
     * {@code popBeforeSmtpWindow} is {@code pop_before_smtp.window}: when not zero, the refusal
     * also names the second cure, checking mail first.
     */
    public RelayPolicy(List<Cidr> trustedNetworks, Duration popBeforeSmtpWindow) {
        this.trustedNetworks = List.copyOf(trustedNetworks);
        this.popBeforeSmtpWindow = popBeforeSmtpWindow;
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
    private Reply refusal(RelayRequest request) {
        var lines = new ArrayList<String>(List.of(
                "Relaying denied: you must authenticate before sending to " + shorten(request.recipient().domain()) + ".",
                "Turn on \"My outgoing server (SMTP) requires authentication\" in your mail program"
                        + " and use your mailbox's username and password."));
        if (!popBeforeSmtpWindow.isZero()) {
            lines.add("Or check your mail (POP3) first: that lets your address send for the next "
                    + minutes(popBeforeSmtpWindow) + ".");
        }
        return new Reply(550, Status.DELIVERY_NOT_AUTHORIZED, lines);
    }

    private static String minutes(Duration window) {
        long m = window.toMinutes();
        return m >= 1 ? m + (m == 1 ? " minute" : " minutes") : window.toSeconds() + " seconds";
    }

    /** Keeps the line under 200 characters whatever the domain. */
    private static String shorten(String domain) {
        return domain.length() <= 120 ? domain : domain.substring(0, 117) + "...";
    }
}
