package dev.postern.check;

import dev.postern.check.ExpectedRecord.Status;
import dev.postern.config.Settings;
import dev.postern.dkim.DkimKeys;
import dev.postern.http.ClientEndpoints;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code postern check}: the configuration and certificate judged, and for each hosted domain the
 * records to publish, each looked up (when DNS answers) and marked published, missing or different.
 * After the first lookup DNS does not answer, the rest are marked not checked rather than each
 * waiting for its own timeout.
 */
public final class Check {
    private static final int HTTPS_PORT = 443;

    private Check() {
    }

    /** The sources of records, in the order they are printed; a new kind of record is a new source here. */
    static List<RecordSource> sources(Settings settings, Function<String, List<DkimKeys.Stored>> dkimKeys) {
        return List.of(new MailRecords(settings.hostname()), new DkimRecords(dkimKeys),
                new ClientRecords(ClientEndpoints.configured(settings), httpsPort(settings.http())));
    }

    /** Where clients reach HTTPS: our own port with {@code http.tls}, else 443 on the proxy in front. */
    private static Optional<Integer> httpsPort(Settings.Http http) {
        if (http.listen().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(http.tls() ? http.listen().getFirst().getPort() : HTTPS_PORT);
    }

    /** {@code dns} empty: print what to publish without asking DNS ({@code --no-dns}). No DKIM keys known. */
    public static Report run(Settings settings, List<String> domains, Optional<DnsLookup> dns, Clock clock) {
        return run(settings, domains, domain -> List.of(), dns, clock);
    }

    /** As above, with each domain's DKIM keys ({@code postern dkim show}): their records too. */
    public static Report run(Settings settings, List<String> domains, Function<String, List<DkimKeys.Stored>> dkimKeys,
                             Optional<DnsLookup> dns, Clock clock) {
        List<String> alsoNames = new ArrayList<>();
        if (settings.http().tls()) {
            domains.forEach(d -> alsoNames.addAll(List.of("autoconfig." + d, "autodiscover." + d)));
        }
        var certificate = CertificateCheck.check(settings.tls(), settings.hostname(), alsoNames, clock);
        var lookups = new Lookups(dns);
        List<Report.DomainRecords> records = new ArrayList<>();
        for (String domain : domains) {
            List<Report.Judged> judged = new ArrayList<>();
            for (RecordSource source : sources(settings, dkimKeys)) {
                for (ExpectedRecord expected : source.expected(domain)) {
                    judged.add(new Report.Judged(expected, lookups.judge(expected)));
                }
            }
            records.add(new Report.DomainRecords(domain, judged));
        }
        var findings = config(settings, domains);
        domains.stream().filter(d -> dkimKeys.apply(d).stream().allMatch(k -> k.state() == DkimKeys.State.RETIRED))
                .forEach(d -> findings.add(Finding.warning("no DKIM key for " + d + ": large mailbox providers junk "
                        + "unsigned mail; postern dkim generate " + d)));
        return new Report(findings, certificate, records, lookups.unreachable);
    }

    private static List<Finding> config(Settings settings, List<String> domains) {
        List<Finding> out = new ArrayList<>();
        out.add(Finding.ok("configuration is valid; hostname " + settings.hostname()));
        if (!settings.hostname().contains(".")) {
            out.add(Finding.warning("hostname " + settings.hostname() + " is not fully qualified: MX records and "
                    + "certificates need a name like mail.example.com"));
        }
        if (domains.isEmpty()) {
            out.add(Finding.warning("no hosted domains yet: postern domain add example.com"));
        }
        if (settings.http().listen().isEmpty()) {
            out.add(Finding.ok("http.listen is empty: no autoconfig/Autodiscover (the SRV records still help clients)"));
        } else if (!settings.http().tls()) {
            out.add(Finding.ok("http.listen is plain HTTP: Outlook's Autodiscover needs HTTPS in front of it"));
        }
        return out;
    }

    /** Asks DNS until it first fails to answer, then stops asking. */
    private static final class Lookups {
        private final Optional<DnsLookup> dns;
        private Optional<String> unreachable = Optional.empty();

        Lookups(Optional<DnsLookup> dns) {
            this.dns = dns;
        }

        Status judge(ExpectedRecord expected) {
            if (dns.isEmpty() || unreachable.isPresent()) {
                return new Status.NotChecked();
            }
            return switch (dns.get().lookup(expected.name(), expected.type())) {
                case DnsLookup.Answer.Records r -> expected.judge(r.data());
                case DnsLookup.Answer.Unreachable u -> {
                    unreachable = Optional.of(u.why());
                    yield new Status.NotChecked();
                }
            };
        }
    }
}
