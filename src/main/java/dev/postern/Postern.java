package dev.postern;

import ch.qos.logback.classic.Level;
import dev.postern.accounts.AccountStore;
import dev.postern.admin.Admin;
import dev.postern.auth.Authenticator;
import dev.postern.auth.PasswordHash;
import dev.postern.config.PemKeyMaterial;
import dev.postern.config.Settings;
import dev.postern.delivery.LocalDelivery;
import dev.postern.delivery.Router;
import dev.postern.intake.Intake;
import dev.postern.intake.SenderIdentity;
import dev.postern.limits.JdbcAuthThrottle;
import dev.postern.limits.ThrottleRules;
import dev.postern.mailbox.MaildirStore;
import dev.postern.net.ConnectionCaps;
import dev.postern.net.Listener;
import dev.postern.net.ListenerSpec;
import dev.postern.net.Listeners;
import dev.postern.net.PrivilegedPortException;
import dev.postern.net.TlsContext;
import dev.postern.net.TlsMode;
import dev.postern.policy.RelayPolicy;
import dev.postern.policy.SenderCheck;
import dev.postern.queue.Queue;
import dev.postern.queue.QueueRunner;
import dev.postern.queue.RetrySchedule;
import dev.postern.smtp.server.AuthPolicy;
import dev.postern.smtp.server.Authentication;
import dev.postern.smtp.server.Inbound;
import dev.postern.smtp.server.SessionSettings;
import dev.postern.smtp.server.SmtpSession;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * and you have the architecture: accounts, the queue and its runner (local delivery through the
 * router), intake behind the SMTP sessions, and the listeners in front of them.
 */
