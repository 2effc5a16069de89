package dev.postern.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link RecordLookup} over dnsjava with a small cache: answers (NXDOMAIN too) are kept for
 * {@code ttl}, at most {@code MAX_ENTRIES} of them. Failures (timeouts, SERVFAIL, an unreachable
 * server) are kept for {@link #FAILURE_TTL} only: long enough that a burst of messages does not ask
 * a dead server once each (RFC 2308 §7.1 allows up to five minutes), short enough that a blip passes.
 */
public final class CachingLookup implements RecordLookup {

    private static final int MAX_ENTRIES = 10_000;
    static final Duration FAILURE_TTL = Duration.ofSeconds(5);

    private final Resolver resolver;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Answer<?> answer, Instant until) {}

    /** {@code servers} empty: the system resolver ({@code dns.servers} unset). */
    public CachingLookup(List<InetSocketAddress> servers, Duration timeout, Duration ttl, Clock clock) {
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            var each = servers.stream().map(s -> (Resolver) new SimpleResolver(s)).toList();
            resolver = each.size() == 1 ? each.getFirst() : new ExtendedResolver(each);
        }
        resolver.setTimeout(timeout);
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Answer<String> txt(String name) {
        return cached(name, Type.TXT, r -> r instanceof TXTRecord t ? joined(t) : null);
    }

    @Override
    public Answer<InetAddress> addresses(String name, boolean ipv6) {
        return cached(name, ipv6 ? Type.AAAA : Type.A, r -> switch (r) {
            case ARecord a when !ipv6 -> a.getAddress();
            case AAAARecord a when ipv6 -> a.getAddress();
            default -> null;
        });
    }

    @Override
    public Answer<String> mx(String name) {
        Answer<MXRecord> records = cached(name, Type.MX, r -> r instanceof MXRecord m ? m : null);
        var sorted = records.values().stream().sorted(Comparator.comparingInt(MXRecord::getPriority))
                .map(m -> text(m.getTarget())).toList();
        return new Answer<>(records.status(), sorted, records.why());
    }

    @Override
    public Answer<String> ptr(InetAddress address) {
        String name = ReverseMap.fromAddress(address).toString();
        return cached(name, Type.PTR, r -> r instanceof PTRRecord p ? text(p.getTarget()) : null);
    }

    /** RFC 7208 §3.3: the strings of one TXT record are concatenated without spaces. */
    private static String joined(TXTRecord record) {
        var out = new StringBuilder();
        for (byte[] part : record.getStringsAsByteArrays()) {
            out.append(new String(part, StandardCharsets.ISO_8859_1));
        }
        return out.toString();
    }

    private static String text(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private <T> Answer<T> cached(String name, int type, Function<Record, T> pick) {
        String key = name.toLowerCase(Locale.ROOT) + "/" + type;
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return (Answer<T>) hit.answer();
        }
        Answer<T> answer = query(name, type, pick);
        Duration keep = answer.status() != Answer.Status.TEMPFAIL || ttl.compareTo(FAILURE_TTL) < 0 ? ttl : FAILURE_TTL;
        if (!keep.isZero()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear(); // crude but bounded: a burst of new names cannot grow the heap
            }
            cache.put(key, new Cached(answer, now.plus(keep)));
        }
        return answer;
    }

    private <T> Answer<T> query(String domain, int type, Function<Record, T> pick) {
        try {
            Name name = Name.fromString(domain.toLowerCase(Locale.ROOT), Name.root);
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return Answer.nxdomain();
            }
            if (rcode != Rcode.NOERROR) {
                return Answer.tempfail(domain + "/" + Type.string(type) + ": " + Rcode.string(rcode));
            }
            var values = new ArrayList<T>();
            for (Record record : response.getSection(Section.ANSWER)) {
                T value = pick.apply(record);
                if (value != null) {
                    values.add(value);
                }
            }
            return Answer.found(values);
        } catch (TextParseException e) {
            return Answer.nxdomain(); // not a domain name: nothing can exist there
        } catch (IOException e) {
            return Answer.tempfail(domain + "/" + Type.string(type) + ": " + e.getMessage());
        }
    }
}
