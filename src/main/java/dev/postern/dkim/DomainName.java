package dev.postern.dkim;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Domain names as DNS carries them (ASCII labels, RFC 1035 §2.3.4 lengths, underscores allowed
 * for {@code _domainkey}-style labels). Anything else from a message never reaches a lookup or a
 * header we write: the defence against injection through {@code d=}, {@code s=} or From.
 */
public final class DomainName {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    private DomainName() {
    }

    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        for (String label : trimmed.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, without a final dot. */
    public static String normal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Whether {@code name} is {@code parent} or below it. */
    public static boolean within(String name, String parent) {
        String n = normal(name);
        String p = normal(parent);
        return n.equals(p) || n.endsWith("." + p);
    }
}
