package dev.postern.admin;

import dev.postern.accounts.AccountException;
import dev.postern.accounts.AccountStore;
import dev.postern.accounts.Alias;
import dev.postern.accounts.DomainRemoval;
import dev.postern.accounts.User;
import dev.postern.auth.PasswdFile;
import dev.postern.auth.PasswordHash;
import dev.postern.auth.Scheme;
import dev.postern.authres.PublishedRecords;
import dev.postern.config.Settings;
import dev.postern.explain.Explainer;
import dev.postern.explain.JdbcEventStore;
import dev.postern.dkim.DkimAlgorithm;
import dev.postern.dkim.DkimKeys;
import dev.postern.dkim.SigningKey;
import dev.postern.dns.CachingLookup;
import dev.postern.limits.Grant;
import dev.postern.limits.JdbcGrantStore;
import dev.postern.limits.PopBeforeSmtp;
import dev.postern.net.Cidr;
import dev.postern.limits.AuthThrottle;
import dev.postern.limits.JdbcAuthThrottle;
import dev.postern.limits.ThrottleRules;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueAdmin;
import dev.postern.queue.QueueId;
import dev.postern.sending.DomainStatus;
import dev.postern.sending.LimitRules;
import dev.postern.sending.SendingLimits;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every admin operation, in one service the CLI (and later an admin API) calls: setting up the
 * data directory, domains, users, passwords and aliases, POP-before-SMTP grants, the mail queue.
 * Validation errors raise {@link AccountException} with a message fit for the user.
 */
public final class Admin {
    private static final String PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final AccountStore store;

    public Admin(Settings settings, AccountStore store) {
        this.settings = settings;
        this.store = store;
    }

