package dev.postern.check;

import dev.postern.dkim.DkimKeys;
import dev.postern.dkim.TagList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The DKIM key records of a domain's active and pending keys ({@code postern dkim generate|rotate}):
 * a pending key must be in DNS before {@code rotate} activates it. Right when DNS holds the same
 * public key ({@code p=}), whatever the record's other tags or their order.
 */
record DkimRecords(Function<String, List<DkimKeys.Stored>> keys) implements RecordSource {

    @Override
    public List<ExpectedRecord> expected(String domain) {
        return keys.apply(domain).stream()
                .filter(stored -> stored.state() != DkimKeys.State.RETIRED)
                .map(DkimRecords::record)
                .toList();
    }

    private static ExpectedRecord record(DkimKeys.Stored stored) {
        String txt = stored.key().txtRecord();
        Optional<String> key = publicKey(txt);
        // RFC 6376 §3.6.2.2: receivers find the key at selector._domainkey.domain.
        return new ExpectedRecord(ExpectedRecord.absolute(stored.key().dnsName()), "TXT", stored.key().txtZoneStrings(),
                "DKIM key " + stored.key().selector() + " (" + stored.state().name().toLowerCase(java.util.Locale.ROOT)
                        + "): receivers check our signatures with it",
                any -> true, found -> publicKey(unquoted(found)).equals(key));
    }

    private static Optional<String> publicKey(String record) {
        return TagList.parse(record).flatMap(tags -> tags.compact("p"));
    }

    /** Zone-file TXT data may come quoted, in several strings: join them as RFC 6376 §3.6.2.2 says. */
    private static String unquoted(String data) {
        String s = data.strip();
        return s.startsWith("\"") ? String.join("", s.substring(1, s.length() - 1).split("\"\\s*\"")) : s;
    }
}
