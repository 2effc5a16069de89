package dev.postern.authres;

import dev.postern.dkim.DkimResult;
import dev.postern.dkim.DomainName;
import dev.postern.dmarc.AuthorDomains;
import dev.postern.dmarc.DmarcRecord;
import dev.postern.dmarc.DmarcVerdict;
import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import dev.postern.spf.SpfResult;
import dev.postern.spf.SpfVerdict;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What to do with a message from an unauthenticated, untrusted client once SPF, DKIM and DMARC
 * have spoken: a pure function, in this order. (1) A hosted domain as author or MAIL FROM needs SPF
 * or DKIM to vouch for it, else 550 (our own domains cannot be spoofed to our users). (2) DMARC
 * fail under p=reject is 550 when {@code inbound.dmarc_reject}. (3) SPF fail is 550 under
 * {@code inbound.spf_fail = reject} unless DMARC passed (DKIM-aligned mail survives forwarding,
 * RFC 7489 §10.1). Where a DNS failure could have changed the answer, 451 instead: a DNS failure
 * never yields a 5xx. Otherwise accept.
 */
public record InboundPolicy(boolean dmarcReject, boolean spfReject, Predicate<String> hosted) {

    /** §8.6 of RFC 7208 and RFC 3463: 4.4.3, directory (DNS) failure. */
    static final Status DNS_FAILURE = new Status(4, 3);
    /** RFC 7372 §3.2: 5.7.23, SPF validation failed. */
    static final Status SPF_FAILED = new Status(7, 23);

    /** Empty: accept (with the Authentication-Results field); else the refusal. */
    public Optional<Reply> decide(InetAddress client, Optional<String> mailFromDomain, AuthorDomains authors,
                                  SpfVerdict spf, List<DkimResult> dkim, DmarcVerdict dmarc) {
        boolean temporary = spf.result() == SpfResult.TEMPERROR
                || dkim.stream().anyMatch(r -> r.verdict() == DkimResult.Verdict.TEMPERROR);
        var claimed = new LinkedHashSet<>(authors.domains());
        mailFromDomain.ifPresent(claimed::add);
        for (String domain : claimed) {
            if (hosted.test(domain) && !vouched(domain, spf, dkim)) {
                return Optional.of(temporary ? dnsFailure(domain) : Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED,
                        domain + " is hosted here: its mail must come from an authenticated user (port 587 with AUTH),",
                        "not from [" + client.getHostAddress() + "] without SPF or DKIM for " + domain));
            }
        }
        boolean dmarcFailed = dmarc.result() == DmarcVerdict.Result.FAIL;
        if (dmarcReject && dmarcFailed && dmarc.policy() == DmarcRecord.Policy.REJECT) {
            return Optional.of(temporary ? dnsFailure(dmarc.fromDomain()) : Reply.of(550, Status.DELIVERY_NOT_AUTHORIZED,
                    "Message rejected: " + dmarc.fromDomain() + " publishes a DMARC reject policy and neither SPF ("
                            + spf.result().tag() + ") nor DKIM vouches for it (RFC 7489)"));
        }
        boolean dmarcPassed = dmarc.result() == DmarcVerdict.Result.PASS;
        if (spfReject && !dmarcPassed && spf.result() == SpfResult.FAIL) {
            return Optional.of(Reply.of(550, SPF_FAILED, "SPF: [" + client.getHostAddress()
                    + "] is not allowed to send mail from " + spf.domain() + " (RFC 7208)"));
        }
        if (spfReject && !dmarcPassed && spf.result() == SpfResult.TEMPERROR) {
            return Optional.of(dnsFailure(spf.domain()));
        }
        return Optional.empty();
    }

    /** SPF passed for the domain or one below it, or a DKIM signature of it (or below) verified. */
    private static boolean vouched(String domain, SpfVerdict spf, List<DkimResult> dkim) {
        return (spf.result() == SpfResult.PASS && DomainName.within(spf.domain(), domain))
                || dkim.stream().anyMatch(r -> r.verdict() == DkimResult.Verdict.PASS && DomainName.within(r.domain(), domain));
    }

    private static Reply dnsFailure(String domain) {
        return Reply.of(451, DNS_FAILURE, "Temporary DNS failure checking SPF/DKIM/DMARC for " + domain
                + "; try again later");
    }
}
