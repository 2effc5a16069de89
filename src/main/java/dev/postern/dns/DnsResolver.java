package dev.postern.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** {@link MxResolver} over dnsjava: the given servers ({@code dns.servers}), or the system's when none. */
public final class DnsResolver implements MxResolver {

    private static final Logger log = LoggerFactory.getLogger(DnsResolver.class);

    private final Resolver resolver;

    /** {@code servers} empty: the system resolver configuration (resolv.conf). */
    public DnsResolver(List<InetSocketAddress> servers, Duration timeout) {
        this.resolver = servers.isEmpty() ? new ExtendedResolver() : extended(servers);
        resolver.setTimeout(timeout);
    }

    private static Resolver extended(List<InetSocketAddress> servers) {
        var resolvers = servers.stream().map(s -> (Resolver) new SimpleResolver(s)).toList();
        return resolvers.size() == 1 ? resolvers.getFirst() : new ExtendedResolver(resolvers);
    }

    @Override
    public MailHosts mailHosts(String domain) {
        Answer mx = query(domain, Type.MX);
        if (mx instanceof Answer.Failed f) {
            return f.hosts();
        }
        var records = ((Answer.Records) mx).records().stream()
                .filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
        if (records.isEmpty()) {
            return implicitMx(domain); // RFC 5321 §5.1: no MX, use the domain's own addresses
        }
        // RFC 7505 §3: a single MX of preference 0 with the root as target.
        if (records.size() == 1 && records.getFirst().getTarget().equals(Name.root)) {
            return new MailHosts.NullMx();
        }
        return exchangers(domain, records);
    }

    @Override
    public MailHosts addressesOf(String host) {
        return implicitMx(host);
    }

    private MailHosts exchangers(String domain, List<MXRecord> records) {
        var shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled); // RFC 5321 §5.1: spread load among equal preferences
        shuffled.sort(Comparator.comparingInt(MXRecord::getPriority));
        var hosts = new ArrayList<MailHost>();
        String temporary = null;
        for (var record : shuffled) {
            String name = strip(record.getTarget());
            if (record.getTarget().equals(Name.root)) {
                continue; // a root target among other MX records: ignore it
            }
            switch (addresses(name)) {
                case MailHosts.Found f when !f.hosts().isEmpty() ->
                        hosts.add(new MailHost(name, record.getPriority(), f.hosts().getFirst().addresses()));
                case MailHosts.TemporaryFailure t -> temporary = t.why();
                default -> log.info("MX {} of {} has no address; skipped", name, domain);
            }
        }
        if (hosts.isEmpty()) {
            return new MailHosts.TemporaryFailure(temporary != null ? temporary
                    : "no MX host of " + domain + " has an address");
        }
        return new MailHosts.Found(hosts, false);
    }

    private MailHosts implicitMx(String domain) {
        MailHosts found = addresses(domain);
        if (found instanceof MailHosts.Found f && f.hosts().isEmpty()) {
            return new MailHosts.NoSuchDomain(domain + " has no MX and no address records");
        }
        return found;
    }

    /** A and AAAA of {@code name}; Found with no hosts when it has neither. */
    private MailHosts addresses(String name) {
        var addresses = new ArrayList<InetAddress>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            switch (query(name, type)) {
                case Answer.Failed f -> {
                    if (addresses.isEmpty() || type == Type.A) {
                        return f.hosts();
                    }
                    // an AAAA failure after A answered: the IPv4 addresses will do
                }
                case Answer.Records r -> r.records().forEach(rec -> {
                    if (rec instanceof ARecord a) {
                        addresses.add(a.getAddress());
                    } else if (rec instanceof AAAARecord aaaa) {
                        addresses.add(aaaa.getAddress());
                    }
                });
            }
        }
        return new MailHosts.Found(addresses.isEmpty() ? List.of() : List.of(new MailHost(name, 0, addresses)), true);
    }

    private sealed interface Answer {
        record Records(List<Record> records) implements Answer {}

        record Failed(MailHosts hosts) implements Answer {}
    }

    private Answer query(String domain, int type) {
        String what = domain + "/" + Type.string(type);
        try {
            Name name = Name.fromString(domain.toLowerCase(Locale.ROOT), Name.root);
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Answer.Failed(new MailHosts.NoSuchDomain(domain + " does not exist (NXDOMAIN)"));
            }
            if (rcode != Rcode.NOERROR) {
                return new Answer.Failed(new MailHosts.TemporaryFailure("DNS lookup of " + what + " failed: "
                        + Rcode.string(rcode)));
            }
            return new Answer.Records(response.getSection(Section.ANSWER));
        } catch (TextParseException e) {
            return new Answer.Failed(new MailHosts.NoSuchDomain("not a domain name: " + domain));
        } catch (IOException e) {
            return new Answer.Failed(new MailHosts.TemporaryFailure("DNS lookup of " + what + " failed: "
                    + e.getMessage()));
        }
    }

    private static String strip(Name name) {
        String text = name.toString(true);
        return text.toLowerCase(Locale.ROOT);
    }
}
