package dev.postern;

import ch.qos.logback.classic.Level;
import dev.postern.accounts.AccountStore;
import dev.postern.admin.Admin;
import dev.postern.config.PemKeyMaterial;
import dev.postern.database.AdvisoryMaildropLock;
import dev.postern.config.Settings;
import dev.postern.auth.Authenticator;
import dev.postern.auth.PasswordHash;
import dev.postern.delivery.RemoteDelivery;
import dev.postern.explain.JdbcEventStore;
import dev.postern.http.ClientEndpoints;
import dev.postern.http.HttpListener;
import dev.postern.intake.Intake;
import dev.postern.intake.SenderIdentity;
import dev.postern.limits.JdbcAuthThrottle;
import dev.postern.limits.ThrottleRules;
import dev.postern.limits.JdbcGrantStore;
import dev.postern.limits.PopBeforeSmtp;
import dev.postern.net.Listener;
import dev.postern.net.Listeners;
import dev.postern.net.TlsContext;
import dev.postern.observe.LogFile;
import dev.postern.observe.Observability;
import dev.postern.policy.RelayPolicy;
import dev.postern.policy.SenderCheck;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueRunner;
import dev.postern.sending.LimitRules;
import dev.postern.sending.SendingLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Postern node, built by hand from its settings. Read {@link #start} top to bottom
 * and you have the architecture: accounts, the queue and its runner (local and remote delivery
 * through the router, bounces; {@link DeliveryService}), intake behind the SMTP sessions ({@link SmtpService}), the POP3 sessions over the
 * Maildirs ({@link Pop3Service}) whose logins grant POP-before-SMTP, and the listeners.
 */
public final class Postern implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Postern.class);

    /** Sessions in flight get this long to finish on SIGTERM; then their sockets are closed. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final AccountStore accounts;
    private final Queue queue;
    private final QueueRunner runner;
    private final RemoteDelivery remote;
    private final Listeners listeners;
    private final Optional<HttpListener> http;
    private final Observability observed;

    private Postern(AccountStore accounts, Queue queue, QueueRunner runner, RemoteDelivery remote,
                    Listeners listeners, Optional<HttpListener> http, Observability observed) {
        this.accounts = accounts;
        this.queue = queue;
        this.runner = runner;
        this.remote = remote;
        this.listeners = listeners;
        this.http = http;
        this.observed = observed;
    }

    /** Builds and starts every part; a failure closes whatever had already started. */
    public static Postern start(Settings settings) throws IOException, GeneralSecurityException {
        Admin.init(settings); // a first start makes the certificate loadTls reads
        return start(settings, loadTls(settings));
    }

    /**
     * As {@link #start(Settings)}, on a data directory {@link Admin#init} has prepared, with the TLS
     * identity that {@link #loadTls} began loading: it costs a third of a second of a cold start (the
     * JDK's TLS set-up, the key check), done beside the database and the queue instead of after them.
     */
    public static Postern start(Settings settings, Future<Optional<TlsContext>> tlsLoading)
            throws IOException, GeneralSecurityException {
        Clock clock = Clock.systemUTC();
        // The server's own writes are bookkeeping (Database.Commit); the CLI's admin changes stay durable.
        AccountStore accounts = AccountStore.open(settings.database(), dev.postern.database.Database.Commit.BOOKKEEPING);
        // Metrics and the events of `postern explain`: the ports below are wrapped by it (docs/METRICS.md).
        var observed = new Observability(new JdbcEventStore(accounts.dataSource()), clock);
        Queue queue = null;
        RemoteDelivery remote = null;
        QueueRunner runner = null;
        try {
            queue = new Queue(settings.queueDir(), clock, dev.postern.queue.Durability.FSYNC,
                    settings.queue().minFreeSpace());
            var recovered = queue.recover();
            // Per-domain sending limits (docs/LIMITS.md): fed by remote outcomes, asked by intake,
            // standing before remote delivery; a trip moves postern_limits_tripped_total.
            var limits = new SendingLimits(accounts.dataSource(), LimitRules.from(settings.limits()), clock,
                    trip -> observed.limitTripped(trip.domain()));
            remote = DeliveryService.remote(settings, limits);
            var mailboxes = DeliveryService.mailboxes(settings, observed);
            runner = DeliveryService.runner(settings, queue, accounts, mailboxes, limits.gate(remote), clock, observed);
            runner.start(recovered);
            var grants = new PopBeforeSmtp(observed.grants(new JdbcGrantStore(accounts.dataSource()),
                    settings.popBeforeSmtp().window()), settings.popBeforeSmtp().window());
            Intake intake = new Intake(accounts, new RelayPolicy(settings.relay().trustedNetworks(),
                    settings.popBeforeSmtp().window()), queue, settings.hostname(), clock,
                    ip -> grants.active(ip, clock.instant()).isPresent(), senderIdentity(settings.auth(), accounts),
                    limits);
            if (settings.delivery().localAtIntake()) { // docs/DELIVERY.md: local mail skips the queue
                intake = intake.deliveringLocally(mailboxes, () -> observed.metrics().delivery("local", "delivered"));
            }
            // SPF/DKIM/DMARC on port 25 and DKIM signing at intake (docs/DKIM.md), inside the
            // metrics and explain wrapper so its refusals are counted and explained too.
            var trusted = settings.relay().trustedNetworks();
            var authenticated = AuthenticityService.around(intake, settings, accounts, clock,
                    ip -> trusted.stream().anyMatch(block -> block.contains(ip)) || grants.active(ip, clock.instant()).isPresent());
            var dummyHash = dummyHash();
            Authenticator authenticator = authenticator(settings.auth(), accounts, clock, dummyHash);
            Optional<TlsContext> tls = awaitTls(tlsLoading);
            List<Listener> opened = new ArrayList<>(SmtpService.open(settings, tls, observed.inbound(authenticated),
                    observed.authentication("smtp", authenticator::authenticate), observed));
            Optional<HttpListener> http;
            try {
                opened.addAll(Pop3Service.open(settings, tls, observed.authentication("pop3", authenticator::authenticate),
                        grants, AdvisoryMaildropLock.of(accounts.database()), clock, observed));
                http = http(settings, tls, accounts, opened, observed);
            } catch (IOException | RuntimeException e) {
                opened.forEach(Listener::close);
                throw e;
            }
            Thread.ofVirtual().name("dummy-hash").start(dummyHash);
            return new Postern(accounts, queue, runner, remote, new Listeners(opened), http, observed);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            stopQuietly(runner);
            if (remote != null) {
                remote.close();
            }
            if (queue != null) {
                queue.close();
            }
            observed.close();
            accounts.close();
            throw e;
        }
    }

    /**
     * Runs in the foreground until SIGTERM (or SIGINT): prints where it listens, then on the
     * signal stops accepting, lets sessions in flight finish, stops the queue runner and closes.
     * Nothing acknowledged is lost either way: a 250 was only sent once the message was on disk.
     */
    public static void serve(Settings settings, Future<Optional<TlsContext>> tlsLoading) throws Exception {
        applyLogLevel(settings.log().level());
        LogFile logFile = LogFile.open(settings.dataDir()); // beside the console, for the life of the process
        Postern postern = start(settings, tlsLoading);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: no new connections, {} in flight get up to {}s", postern.listeners.active(),
                    SHUTDOWN_GRACE.toSeconds());
            postern.close();
            logFile.close(); // the log is written in the background: every line queued, down to "stopped", written now
            stopped.countDown();
        }, "postern-shutdown"));
        // Only now: whoever waits for this line to send SIGTERM gets the graceful stop, logged.
        postern.announce(System.out);
        stopped.await();
    }

    /** The bound port of the first address of a listener ({@code smtp}, {@code submission}, …). */
    public int port(String listener) {
        return listeners.named(listener).port();
    }

    /** The bound ports of every address of a listener, in configuration order (25, then 2525, …). */
    public List<Integer> ports(String listener) {
        return listeners.all().stream().filter(l -> l.name().equals(listener)).map(Listener::port).toList();
    }

    /** The bound port of the first {@code http.listen} address; the HTTP listener must be on. */
    public int httpPort() {
        return http.orElseThrow(() -> new IllegalStateException("http.listen is empty")).ports().getFirst();
    }

    /**
     * The metrics ({@code observability().scrape()} is the {@code /metrics} page) and the wiring for
     * {@code limitTripped}.
     */
    public Observability observability() {
        return observed;
    }

    @Override
    public void close() {
        http.ifPresent(HttpListener::close);
        listeners.shutdown(SHUTDOWN_GRACE);
        stopQuietly(runner);
        remote.close();
        queue.close();
        observed.close();
        accounts.close();
        LOG.info("stopped");
    }

    /**
     * The HTTP listener (docs/OPERATIONS.md), when {@code http.listen} is set: it advertises the
     * mail listeners just opened, with their bound ports where the configuration says 0.
     */
    private static Optional<HttpListener> http(Settings settings, Optional<TlsContext> tls, AccountStore accounts,
                                               List<Listener> mail, Observability observed) throws IOException {
        if (settings.http().listen().isEmpty()) {
            return Optional.empty();
        }
        if (settings.http().tls() && tls.isEmpty()) {
            throw new IOException("http.tls = true needs tls.cert and tls.key");
        }
        var endpoints = ClientEndpoints.of(settings, name -> mail.stream()
                .filter(l -> l.name().equals(name)).map(Listener::port).toList());
        var site = new HttpListener.Site(endpoints, accounts::hosts, observed::scrape);
        return Optional.of(HttpListener.open(settings.http().listen(),
                settings.http().tls() ? tls : Optional.empty(), site));
    }

    private void announce(PrintStream out) {
        for (Listener listener : listeners.all()) {
            InetSocketAddress a = listener.address();
            out.println("postern: " + listener.name() + " listening on " + a.getAddress().getHostAddress() + ":"
                    + listener.port());
        }
        http.ifPresent(h -> h.ports().forEach(port -> out.println("postern: http listening on port " + port)));
        out.flush();
    }

    /**
     * SMTP AUTH and POP3 logins: the account store's hashes behind the login throttle
     * (docs/AUTH.md), whose counts live in the accounts database so {@code postern auth
     * status|unban} sees and lifts them.
     */
    private static Authenticator authenticator(Settings.Auth auth, AccountStore accounts, Clock clock,
                                               FutureTask<String> dummyHash) {
        var allowlist = auth.throttleAllowlist();
        var throttle = new JdbcAuthThrottle(accounts.dataSource(), ThrottleRules.DEFAULTS,
                ip -> allowlist.stream().anyMatch(block -> block.contains(ip)));
        return new Authenticator(accounts::passwordHash, PasswordHash::verify, () -> join(dummyHash), throttle, clock);
    }

    /**
     * The hash verified when the user is unknown, so that costs as long as a wrong password. Made
     * in the background once the listeners are open (Argon2 with Dovecot's 64 MiB costs seconds on
     * a loaded box, and start-up need not wait for it), or by the first login that needs it first.
     */
    private static FutureTask<String> dummyHash() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new FutureTask<>(() -> PasswordHash.hash(Base64.getEncoder().encodeToString(secret).toCharArray()));
    }

    private static String join(FutureTask<String> task) {
        task.run(); // makes it here unless it has been made or is being made already
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the dummy hash", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot make the dummy hash", e.getCause());
        }
    }

    private static SenderIdentity senderIdentity(Settings.Auth auth, AccountStore accounts) {
        var mode = SenderCheck.Mode.valueOf(auth.senderCheck().name());
        return mode == SenderCheck.Mode.OFF ? SenderIdentity.UNCHECKED
                : new SenderIdentity(new SenderCheck(mode), accounts::aliasesOf);
    }

    /**
     * Starts reading the configured (or {@code init}-generated) certificate and building the TLS
     * context on a thread of its own; the files must already exist ({@link Admin#init} makes them).
     */
    public static Future<Optional<TlsContext>> loadTls(Settings settings) {
        var task = new FutureTask<>(() -> tlsContext(settings));
        Thread.ofPlatform().name("tls-load").daemon().start(task);
        return task;
    }

    private static Optional<TlsContext> awaitTls(Future<Optional<TlsContext>> loading)
            throws IOException, GeneralSecurityException {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the TLS certificate", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case GeneralSecurityException security -> throw security;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /** The certificate; none only when the files are missing. */
    private static Optional<TlsContext> tlsContext(Settings settings) throws IOException, GeneralSecurityException {
        var tls = settings.tls();
        if (!java.nio.file.Files.exists(tls.cert()) || !java.nio.file.Files.exists(tls.key())) {
            LOG.warn("no TLS certificate at {}: STARTTLS and implicit TLS are off", tls.cert());
            return Optional.empty();
        }
        PemKeyMaterial pem = PemKeyMaterial.load(tls.cert(), tls.key());
        return Optional.of(TlsContext.of(pem.chain().toArray(X509Certificate[]::new), pem.privateKey()));
    }

    private static void applyLogLevel(String level) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(level, Level.INFO));
        }
    }

    private static void stopQuietly(QueueRunner runner) {
        if (runner == null) {
            return;
        }
        try {
            runner.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
