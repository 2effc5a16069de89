package dev.postern.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** {@link DnsLookup} over dnsjava, against {@code dns.servers} (or the system's resolvers when empty). */
public final class DnsjavaLookup implements DnsLookup {
    private final Resolver resolver;

    public DnsjavaLookup(List<InetSocketAddress> servers, Duration timeout) {
        this.resolver = servers.size() == 1 ? new SimpleResolver(servers.getFirst())
                : servers.isEmpty() ? new ExtendedResolver()
                : new ExtendedResolver(servers.stream().map(s -> (Resolver) new SimpleResolver(s)).toList());
        resolver.setTimeout(timeout);
    }

    @Override
    public Answer lookup(String name, String type) {
        int t = Type.value(type);
        try {
            // An absolute name, so no search list applies.
            Name owner = Name.fromString(name.toLowerCase(Locale.ROOT), Name.root);
            Message response = resolver.send(Message.newQuery(Record.newRecord(owner, t, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Answer.Records(List.of());
            }
            if (rcode != Rcode.NOERROR) {
                return new Answer.Unreachable(name + "/" + type + ": " + Rcode.string(rcode));
            }
            // A CNAME in the answer comes before the records it leads to: keep only the type asked.
            return new Answer.Records(response.getSection(Section.ANSWER).stream()
                    .filter(r -> r.getType() == t).map(DnsjavaLookup::data).toList());
        } catch (TextParseException e) {
            return new Answer.Records(List.of());
        } catch (IOException e) {
            return new Answer.Unreachable(name + "/" + type + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        }
    }

    /** RFC 7208 §3.3: the strings of one TXT record are joined without spaces. */
    private static String data(Record record) {
        if (record instanceof TXTRecord txt) {
            return String.join("", txt.getStrings());
        }
        return record.rdataToString();
    }
}