public final class Postern implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Postern.class);

    /** Sessions in flight get this long to finish on SIGTERM; then their sockets are closed. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    private static final int DELIVERY_CONCURRENCY = 8;
    /** A port below 1024 that a non-root user cannot bind is replaced by this much higher one. */
    private static final int UNPRIVILEGED_OFFSET = 10_000;

    private final AccountStore accounts;
    private final Queue queue;
    private final QueueRunner runner;
    private final Listeners listeners;

    private Postern(AccountStore accounts, Queue queue, QueueRunner runner, Listeners listeners) {
        this.accounts = accounts;
        this.queue = queue;
        this.runner = runner;
        this.listeners = listeners;
    }

    /** Builds and starts every part; a failure closes whatever had already started. */
    public static Postern start(Settings settings) throws IOException, GeneralSecurityException {
        Admin.init(settings);
        Clock clock = Clock.systemUTC();
        AccountStore accounts = AccountStore.open(settings.database());
        Queue queue = null;
        QueueRunner runner = null;
        try {
            queue = new Queue(settings.queueDir(), clock);
            var recovered = queue.recover();
            var local = new LocalDelivery(new MaildirStore(settings.mailDir(), settings.hostname()));
            runner = new QueueRunner(queue, new Router(accounts::hosts, local),
                    retrySchedule(settings.queue()), clock, DELIVERY_CONCURRENCY);
            runner.start(recovered);
            var intake = new Intake(accounts, new RelayPolicy(settings.relay().trustedNetworks()), queue,
                    settings.hostname(), clock, ip -> false, senderIdentity(settings.auth(), accounts));
            Listeners listeners = openSmtpListeners(settings, tlsContext(settings), intake,
                    authentication(settings.auth(), accounts, clock));
            return new Postern(accounts, queue, runner, listeners);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            stopQuietly(runner);
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

    @Override
    public void close() {
        listeners.shutdown(SHUTDOWN_GRACE);
        stopQuietly(runner);
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
     * SMTP AUTH: the account store's hashes behind the login throttle (docs/AUTH.md), whose counts
     * live in the accounts database so {@code postern auth status|unban} sees and lifts them.
     */
    private static Authentication authentication(Settings.Auth auth, AccountStore accounts, Clock clock) {
        var allowlist = auth.throttleAllowlist();
        var throttle = new JdbcAuthThrottle(accounts.dataSource(), ThrottleRules.DEFAULTS,
                ip -> allowlist.stream().anyMatch(block -> block.contains(ip)));
        // Verified when the user is unknown, so that costs as long as a wrong password.
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String dummyHash = PasswordHash.hash(Base64.getEncoder().encodeToString(secret).toCharArray());
        return new Authenticator(accounts::passwordHash, PasswordHash::verify, dummyHash, throttle, clock)::authenticate;
    }

    private static SenderIdentity senderIdentity(Settings.Auth auth, AccountStore accounts) {
        var mode = SenderCheck.Mode.valueOf(auth.senderCheck().name());
        return mode == SenderCheck.Mode.OFF ? SenderIdentity.UNCHECKED
                : new SenderIdentity(new SenderCheck(mode), accounts::aliasesOf);
    }

    private static Listeners openSmtpListeners(Settings settings, Optional<TlsContext> tls, Inbound intake,
                                               Authentication authentication) throws IOException {
        var caps = new ConnectionCaps(settings.smtp().maxConnections(), settings.smtp().maxConnectionsPerIp());
        byte[] refusal = ("421 4.7.0 " + settings.hostname() + " Error: too many connections, try again later\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Listener> opened = new ArrayList<>();
        try {
            for (var address : settings.listen().smtp()) {
                opened.add(openSmtp(settings, "smtp", address, new TlsMode.Plain(tls), refusal, caps, intake,
                        authentication, AuthPolicy.Role.MTA));
            }
            for (var address : settings.listen().submission()) {
                opened.add(openSmtp(settings, "submission", address, new TlsMode.Plain(tls), refusal, caps, intake,
                        authentication, AuthPolicy.Role.SUBMISSION));
            }
            for (var address : settings.listen().submissions()) {
                TlsContext context = tls.orElseThrow(() -> new IOException("submissions.listen needs tls.cert and tls.key"));
                opened.add(openSmtp(settings, "submissions", address, new TlsMode.Implicit(context, HANDSHAKE_TIMEOUT),
                        refusal, caps, intake, authentication, AuthPolicy.Role.SUBMISSION));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Listener::close);
            throw e;
        }
        return new Listeners(opened);
    }

    private static Listener openSmtp(Settings settings, String name, InetSocketAddress address, TlsMode mode,
                                     byte[] refusal, ConnectionCaps caps, Inbound intake,
                                     Authentication authentication, AuthPolicy.Role role) throws IOException {
        SessionSettings session = sessionSettings(settings, mode, role);
        var spec = new ListenerSpec(name, address, mode, refusal, settings.smtp().commandTimeout());
        try {
            return Listener.open(spec, caps,
                    connection -> new SmtpSession(connection, intake, session, authentication).run());
        } catch (PrivilegedPortException e) {
            var fallback = new InetSocketAddress(address.getAddress(), address.getPort() + UNPRIVILEGED_OFFSET);
            LOG.warn("{}: cannot bind port {} without root; listening on {} instead", name, address.getPort(),
                    fallback.getPort());
            return Listener.open(new ListenerSpec(name, fallback, mode, refusal, spec.initialReadTimeout()), caps,
                    connection -> new SmtpSession(connection, intake, session, authentication).run());
        }
    }

    private static SessionSettings sessionSettings(Settings settings, TlsMode mode, AuthPolicy.Role role) {
        boolean implicit = mode instanceof TlsMode.Implicit;
        boolean startTls = mode instanceof TlsMode.Plain plain && plain.starttls().isPresent();
        var smtp = settings.smtp();
        return new SessionSettings(settings.hostname(), startTls, implicit, settings.messageSizeLimit(),
                smtp.maxRecipients(), smtp.maxBadCommands(), 2048, smtp.commandTimeout(), smtp.dataTimeout(),
                smtp.commandTimeout(), smtp.dataDeadline(), authPolicy(settings.auth(), role));
    }

    private static AuthPolicy authPolicy(Settings.Auth auth, AuthPolicy.Role role) {
        AuthPolicy.ClearText clearText = !auth.requireTls() ? AuthPolicy.ClearText.ALLOWED
                : auth.allowPlaintextLoopback() ? AuthPolicy.ClearText.LOOPBACK_ONLY : AuthPolicy.ClearText.REFUSED;
        return new AuthPolicy(role, clearText, auth.legacyAdvertise());
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

    private static RetrySchedule retrySchedule(Settings.Queue queue) {
        return new RetrySchedule(queue.retryFirst(), queue.retryMax(), queue.maxLifetime());
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
