package dev.postern;

import dev.postern.accounts.AccountStore;
import dev.postern.authres.Checks;
import dev.postern.authres.InboundPolicy;
import dev.postern.authres.MessageAuthentication;
import dev.postern.config.Settings;
import dev.postern.dkim.ActiveKeys;
import dev.postern.dkim.DkimKeys;
import dev.postern.dkim.DkimSigner;
import dev.postern.dkim.DkimVerifier;
import dev.postern.dmarc.DmarcCheck;
import dev.postern.dmarc.PublicSuffixes;
import dev.postern.dns.CachingLookup;
import dev.postern.smtp.server.Inbound;
import dev.postern.spf.SpfCheck;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Predicate;

/**
 * DKIM signing and the SPF/DKIM/DMARC checks around intake (docs/DKIM.md): DNS through
 * {@code dns.servers} like delivery, with a cache; keys from the accounts database.
 */
final class AuthenticityService {
    /** Per query; SPF's limits bound a check to some twenty queries. */
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DNS_CACHE = Duration.ofMinutes(5);

    private AuthenticityService() {
    }

    /** @param trusted clients that relay without AUTH (trusted networks, POP-before-SMTP grants) */
    static Inbound around(Inbound intake, Settings settings, AccountStore accounts, Clock clock,
                          Predicate<InetAddress> trusted) {
        var dns = new CachingLookup(settings.delivery().dnsServers(), DNS_TIMEOUT, DNS_CACHE, clock);
        var inbound = settings.inbound();
        var policy = new InboundPolicy(inbound.dmarcReject(), inbound.spfFail() == Settings.InboundChecks.SpfFail.REJECT,
                accounts::hosts);
        var checks = new Checks(settings.hostname(), new SpfCheck(dns), new DkimVerifier(dns, clock),
                new DmarcCheck(dns, PublicSuffixes.load(PublicSuffixes.DEBIAN), new Random()), policy);
        var keys = new ActiveKeys(new DkimKeys(accounts.dataSource(), clock), clock);
        return new MessageAuthentication(intake, checks, new DkimSigner(clock), keys, trusted,
                settings.dataDir().resolve("spool"));
    }
}
