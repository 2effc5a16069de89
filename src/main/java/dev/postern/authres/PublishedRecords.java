package dev.postern.authres;

import dev.postern.dkim.DkimKeys;
import dev.postern.dkim.TagList;
import dev.postern.dns.RecordLookup;
import dev.postern.dns.RecordLookup.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The DNS records a hosted domain should publish for its mail to authenticate (DKIM keys, SPF,
 * DMARC), each with what DNS holds now. For {@code postern check}: the lead joins this with the
 * other checks. SPF and DMARC are suggestions (any valid record counts as published); a DKIM record
 * must carry exactly our key.
 */
public final class PublishedRecords {

    public enum Kind { DKIM, SPF, DMARC }

    public enum Status { PUBLISHED, MISSING, DIFFERENT, DNS_FAILURE }

    /** One record: where, what we suggest, whether DNS has it, and what DNS has (empty when nothing). */
    public record Entry(Kind kind, String name, String suggested, Status status, String found) {
        public String line() {
            return String.format("%-6s %-10s %s IN TXT \"%s\"%s", kind, status.name().toLowerCase(Locale.ROOT), name,
                    suggested, found.isEmpty() || status == Status.PUBLISHED ? "" : "  (found: " + found + ")");
        }
    }

    private PublishedRecords() {
    }

    /** @param keys the domain's stored keys; pending and active ones must be published, retired ones need not */
    public static List<Entry> of(String domain, String hostname, List<DkimKeys.Stored> keys, RecordLookup dns) {
        var entries = new ArrayList<Entry>();
        for (DkimKeys.Stored stored : keys) {
            if (stored.state() != DkimKeys.State.RETIRED) {
                entries.add(dkim(stored, dns));
            }
        }
        if (entries.isEmpty()) {
            entries.add(new Entry(Kind.DKIM, "(none)._domainkey." + domain, "postern dkim generate " + domain,
                    Status.MISSING, ""));
        }
        entries.add(policy(Kind.SPF, domain, "v=spf1 a:" + hostname + " mx ~all", "v=spf1", dns));
        entries.add(policy(Kind.DMARC, "_dmarc." + domain, "v=DMARC1; p=quarantine; adkim=r; aspf=r", "v=DMARC1", dns));
        return entries;
    }

    private static Entry dkim(DkimKeys.Stored stored, RecordLookup dns) {
        String name = stored.key().dnsName();
        String expected = stored.key().txtRecord();
        Answer<String> answer = dns.txt(name);
        if (answer.status() == Answer.Status.TEMPFAIL) {
            return new Entry(Kind.DKIM, name, expected, Status.DNS_FAILURE, answer.why());
        }
        if (answer.values().isEmpty()) {
            return new Entry(Kind.DKIM, name, expected, Status.MISSING, "");
        }
        Optional<String> want = p(expected);
        boolean same = answer.values().stream().anyMatch(found -> p(found).equals(want));
        return new Entry(Kind.DKIM, name, expected, same ? Status.PUBLISHED : Status.DIFFERENT,
                String.join(" | ", answer.values()));
    }

    private static Optional<String> p(String record) {
        return TagList.parse(record).flatMap(tags -> tags.compact("p"));
    }

    private static Entry policy(Kind kind, String name, String suggested, String prefix, RecordLookup dns) {
        Answer<String> answer = dns.txt(name);
        if (answer.status() == Answer.Status.TEMPFAIL) {
            return new Entry(kind, name, suggested, Status.DNS_FAILURE, answer.why());
        }
        List<String> records = answer.values().stream()
                .filter(v -> v.regionMatches(true, 0, prefix, 0, prefix.length())).toList();
        return switch (records.size()) {
            case 0 -> new Entry(kind, name, suggested, Status.MISSING, "");
            case 1 -> new Entry(kind, name, suggested, Status.PUBLISHED, records.getFirst());
            default -> new Entry(kind, name, suggested, Status.DIFFERENT, String.join(" | ", records)); // two records: none applies
        };
    }
}
