package dev.postern.limits;

import dev.postern.net.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login throttle of one node, in memory. Rules (see docs/AUTH.md):
 * <ul>
 * <li>an address is banned after {@link ThrottleRules#failuresPerIp} failures in the window;
 * IPv6 clients are counted per /64, the block one customer line usually gets;</li>
 * <li>an account is banned after {@link ThrottleRules#failuresPerAccount} failures in the window,
 * but the ban holds only for addresses that failed against it and have not since logged in, so a
 * hammering botnet never locks the owner out from the owner's own address;</li>
 * <li>allowlisted addresses are neither counted nor banned;</li>
 * <li>memory is bounded: quiet entries are forgotten, and past {@code maxEntries} the oldest go.</li>
 * </ul>
 * Thread-safe: one lock; every call is a few map operations.
 */
public final class MemoryAuthThrottle implements AuthThrottle {

    private static final Logger log = LoggerFactory.getLogger(MemoryAuthThrottle.class);
    private static final int MAX_IPS_PER_ACCOUNT = 1024;
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final ThrottleRules rules;
    private final Predicate<InetAddress> allowlist;
    private final Map<String, FailureCounter> byIp = new LinkedHashMap<>();
    private final Map<String, AccountFailures> byAccount = new LinkedHashMap<>();
    private Instant nextPurge = Instant.EPOCH;

    /** {@code allowlist}: addresses never throttled, e.g. a webmail front end ({@link Cidr#anyOf}). */
    public MemoryAuthThrottle(ThrottleRules rules, Predicate<InetAddress> allowlist) {
        this.rules = rules;
        this.allowlist = allowlist;
    }

    private record AccountFailures(FailureCounter counter, Set<String> failedIps) {
    }

    @Override
    public synchronized Optional<Duration> retryAfter(InetAddress client, String account, Instant now) {
        if (allowlist.test(client)) {
            return Optional.empty();
        }
        String ip = ipKey(client);
        var ipWait = Optional.ofNullable(byIp.get(ip)).flatMap(c -> c.remaining(now));
        var accountWait = Optional.ofNullable(byAccount.get(accountKey(account)))
                .filter(a -> a.failedIps().contains(ip))
                .flatMap(a -> a.counter().remaining(now));
        return longer(ipWait, accountWait);
    }

    @Override
    public synchronized void failed(InetAddress client, String account, Instant now) {
        if (allowlist.test(client)) {
            return;
        }
        purgeIfDue(now);
        String ip = ipKey(client);
        String key = accountKey(account);
        admit(byIp, ip, now);
        byIp.computeIfAbsent(ip, k -> new FailureCounter())
                .fail(now, rules.failuresPerIp(), rules)
                .ifPresent(ban -> log.warn("auth throttle: ip={} banned for {} after {} failures",
                        ip, ban, rules.failuresPerIp()));
        admit(byAccount, key, now);
        var entry = byAccount.computeIfAbsent(key,
                k -> new AccountFailures(new FailureCounter(), new LinkedHashSet<>()));
        if (entry.failedIps().size() < MAX_IPS_PER_ACCOUNT) {
            entry.failedIps().add(ip);
        }
        entry.counter().fail(now, rules.failuresPerAccount(), rules)
                .ifPresent(ban -> log.warn("auth throttle: account={} banned for {} for the {} addresses that failed",
                        key, ban, entry.failedIps().size()));
    }

    @Override
    public synchronized void succeeded(InetAddress client, String account, Instant now) {
        String ip = ipKey(client);
        byIp.remove(ip);
        var entry = byAccount.get(accountKey(account));
        if (entry != null) {
            entry.failedIps().remove(ip);
        }
    }

    @Override
    public synchronized List<Entry> status(Instant now) {
        purge(now);
        var entries = new ArrayList<Entry>();
        byIp.forEach((ip, c) -> entries.add(entry(Scope.IP, ip, c, now)));
        byAccount.forEach((account, a) -> entries.add(entry(Scope.ACCOUNT, account, a.counter(), now)));
        return List.copyOf(entries);
    }

    @Override
    public synchronized boolean unban(String ipOrAccount) {
        var ip = ipLiteral(ipOrAccount.strip());
        if (ip.isEmpty()) {
            return byAccount.remove(accountKey(ipOrAccount)) != null;
        }
        String key = ipKey(ip.get());
        boolean known = byIp.remove(key) != null;
        for (var entry : byAccount.values()) {
            known |= entry.failedIps().remove(key);
        }
        return known;
    }

    private Entry entry(Scope scope, String key, FailureCounter counter, Instant now) {
        return new Entry(scope, key, counter.recentFailures(now, rules.window()), counter.strikes(),
                counter.bannedUntil(now));
    }

    /** Makes room for a new key: forget what is quiet, and if that is not enough, the oldest. */
    private <V> void admit(Map<String, V> map, String key, Instant now) {
        if (map.containsKey(key) || map.size() < rules.maxEntries()) {
            return;
        }
        purge(now);
        if (map.size() >= rules.maxEntries()) {
            Iterator<String> eldest = map.keySet().iterator();
            log.warn("auth throttle: table full ({} entries), forgetting {}", map.size(), eldest.next());
            eldest.remove();
        }
    }

    private void purgeIfDue(Instant now) {
        if (!now.isBefore(nextPurge)) {
            purge(now);
            nextPurge = now.plus(PURGE_EVERY);
        }
    }

    private void purge(Instant now) {
        byIp.values().removeIf(c -> c.forgettable(now, rules));
        byAccount.values().removeIf(a -> a.counter().forgettable(now, rules));
    }

    private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }

    static String accountKey(String account) {
        return account.strip().toLowerCase(Locale.ROOT);
    }

    /** IPv4: the address. IPv6: its /64, since one customer usually gets a whole /64. */
    static String ipKey(InetAddress address) {
        if (address instanceof Inet6Address) {
            var bytes = address.getAddress();
            var prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix + ":/64";
        }
        return address.getHostAddress();
    }

    private static Optional<InetAddress> ipLiteral(String text) {
        return Cidr.literal(text.endsWith("/64") ? text.substring(0, text.length() - 3) : text);
    }
}
