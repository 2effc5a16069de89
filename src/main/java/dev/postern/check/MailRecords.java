package dev.postern.check;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** MX, SPF and DMARC: where a domain's mail arrives, and which hosts may send it. */
record MailRecords(String hostname) implements RecordSource {

    @Override
    public List<ExpectedRecord> expected(String domain) {
        String d = ExpectedRecord.absolute(domain);
        String host = ExpectedRecord.absolute(hostname);
        return List.of(
                // RFC 5321 §5.1: mail for the domain goes to the hosts its MX records name.
                new ExpectedRecord(d, "MX", "10 " + host, "mail for " + domain + " arrives here",
                        any -> true, ExpectedRecord.targets(hostname)),
                // RFC 7208 §4.5: one "v=spf1" record; "mx" lets the MX hosts (this server) send.
                new ExpectedRecord(d, "TXT", "\"v=spf1 mx ~all\"", "SPF: this server may send for " + domain,
                        ExpectedRecord.startsWith("v=spf1"), this::authorises),
                // RFC 7489 §6.1: p=none only reports; tighten it once the reports show only your own mail.
                new ExpectedRecord("_dmarc." + d, "TXT",
                        "\"v=DMARC1; p=none; rua=mailto:postmaster@" + domain.toLowerCase(Locale.ROOT) + "\"",
                        "DMARC policy and reports", ExpectedRecord.startsWith("v=DMARC1"), any -> true));
    }

    /**
     * Whether an SPF record can let this server send: {@code mx} or {@code a:hostname} say so;
     * {@code ip4}, {@code ip6}, {@code include} and {@code redirect} may, and are not followed here.
     * A record of only {@code -all} (nobody sends for the domain) does not.
     */
    private boolean authorises(String spf) {
        String host = hostname.toLowerCase(Locale.ROOT);
        Predicate<String> allows = term -> term.equals("mx") || term.startsWith("mx:") || term.startsWith("mx/")
                || term.equals("a:" + host) || term.startsWith("ip4:") || term.startsWith("ip6:")
                || term.startsWith("include:") || term.startsWith("redirect=");
        for (String term : spf.toLowerCase(Locale.ROOT).split("\\s+")) {
            String bare = term.startsWith("+") ? term.substring(1) : term; // RFC 7208 §4.6.2: "+" is the default
            if (allows.test(bare)) {
                return true;
            }
        }
        return false;
    }
}
