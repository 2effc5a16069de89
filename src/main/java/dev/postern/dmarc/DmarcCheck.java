package dev.postern.dmarc;

import dev.postern.dkim.DkimResult;
import dev.postern.dns.RecordLookup;
import dev.postern.dns.RecordLookup.Answer;
import dev.postern.spf.SpfResult;
import dev.postern.spf.SpfVerdict;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * RFC 7489 §6.6: policy discovery for the author domain (falling back to its organizational
 * domain, §6.6.3), identifier alignment of SPF and DKIM (§3.1, strict or relaxed), and the policy
 * to apply, after pct= sampling (§6.6.4: a message outside the sample gets the next weaker policy).
 */
public final class DmarcCheck {

    private final RecordLookup dns;
    private final PublicSuffixes suffixes;
    private final RandomGenerator random;

    public DmarcCheck(RecordLookup dns, PublicSuffixes suffixes, RandomGenerator random) {
        this.dns = dns;
        this.suffixes = suffixes;
        this.random = random;
    }

    public DmarcVerdict check(AuthorDomains authors, SpfVerdict spf, List<DkimResult> dkim) {
        Optional<String> single = authors.single();
        if (single.isEmpty()) {
            // §6.6.1: no usable From, or several domains: we cannot pick one to evaluate
            return DmarcVerdict.of(authors.domains().isEmpty() && !authors.malformed()
                    ? DmarcVerdict.Result.NONE : DmarcVerdict.Result.PERMERROR, String.join(",", authors.domains()));
        }
        String from = single.get();
        String organizational = suffixes.organizational(from);
        Discovery found = discover("_dmarc." + from);
        boolean fallback = false;
        if (found.record().isEmpty() && !found.temporary() && !organizational.equals(from)) {
            found = discover("_dmarc." + organizational);
            fallback = true;
        }
        if (found.temporary()) {
            return DmarcVerdict.of(DmarcVerdict.Result.TEMPERROR, from);
        }
        if (found.record().isEmpty()) {
            return DmarcVerdict.of(DmarcVerdict.Result.NONE, from);
        }
        DmarcRecord record = found.record().get();
        if (aligned(from, organizational, record, spf, dkim)) {
            return new DmarcVerdict(DmarcVerdict.Result.PASS, from, DmarcRecord.Policy.NONE);
        }
        var policy = fallback ? record.subdomainPolicy().orElse(record.policy()) : record.policy();
        return new DmarcVerdict(DmarcVerdict.Result.FAIL, from, sampled(policy, record.pct()));
    }

    private boolean aligned(String from, String organizational, DmarcRecord record, SpfVerdict spf,
                            List<DkimResult> dkim) {
        boolean spfAligned = spf.result() == SpfResult.PASS
                && matches(spf.domain(), from, organizational, record.strictSpf());
        boolean dkimAligned = dkim.stream().anyMatch(r -> r.verdict() == DkimResult.Verdict.PASS
                && matches(r.domain(), from, organizational, record.strictDkim()));
        return spfAligned || dkimAligned;
    }

    /** §3.1.1, §3.1.2: strict is the same name; relaxed the same organizational domain. */
    private boolean matches(String domain, String from, String organizational, boolean strict) {
        return strict ? domain.equalsIgnoreCase(from) : suffixes.organizational(domain).equals(organizational);
    }

    private DmarcRecord.Policy sampled(DmarcRecord.Policy policy, int pct) {
        if (pct >= 100 || random.nextInt(100) < pct) {
            return policy;
        }
        return switch (policy) {
            case REJECT -> DmarcRecord.Policy.QUARANTINE;
            case QUARANTINE, NONE -> DmarcRecord.Policy.NONE;
        };
    }

    private record Discovery(Optional<DmarcRecord> record, boolean temporary) {}

    /** §6.6.3: exactly one v=DMARC1 record, else none. */
    private Discovery discover(String name) {
        Answer<String> txt = dns.txt(name);
        if (txt.status() == Answer.Status.TEMPFAIL) {
            return new Discovery(Optional.empty(), true);
        }
        List<String> records = txt.values().stream().filter(DmarcRecord::isDmarc).toList();
        return new Discovery(records.size() == 1 ? DmarcRecord.parse(records.getFirst()) : Optional.empty(), false);
    }
}
