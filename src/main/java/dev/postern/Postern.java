package dev.postern;

import ch.qos.logback.classic.Level;
import dev.postern.accounts.AccountStore;
import dev.postern.admin.Admin;
import dev.postern.config.PemKeyMaterial;
import dev.postern.config.Settings;
import dev.postern.auth.Authenticator;
import dev.postern.auth.PasswordHash;
import dev.postern.delivery.DeliveryListener;
import dev.postern.delivery.RemoteDelivery;
import dev.postern.intake.Intake;
import dev.postern.intake.SenderIdentity;
import dev.postern.limits.JdbcAuthThrottle;
import dev.postern.limits.ThrottleRules;
import dev.postern.limits.JdbcGrantStore;
import dev.postern.limits.PopBeforeSmtp;
import dev.postern.net.Listener;
import dev.postern.net.Listeners;
import dev.postern.net.TlsContext;
import dev.postern.policy.RelayPolicy;
import dev.postern.policy.SenderCheck;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueRunner;
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

    private Postern(AccountStore accounts, Queue queue, QueueRunner runner, RemoteDelivery remote,
                    Listeners listeners) {
        this.accounts = accounts;
        this.queue = queue;
        this.runner = runner;
        this.remote = remote;
        this.listeners = listeners;
    }

    /** Builds and starts every part; a failure closes whatever had already started. */
    public static Postern start(Settings settings) throws IOException, GeneralSecurityException {
        Admin.init(settings);
        Clock clock = Clock.systemUTC();
        AccountStore accounts = AccountStore.open(settings.database());
        Queue queue = null;
        RemoteDelivery remote = null;
        QueueRunner runner = null;
        try {
            queue = new Queue(settings.queueDir(), clock, dev.postern.queue.Durability.FSYNC,
                    settings.queue().minFreeSpace());
            var recovered = queue.recover();
            remote = DeliveryService.remote(settings, DeliveryListener.NONE);
            runner = DeliveryService.runner(settings, queue, accounts, remote, clock);
            runner.start(recovered);
            var grants = new PopBeforeSmtp(new JdbcGrantStore(accounts.dataSource()),
                    settings.popBeforeSmtp().window());
            var intake = new Intake(accounts, new RelayPolicy(settings.relay().trustedNetworks(),
                    settings.popBeforeSmtp().window()), queue, settings.hostname(), clock,
                    ip -> grants.active(ip, clock.instant()).isPresent(), senderIdentity(settings.auth(), accounts));
            Authenticator authenticator = authenticator(settings.auth(), accounts, clock);
            Optional<TlsContext> tls = tlsContext(settings);
            List<Listener> opened = new ArrayList<>(SmtpService.open(settings, tls, intake, authenticator::authenticate));
            try {
                opened.addAll(Pop3Service.open(settings, tls, authenticator, grants, clock));
            } catch (IOException | RuntimeException e) {
                opened.forEach(Listener::close);
                throw e;
            }
            return new Postern(accounts, queue, runner, remote, new Listeners(opened));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            stopQuietly(runner);
            if (remote != null) {
                remote.close();
            }
            if (queue != null) {
                queue.close();
            }
            accounts.close();
            throw e;
        }
    }

    /**
     * Runs in the foreground until SIGTERM (or SIGINT): prints where it listens, then on the
     * signal stops accepting, lets sessions in flight finish, stops the queue runner and closes.
     * Nothing acknowledged is lost either way: a 250 was only sent once the message was on disk.
     */
    public static void serve(Settings settings) throws Exception {
        applyLogLevel(settings.log().level());
        Postern postern = start(settings);
        postern.announce(System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: no new connections, {} in flight get up to {}s", postern.listeners.active(),
                    SHUTDOWN_GRACE.toSeconds());
            postern.close();
            stopped.countDown();
        }, "postern-shutdown"));
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

    @Override
    public void close() {
        listeners.shutdown(SHUTDOWN_GRACE);
        stopQuietly(runner);
        remote.close();
        queue.close();
        accounts.close();
        LOG.info("stopped");
    }

    private void announce(PrintStream out) {
        for (Listener listener : listeners.all()) {
            InetSocketAddress a = listener.address();
            out.println("postern: " + listener.name() + " listening on " + a.getAddress().getHostAddress() + ":"
                    + listener.port());
        }
        out.flush();
    }

    /**
     * SMTP AUTH and POP3 logins: the account store's hashes behind the login throttle
     * (docs/AUTH.md), whose counts live in the accounts database so {@code postern auth
     * status|unban} sees and lifts them.
     */
    private static Authenticator authenticator(Settings.Auth auth, AccountStore accounts, Clock clock) {
        var allowlist = auth.throttleAllowlist();
        var throttle = new JdbcAuthThrottle(accounts.dataSource(), ThrottleRules.DEFAULTS,
                ip -> allowlist.stream().anyMatch(block -> block.contains(ip)));
        // Verified when the user is unknown, so that costs as long as a wrong password.
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String dummyHash = PasswordHash.hash(Base64.getEncoder().encodeToString(secret).toCharArray());
        return new Authenticator(accounts::passwordHash, PasswordHash::verify, dummyHash, throttle, clock);
    }

    private static SenderIdentity senderIdentity(Settings.Auth auth, AccountStore accounts) {
        var mode = SenderCheck.Mode.valueOf(auth.senderCheck().name());
        return mode == SenderCheck.Mode.OFF ? SenderIdentity.UNCHECKED
                : new SenderIdentity(new SenderCheck(mode), accounts::aliasesOf);
    }

    /** The configured (or {@code init}-generated) certificate; none only when the files are missing. */
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
