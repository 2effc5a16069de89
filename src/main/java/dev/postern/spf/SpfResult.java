package dev.postern.spf;

import java.util.Locale;

/** RFC 7208 §2.6: the seven results of check_host(). */
public enum SpfResult {
    NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

    /** The name used in Authentication-Results (RFC 8601 §2.7.2) and Received-SPF. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
