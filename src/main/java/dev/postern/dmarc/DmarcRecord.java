package dev.postern.dmarc;

import dev.postern.dkim.TagList;
import java.util.Locale;
import java.util.Optional;

/** A DMARC policy record (RFC 7489 §6.3): the policies, alignment modes and percentage we act on. */
public record DmarcRecord(Policy policy, Optional<Policy> subdomainPolicy, boolean strictDkim, boolean strictSpf, int pct) {

    /** §6.3 p=. */
    public enum Policy {
        NONE, QUARANTINE, REJECT;

        static Optional<Policy> of(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "none" -> Optional.of(NONE);
                case "quarantine" -> Optional.of(QUARANTINE);
                case "reject" -> Optional.of(REJECT);
                default -> Optional.empty();
            };
        }

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** §6.6.3: a TXT record that begins with "v=DMARC1" (then ';' or space). */
    static boolean isDmarc(String txt) {
        return txt.startsWith("v=DMARC1") && (txt.length() == 8 || txt.charAt(8) == ';' || txt.charAt(8) == ' ');
    }

    /**
     * Empty when the record is unusable. §6.6.3: an invalid p= with a rua= is read as p=none;
     * unknown tags are ignored; a bad pct falls back to 100.
     */
    static Optional<DmarcRecord> parse(String txt) {
        Optional<TagList> parsed = TagList.parse(txt);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        TagList tags = parsed.get();
        Optional<Policy> policy = tags.get("p").flatMap(Policy::of);
        if (policy.isEmpty()) {
            if (tags.get("rua").isEmpty()) {
                return Optional.empty();
            }
            policy = Optional.of(Policy.NONE);
        }
        int pct = tags.get("pct").filter(p -> p.matches("\\d{1,3}")).map(Integer::parseInt)
                .filter(p -> p <= 100).orElse(100);
        return Optional.of(new DmarcRecord(policy.get(), tags.get("sp").flatMap(Policy::of),
                "s".equals(tags.get("adkim").orElse("r")), "s".equals(tags.get("aspf").orElse("r")), pct));
    }
}
