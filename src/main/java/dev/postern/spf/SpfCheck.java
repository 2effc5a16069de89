package dev.postern.spf;

import dev.postern.dkim.DomainName;
import dev.postern.dns.RecordLookup;
import dev.postern.dns.RecordLookup.Answer;
import dev.postern.net.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 7208 check_host() for the MAIL FROM identity (or postmaster@HELO for the null sender,
 * §2.4). Entry point: {@link #check}. Limits (§4.6.4): ten mechanisms or modifiers that query DNS,
 * ten MX or PTR names each, two void lookups; past them, permerror. A DNS failure is temperror.
 */
public final class SpfCheck {

    static final int MAX_DNS_MECHANISMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_NAMES = 10;

    private final RecordLookup dns;

    public SpfCheck(RecordLookup dns) {
        this.dns = dns;
    }

    /** Thrown to end the evaluation at once with this result (§4.6.4, §4.4). */
    private static final class Stop extends Exception {
        final SpfResult result;

        Stop(SpfResult result, String why) {
            super(why, null, false, false);
            this.result = result;
        }
    }

    /** Counters shared by one evaluation and all its includes and redirects. */
    private static final class Budget {
        int dnsMechanisms;
        int voids;

        void mechanism() throws Stop {
            if (++dnsMechanisms > MAX_DNS_MECHANISMS) {
                throw new Stop(SpfResult.PERMERROR, "more than 10 DNS-querying terms");
            }
        }

        void answered(Answer<?> answer, String what) throws Stop {
            if (answer.status() == Answer.Status.TEMPFAIL) {
                throw new Stop(SpfResult.TEMPERROR, "DNS lookup failed: " + answer.why());
            }
            if (answer.isVoid() && ++voids > MAX_VOID_LOOKUPS) {
                throw new Stop(SpfResult.PERMERROR, "more than 2 void lookups (" + what + ")");
            }
        }
    }

    /**
     * @param sender the MAIL FROM address, empty for the null reverse-path
     * @param helo   the HELO/EHLO name
     */
    public SpfVerdict check(InetAddress ip, Optional<String> sender, String helo) {
        String identity = sender.filter(s -> !s.isEmpty()).orElse("postmaster@" + helo);
        String domain = DomainName.normal(identity.substring(identity.lastIndexOf('@') + 1));
        if (!DomainName.valid(domain) || !domain.contains(".")) {
            return new SpfVerdict(SpfResult.NONE, domain, "not a domain name"); // §4.3
        }
        try {
            // Java already turns ::ffff:a.b.c.d into an Inet4Address: mapped clients match ip4
            return new SpfVerdict(checkHost(ip, domain, identity, helo, new Budget()), domain, "");
        } catch (Stop stop) {
            return new SpfVerdict(stop.result, domain, stop.getMessage());
        }
    }

    private SpfResult checkHost(InetAddress ip, String domain, String sender, String helo, Budget budget) throws Stop {
        SpfRecord record = record(domain);
        if (record == null) {
            return SpfResult.NONE;
        }
        var macro = new Macro(sender, domain, ip, helo);
        for (Term.Mechanism mechanism : record.mechanisms()) {
            if (matches(mechanism, ip, domain, macro, budget)) {
                return mechanism.qualifier().result();
            }
        }
        if (record.redirect().isPresent()) {
            budget.mechanism();
            String target = target(macro, record.redirect().get());
            SpfResult result = checkHost(ip, target, sender, helo, budget);
            return result == SpfResult.NONE ? SpfResult.PERMERROR : result; // §6.1
        }
        return SpfResult.NEUTRAL; // §4.7: no match, no redirect
    }

    /** §4.4–4.5: the one v=spf1 record of a domain, or null for none. */
    private SpfRecord record(String domain) throws Stop {
        Answer<String> txt = dns.txt(domain);
        if (txt.status() == Answer.Status.TEMPFAIL) {
            throw new Stop(SpfResult.TEMPERROR, "DNS lookup of " + domain + " failed: " + txt.why());
        }
        List<String> spf = txt.values().stream().filter(SpfRecord::isSpf).toList();
        if (spf.size() > 1) {
            throw new Stop(SpfResult.PERMERROR, domain + " publishes more than one SPF record");
        }
        if (spf.isEmpty()) {
            return null;
        }
        try {
            return SpfRecord.parse(spf.getFirst());
        } catch (SpfRecord.SyntaxError | NumberFormatException e) {
            throw new Stop(SpfResult.PERMERROR, "SPF record of " + domain + ": " + e.getMessage());
        }
    }

    private boolean matches(Term.Mechanism m, InetAddress ip, String domain, Macro macro, Budget budget) throws Stop {
        String target = m.domainSpec() == null ? domain : null;
        return switch (m.name()) {
            case "all" -> true;
            case "ip4" -> ip instanceof Inet4Address && network(m.domainSpec(), m.cidr4(), ip);
            case "ip6" -> ip instanceof Inet6Address && network(m.domainSpec(), m.cidr6(), ip);
            case "a" -> {
                budget.mechanism();
                yield anyAddress(target != null ? target : target(macro, m.domainSpec()), ip, m, budget);
            }
            case "mx" -> {
                budget.mechanism();
                yield mx(target != null ? target : target(macro, m.domainSpec()), ip, m, budget);
            }
            case "ptr" -> {
                budget.mechanism();
                yield ptr(target != null ? target : target(macro, m.domainSpec()), ip, budget);
            }
            case "exists" -> {
                budget.mechanism();
                Answer<InetAddress> a = dns.addresses(target(macro, m.domainSpec()), false);
                budget.answered(a, "exists");
                yield !a.values().isEmpty();
            }
            case "include" -> {
                budget.mechanism();
                yield include(ip, target(macro, m.domainSpec()), macro, budget);
            }
            default -> throw new Stop(SpfResult.PERMERROR, "unknown mechanism " + m.name());
        };
    }

    /** §5.2: pass matches; fail, softfail, neutral do not; temperror stays; permerror and none are permerror. */
    private boolean include(InetAddress ip, String target, Macro macro, Budget budget) throws Stop {
        SpfResult result = checkHost(ip, target, macro.sender(), macro.helo(), budget);
        return switch (result) {
            case PASS -> true;
            case FAIL, SOFTFAIL, NEUTRAL -> false;
            case TEMPERROR -> throw new Stop(SpfResult.TEMPERROR, "include:" + target + " failed temporarily");
            case PERMERROR, NONE -> throw new Stop(SpfResult.PERMERROR, "include:" + target + " gave " + result.tag());
        };
    }

    private boolean anyAddress(String name, InetAddress ip, Term.Mechanism m, Budget budget) throws Stop {
        Answer<InetAddress> found = dns.addresses(name, ip instanceof Inet6Address);
        budget.answered(found, "a:" + name);
        int prefix = ip instanceof Inet4Address ? m.cidr4() : m.cidr6();
        return found.values().stream().anyMatch(address -> within(address, prefix, ip));
    }

    /** §5.4: at most ten MX names are looked up. */
    private boolean mx(String name, InetAddress ip, Term.Mechanism m, Budget budget) throws Stop {
        Answer<String> hosts = dns.mx(name);
        budget.answered(hosts, "mx:" + name);
        if (hosts.values().size() > MAX_NAMES) {
            throw new Stop(SpfResult.PERMERROR, name + " has more than 10 MX names");
        }
        for (String host : hosts.values()) {
            if (anyAddress(host, ip, m, budget)) {
                return true;
            }
        }
        return false;
    }

    /** §5.5: validated PTR names (at most ten) at or below the target. */
    private boolean ptr(String target, InetAddress ip, Budget budget) throws Stop {
        Answer<String> names = dns.ptr(ip);
        if (names.status() == Answer.Status.TEMPFAIL) {
            return false; // §5.5: a PTR failure is no match, not an error
        }
        for (String name : names.values().stream().limit(MAX_NAMES).toList()) {
            Answer<InetAddress> back = dns.addresses(name, ip instanceof Inet6Address);
            if (back.values().contains(ip) && DomainName.within(name, target)) {
                return true;
            }
        }
        return false;
    }

    private static String target(Macro macro, String spec) throws Stop {
        try {
            return Macro.truncated(macro.expand(spec)).toLowerCase(Locale.ROOT);
        } catch (SpfRecord.SyntaxError e) {
            throw new Stop(SpfResult.PERMERROR, e.getMessage());
        }
    }

    private static boolean network(String literal, int prefix, InetAddress ip) throws Stop {
        var address = Cidr.literal(literal)
                .orElseThrow(() -> new Stop(SpfResult.PERMERROR, "not an IP address: " + literal));
        return within(address, prefix, ip);
    }

    private static boolean within(InetAddress network, int prefix, InetAddress ip) {
        int bits = network.getAddress().length * 8;
        return network.getAddress().length == ip.getAddress().length
                && new Cidr(network, prefix < 0 ? bits : prefix).contains(ip);
    }
}
