package dev.postern.dmarc;

import java.util.Locale;

/**
 * The DMARC evaluation of one message (RFC 7489 §6.6): {@code result} as RFC 8601 §2.7.4 names
 * it, the author domain, and the policy to apply (after pct, and only meaningful on fail).
 */
public record DmarcVerdict(Result result, String fromDomain, DmarcRecord.Policy policy) {

    public enum Result {
        NONE, PASS, FAIL, TEMPERROR, PERMERROR;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DmarcVerdict of(Result result, String domain) {
        return new DmarcVerdict(result, domain, DmarcRecord.Policy.NONE);
    }
}
