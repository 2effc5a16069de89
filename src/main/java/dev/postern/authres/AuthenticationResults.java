package dev.postern.authres;

import dev.postern.dkim.DkimResult;
import dev.postern.dkim.HeaderField;
import dev.postern.dmarc.DmarcVerdict;
import dev.postern.spf.SpfVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code Authentication-Results:} field (RFC 8601) we add, and the recognition of forged ones
 * carrying our authserv-id, which are removed before ours is added (§5).
 *
 * <p>Injection: every value written is either a constant, a domain that passed
 * {@link dev.postern.dkim.DomainName#valid}, base64 we decoded and re-encoded, or a MAIL FROM
 * whose local part is a plain dot-atom (else only its domain is written, as §2.7.2 allows). No
 * text from the message reaches the field otherwise, so no ';', CRLF or comment can be smuggled.
 */
public final class AuthenticationResults {

    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private AuthenticationResults() {
    }

    /** The field, folded, without its final CRLF. {@code mailFrom} is the MAIL FROM address, empty for {@code <>}. */
    public static String field(String authservId, SpfVerdict spf, String mailFrom, List<DkimResult> dkim,
                               DmarcVerdict dmarc) {
        List<String> parts = new ArrayList<>();
        parts.add("spf=" + spf.result().tag() + " " + (mailFrom.isEmpty()
                ? "smtp.helo=" + spf.domain() : "smtp.mailfrom=" + mailFrom(mailFrom, spf.domain())));
        if (dkim.isEmpty()) {
            parts.add("dkim=none");
        }
        for (DkimResult result : dkim) {
            parts.add(result.domain().isEmpty() ? "dkim=" + result.verdict().tag()
                    : "dkim=" + result.verdict().tag() + " header.d=" + result.domain() + " header.s=" + result.selector()
                            + " header.b=" + result.b());
        }
        parts.add(dmarc.fromDomain().isEmpty() || dmarc.fromDomain().contains(",")
                ? "dmarc=" + dmarc.result().tag() : "dmarc=" + dmarc.result().tag() + " header.from=" + dmarc.fromDomain());
        return "Authentication-Results: " + authservId + ";\r\n\t" + String.join(";\r\n\t", parts);
    }

    /** §2.7.2: the address when its local part is a dot-atom, else the domain alone. */
    private static String mailFrom(String address, String checkedDomain) {
        int at = address.lastIndexOf('@');
        return at > 0 && DOT_ATOM.matcher(address.substring(0, at)).matches()
                ? address.substring(0, at) + "@" + checkedDomain : checkedDomain;
    }

    /**
     * Whether an existing field claims to come from us: its authserv-id (after any comments and
     * whitespace, RFC 8601 §2.2) equals ours, ignoring case (§5: such fields are removed).
     */
    public static boolean ours(HeaderField field, String authservId) {
        if (!field.named("Authentication-Results")) {
            return false;
        }
        String value = withoutComments(field.value()).strip();
        int end = 0;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end)) && value.charAt(end) != ';') {
            end++;
        }
        String id = value.substring(0, end);
        if (id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")) {
            id = id.substring(1, id.length() - 1); // a quoted-string authserv-id
        }
        return id.equalsIgnoreCase(authservId) || id.equalsIgnoreCase(authservId + ".");
    }

    private static String withoutComments(String text) {
        var out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                out.append(' ');
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
