package dev.postern.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code v=spf1} record (RFC 7208 §4.6, §12); a syntax error is a permerror (§4.6). */
record SpfRecord(List<Term.Mechanism> mechanisms, Optional<String> redirect) {

    /** Raised for a record that does not parse; check_host() then yields permerror. */
    static final class SyntaxError extends Exception {
        SyntaxError(String why) {
            super(why, null, false, false);
        }
    }

    private static final Pattern MECHANISM = Pattern.compile(
            "([-+~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?::([^/]*))?((?:/\\d+)?(?://\\d+)?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)");

    /** §4.5: the record starts with "v=spf1" followed by a space or its end. */
    static boolean isSpf(String txt) {
        return txt.regionMatches(true, 0, "v=spf1", 0, 6) && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    static SpfRecord parse(String txt) throws SyntaxError {
        var mechanisms = new ArrayList<Term.Mechanism>();
        String redirect = null;
        boolean exp = false;
        for (String term : txt.substring(6).split(" +")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher m = MECHANISM.matcher(term);
            if (m.matches()) {
                mechanisms.add(mechanism(m, term));
                continue;
            }
            Matcher mod = MODIFIER.matcher(term);
            if (!mod.matches()) {
                throw new SyntaxError("unknown term '" + term + "'");
            }
            String name = mod.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("redirect")) {
                if (redirect != null) {
                    throw new SyntaxError("redirect= twice"); // §6: at most once
                }
                redirect = mod.group(2);
            } else if (name.equals("exp")) {
                if (exp) {
                    throw new SyntaxError("exp= twice");
                }
                exp = true;
            } // §6: unknown modifiers are ignored
        }
        return new SpfRecord(mechanisms, Optional.ofNullable(redirect));
    }

    private static Term.Mechanism mechanism(Matcher m, String term) throws SyntaxError {
        var qualifier = Term.Qualifier.of(m.group(1).isEmpty() ? '+' : m.group(1).charAt(0));
        String name = m.group(2).toLowerCase(Locale.ROOT);
        String spec = m.group(3);
        String cidr = m.group(4);
        boolean needsSpec = name.equals("include") || name.equals("exists") || name.startsWith("ip");
        if (needsSpec && (spec == null || spec.isEmpty())) {
            throw new SyntaxError(name + " needs a value: '" + term + "'");
        }
        if (name.equals("all") && (spec != null || !cidr.isEmpty())) {
            throw new SyntaxError("'" + term + "'");
        }
        int cidr4 = -1;
        int cidr6 = -1;
        if (!cidr.isEmpty()) {
            if (!(name.equals("a") || name.equals("mx") || name.startsWith("ip"))) {
                throw new SyntaxError("a prefix length on " + name);
            }
            String[] parts = cidr.split("//", -1);
            if (!parts[0].isEmpty()) {
                cidr4 = Integer.parseInt(parts[0].substring(1));
            }
            if (parts.length > 1) {
                cidr6 = Integer.parseInt(parts[1]);
            }
            if (name.equals("ip6") && cidr4 >= 0) {
                cidr6 = cidr4; // ip6:addr/len uses the single slash
                cidr4 = -1;
            }
            if (cidr4 > 32 || cidr6 > 128) {
                throw new SyntaxError("prefix length out of range: '" + term + "'");
            }
        }
        return new Term.Mechanism(qualifier, name, spec, cidr4, cidr6);
    }
}