    /**
     * Creates what a node needs and is missing: {@code data_dir} with {@code mail/}, {@code queue/},
     * {@code tls/}; the database (migrated); and, when no certificate is configured and the
     * default files do not exist, a self-signed one for {@code hostname}. Idempotent.
     */
    public static InitReport init(Settings settings) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path dir : List.of(settings.dataDir(), settings.mailDir(), settings.queueDir(), settings.tlsDir())) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                created.add(dir);
            }
        }
        Optional<Path> embedded = settings.database().embeddedFile();
        boolean freshDatabase = embedded.isPresent() && !Files.exists(embedded.get());
        AccountStore.open(settings.database()).close(); // creates and migrates the schema
        if (freshDatabase) {
            created.add(embedded.get());
        }
        Settings.Tls tls = settings.tls();
        if (tls.origin() == Settings.Tls.Origin.DEFAULT) {
            boolean cert = Files.exists(tls.cert());
            boolean key = Files.exists(tls.key());
            if (cert != key) {
                throw new IOException((cert ? tls.key() : tls.cert()) + " is missing while "
                        + (cert ? tls.cert() : tls.key()) + " exists: restore it, or remove both to get a new pair");
            }
            if (!cert) {
                SelfSigned.create(settings.hostname(), tls.cert(), tls.key());
                created.add(tls.cert());
                created.add(tls.key());
            }
        }
        return new InitReport(created);
    }

    /**
     * On a database without any domain, creates one ({@code hostname} if it has a dot, else
     * {@code example.test}) and {@code postmaster@} it with a random password, so a newcomer can
     * send and read mail at once. Empty when a domain already exists.
     */
    public Optional<FirstAccount> firstRun() {
        if (!store.listDomains().isEmpty()) {
            return Optional.empty();
        }
        String domain = settings.hostname().contains(".") ? settings.hostname() : "example.test";
        String address = "postmaster@" + domain;
        char[] password = randomPassword(16);
        store.addDomain(domain);
        store.addUser(address, PasswordHash.hash(password));
        return Optional.of(new FirstAccount(domain, address, new String(password)));
    }

    public void addDomain(String name) {
        store.addDomain(name);
    }

    public List<String> domains() {
        return store.listDomains();
    }

    public void removeDomain(String name, DomainRemoval removal) {
        store.removeDomain(name, removal);
    }

    /** Adds a mailbox in an existing domain; the password is hashed and then wiped from memory. */
    public void addUser(String address, char[] password, Scheme scheme) {
        try {
            store.addUser(address, PasswordHash.hash(checked(password), scheme));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Imports users with their hashes as they are ({@code postern user import}). Checks first that
     * every domain is hosted (or creates them with {@code createDomains}); users that already exist
     * are kept unchanged and reported, so a second run of the same file imports nothing twice.
     */
    public UserImport importUsers(List<PasswdFile.Entry> entries, boolean createDomains) {
        Set<String> hosted = new HashSet<>(store.listDomains());
        List<String> missing = entries.stream().map(PasswdFile.Entry::domain).filter(d -> !hosted.contains(d))
                .distinct().toList();
        if (!missing.isEmpty() && !createDomains) {
            throw new AccountException("domain(s) not hosted here: " + String.join(", ", missing)
                    + " (add them with postern domain add, or import with --create-domains)");
        }
        missing.forEach(store::addDomain);
        Set<String> existing = new HashSet<>();
        store.listUsers().forEach(u -> existing.add(u.address()));
        List<String> imported = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (PasswdFile.Entry entry : entries) {
            if (existing.contains(entry.address())) {
                kept.add(entry.address());
            } else {
                store.addUser(entry.address(), entry.hash());
                imported.add(entry.address());
            }
        }
        return new UserImport(imported, kept, missing);
    }

    /** The login throttle's addresses and accounts with failures or bans ({@code postern auth status}). */
    public List<AuthThrottle.Entry> authStatus(Instant now) {
        return throttle().status(now);
    }

    /** Lifts a ban on an IP address (IPv6: its /64) or an account; false when nothing was known of it. */
    public boolean authUnban(String ipOrAccount) {
        return throttle().unban(ipOrAccount);
    }

    private AuthThrottle throttle() {
        // The allowlist only matters when counting; the server counts, the CLI reads and lifts.
        return new JdbcAuthThrottle(store.dataSource(), ThrottleRules.DEFAULTS, ip -> false);
    }

    /** Per-domain sending limits ({@code postern limits status}): one domain, or every domain with something recorded. */
    public List<DomainStatus> limitsStatus(Optional<String> domain) {
        return domain.map(d -> List.of(sendingLimits().status(d))).orElseGet(() -> sendingLimits().status());
    }

    /** Lifts a domain's block and zeroes its counts; false when nothing was recorded for it. */
    public boolean limitsReset(String domain) {
        return sendingLimits().reset(domain);
    }

    /** Per-domain overrides of the {@code limits.*} settings ({@code name=value}; {@code default} removes one). */
    public void limitsSet(String domain, java.util.Map<String, String> values) {
        try {
            sendingLimits().set(domain, values);
        } catch (IllegalArgumentException e) {
            throw new AccountException(e.getMessage());
        }
    }

    private SendingLimits sendingLimits() {
        // The CLI reads and lifts; only the server counts, so no trip happens here.
        return new SendingLimits(store.dataSource(), LimitRules.from(settings.limits()), Clock.systemUTC(), trip -> { });
    }

    /** All users, or those of one domain. */
    public List<User> users(Optional<String> domain) {
        List<User> all = store.listUsers();
        return domain.map(d -> all.stream().filter(u -> u.domain().equalsIgnoreCase(d.strip())).toList())
                .orElse(all);
    }

    public void removeUser(String address) {
        store.removeUser(address);
    }

    public void setPassword(String address, char[] password, Scheme scheme) {
        try {
            store.setPasswordHash(address, PasswordHash.hash(checked(password), scheme));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public void addAlias(String source, List<String> targets) {
        store.addAlias(source, targets);
    }

    public List<Alias> aliases() {
        return store.listAliases();
    }

    public void removeAlias(String source) {
        store.removeAlias(source);
    }

    /** Active POP-before-SMTP grants, soonest expiry first. */
    public List<Grant> grants() {
        return popBeforeSmtp().list(Instant.now()).stream().sorted(Comparator.comparing(Grant::expiresAt)).toList();
    }

    /** Ends the grant of one client address at once; false when it had none. */
    public boolean revokeGrant(String ip) {
        var address = Cidr.literal(ip.strip())
                .orElseThrow(() -> new AccountException("not an IP address: " + ip));
        return popBeforeSmtp().revoke(address);
    }

    /**
     * {@code postern explain IP|ADDRESS}: the recent refusals, failed logins and grants of a client
     * address or a mail address, in plain words, the newest refusal with its fix; times in {@code zone}.
     */
    public List<String> explain(String ipOrAddress, java.time.ZoneId zone) {
        if (ipOrAddress.isBlank()) {
            throw new AccountException("give an IP address or a mail address to explain");
        }
        return new Explainer(new JdbcEventStore(store.dataSource()), zone).explain(ipOrAddress);
    }

    private PopBeforeSmtp popBeforeSmtp() {
        return new PopBeforeSmtp(new JdbcGrantStore(store.dataSource()), settings.popBeforeSmtp().window());
    }

    /** Queue entries in arrival order ({@code postern queue list}); {@code domain}: those with a recipient there. */
    public List<QueueAdmin.Listing> queueList(Optional<String> domain, QueueAdmin.Selection selection) {
        return onQueue(admin -> admin.list(domain.map(String::strip), selection));
    }

    /** One entry with each recipient's status; an unknown ID is an {@link AccountException}. */
    public QueueAdmin.Listing queueShow(String id) {
        return onQueue(admin -> admin.show(queueId(id))).orElseThrow(() -> noEntry(id));
    }

    /** Makes the deferred recipients of one entry (or of every entry) due now; returns how many entries. */
    public int queueFlush(Optional<String> id) {
        QueueId wanted = id.map(Admin::queueId).orElse(null);
        int flushed = onQueue(admin -> admin.flush(Optional.ofNullable(wanted)));
        if (wanted != null && flushed == 0) {
            throw noEntry(id.get());
        }
        return flushed;
    }

    /** Removes an entry without delivering it and without a bounce. */
    public void queueDelete(String id) {
        require(onQueue(admin -> admin.delete(queueId(id))), id);
    }

    /** The runner leaves a held entry alone (it still ages toward the give-up time) until released. */
    public void queueHold(String id) {
        require(onQueue(admin -> admin.hold(queueId(id))), id);
    }

    public void queueRelease(String id) {
        require(onQueue(admin -> admin.release(queueId(id))), id);
    }

    /** Undelivered recipients by destination domain and age, like Postfix's qshape. */
    public QueueAdmin.Summary queueSummary() {
        return onQueue(QueueAdmin::summary);
    }

    private interface QueueWork<T> {
        T apply(QueueAdmin admin) throws IOException;
    }

    /**
     * Opens the queue for one operation. Safe beside a running server: opening a {@link Queue}
     * only creates its directories if missing; it does not run {@code recover()}, so nothing in
     * {@code incoming/} (messages being received) is touched.
     */
    private <T> T onQueue(QueueWork<T> work) {
        Path dir = settings.queueDir();
        if (!Files.isDirectory(dir)) {
            throw new AccountException("no queue at " + dir + " (run postern init first)");
        }
        Clock clock = Clock.systemUTC();
        try (Queue queue = new Queue(dir, clock)) {
            return work.apply(new QueueAdmin(queue, Optional.empty(), clock));
        } catch (IOException e) {
            throw new UncheckedIOException("queue " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code postern dkim generate}: a new signing key for a hosted domain; active at once when the
     * domain has no key of that algorithm, else pending until {@link #dkimRotate}.
     */
    public DkimKeys.Stored dkimGenerate(String domain, Optional<String> selector, DkimAlgorithm algorithm) {
        String name = hostedDomain(domain);
        var keys = dkimKeys();
        try {
            return keys.generate(name, selector.orElseGet(() -> keys.nextSelector(name, algorithm)), algorithm);
        } catch (IllegalArgumentException e) {
            throw new AccountException(e.getMessage());
        }
    }

    /**
     * {@code postern dkim rotate}: promotes the pending keys (their records published meanwhile)
     * and retires the keys they replace; with none pending, generates a pending key per algorithm
     * in use (RSA when none) and returns it, to be published before the next rotate.
     */
    public List<DkimKeys.Stored> dkimRotate(String domain) {
        String name = hostedDomain(domain);
        var keys = dkimKeys();
        var promoted = keys.promote(name);
        if (!promoted.isEmpty()) {
            return promoted;
        }
        var algorithms = keys.active(name).stream().map(SigningKey::algorithm).distinct().toList();
        return (algorithms.isEmpty() ? List.of(DkimAlgorithm.RSA_SHA256) : algorithms).stream()
                .map(a -> keys.generate(name, keys.nextSelector(name, a), a)).toList();
    }

    /** {@code postern dkim show}: every key of a domain, oldest first. */
    public List<DkimKeys.Stored> dkimShow(String domain) {
        return dkimKeys().keys(hostedDomain(domain));
    }

    /**
     * The DKIM, SPF and DMARC records {@code domain} should publish and what DNS ({@code
     * dns.servers}) holds now: for {@code postern check}.
     */
    public List<PublishedRecords.Entry> authenticityRecords(String domain) {
        String name = hostedDomain(domain);
        var dns = new CachingLookup(settings.delivery().dnsServers(), java.time.Duration.ofSeconds(5),
                java.time.Duration.ZERO, java.time.Clock.systemUTC());
        return PublishedRecords.of(name, settings.hostname(), dkimKeys().keys(name), dns);
    }

    private DkimKeys dkimKeys() {
        return new DkimKeys(store.dataSource(), java.time.Clock.systemUTC());
    }

    private String hostedDomain(String domain) {
        String name = domain.strip().toLowerCase(java.util.Locale.ROOT);
        if (!store.listDomains().contains(name)) {
            throw new AccountException(name + " is not a hosted domain (postern domain add " + name + ")");
        }
        return name;
    }

    private static QueueId queueId(String id) {
        try {
            return new QueueId(id.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw noEntry(id);
        }
    }

    private static void require(boolean found, String id) {
        if (!found) {
            throw noEntry(id);
        }
    }

    private static AccountException noEntry(String id) {
        return new AccountException("no queue entry " + id.strip());
    }

    private static char[] checked(char[] password) {
        if (password.length == 0) {
            throw new AccountException("empty password");
        }
        for (char c : password) {
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new AccountException("password contains a line break or NUL");
            }
        }
        return password;
    }

    private static char[] randomPassword(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length()));
        }
        return out;
    }
}
