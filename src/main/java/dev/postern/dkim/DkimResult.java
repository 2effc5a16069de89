package dev.postern.dkim;

import java.util.Locale;

/**
 * The outcome of one signature (RFC 8601 §2.7.1 result names): {@code domain}, {@code selector}
 * and {@code b} (its first characters) are empty when the field could not be parsed.
 */
public record DkimResult(Verdict verdict, String domain, String selector, String b, String reason) {

    public enum Verdict {
        PASS, FAIL, NEUTRAL, TEMPERROR, PERMERROR;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
