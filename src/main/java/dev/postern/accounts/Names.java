package dev.postern.accounts;

import dev.postern.smtp.MailAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and canonicalizes the names an admin types: domains, addresses, alias sources. */
final class Names {
    // RFC 5321 §4.1.2 Domain: dot-separated labels of letters, digits and hyphens.
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    // RFC 5321 §4.1.2 Dot-string local part (quoted local parts are not accepted for accounts).
    private static final Pattern LOCAL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private Names() {
    }

    static String domain(String text) {
        String d = text.strip().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(d).matches()) {
            throw new AccountException("'" + text + "' is not a valid domain name");
        }
        return d;
    }

    static MailAddress address(String text) {
        String t = text.strip();
        int at = t.lastIndexOf('@');
        if (at <= 0 || at > 64 || !LOCAL.matcher(t.substring(0, at)).matches()) {
            throw new AccountException("'" + text + "' is not a valid address (local@domain)");
        }
        return new MailAddress(t.substring(0, at), domain(t.substring(at + 1)));
    }

    /** An alias source: an address, or {@code @domain} for the catch-all; canonical form. */
    static String source(String text) {
        String t = text.strip();
        return t.startsWith("@") ? "@" + domain(t.substring(1)) : address(t).canonical();
    }

    static String domainOf(String source) {
        return source.substring(source.lastIndexOf('@') + 1);
    }
}
