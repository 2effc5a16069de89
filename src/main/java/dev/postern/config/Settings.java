package dev.postern.config;

import dev.postern.net.Cidr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The effective settings of one Postern node, as a tree of records. Built only by
 * {@link SettingsLoader}; every field has passed validation, so users of a {@code Settings} never
 * re-check a value. The key behind each field is named in {@link Key}.
 */
public record Settings(
        String hostname,
        Path dataDir,
        Listeners listen,
        Tls tls,
        long messageSizeLimit,
        Relay relay,
        Smtp smtp,
        Auth auth,
        Queue queue,
        Log log,
        PopBeforeSmtp popBeforeSmtp,
        Delivery delivery,
        Limits limits,
        Database database,
        Http http,
        InboundChecks inbound) {

    public Path mailDir() {
        return dataDir.resolve("mail");
    }

    public Path queueDir() {
        return dataDir.resolve("queue");
    }

    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    /**
     * Addresses to listen on; an empty list turns that service off. {@code smtp} holds port 25 and
     * its alternates (50, 2525, …), which behave exactly alike.
     */
    public record Listeners(
            List<InetSocketAddress> smtp,
            List<InetSocketAddress> submission,
            List<InetSocketAddress> submissions,
            List<InetSocketAddress> pop3,
            List<InetSocketAddress> pop3s) {
        public Listeners {
            smtp = List.copyOf(smtp);
            submission = List.copyOf(submission);
            submissions = List.copyOf(submissions);
            pop3 = List.copyOf(pop3);
            pop3s = List.copyOf(pop3s);
        }
    }

    /** Certificate chain and private key (PEM); see {@link PemKeyMaterial#load}. */
    public record Tls(Path cert, Path key, Origin origin) {
        /** Whether the paths came from the file or are the defaults {@code init} creates. */
        public enum Origin { CONFIGURED, DEFAULT }
    }

    /** Networks whose clients may relay without authenticating. */
    public record Relay(List<Cidr> trustedNetworks) {
        public Relay {
            trustedNetworks = List.copyOf(trustedNetworks);
        }
    }

    public record Smtp(
            int maxConnections,
            int maxConnectionsPerIp,
            int maxRecipients,
            int maxBadCommands,
            Duration commandTimeout,
            Duration dataTimeout,
            Duration dataDeadline) {}

    /**
     * SMTP AUTH and submission (docs/AUTH.md): TLS before AUTH unless {@code requireTls} is off
     * (or the client is on loopback and {@code allowPlaintextLoopback}); the legacy {@code AUTH=}
     * EHLO line; addresses the login throttle never counts; which senders an account may use.
     */
    public record Auth(boolean requireTls, boolean allowPlaintextLoopback, boolean legacyAdvertise,
                       List<Cidr> throttleAllowlist, SenderCheck senderCheck) {
        public Auth {
            throttleAllowlist = List.copyOf(throttleAllowlist);
        }

        /** {@code submission.sender_check}: the account and its aliases; or its whole domain; or anything. */
        public enum SenderCheck { STRICT, DOMAIN, OFF }
    }

    /**
     * Retry schedule: first retry after {@code retryFirst}, doubling up to {@code retryMax};
     * {@code minFreeSpace} is the free space MAIL FROM insists on ({@code queue.min_free_space}).
     */
    public record Queue(Duration retryFirst, Duration retryMax, Duration maxLifetime, Duration delayWarning,
                        long minFreeSpace) {}

    /**
     * Outbound routing as written in the file: {@code delivery.routes}, {@code delivery.relayhost}
     * and its {@code _auth} and {@code _tls}; the delivery package parses and checks them at start.
     * {@code localAtIntake}: {@code delivery.local_at_intake}, hosted-only mail skips the queue.
     */
    public record Delivery(String routes, String relayhost, String relayhostAuth, String relayhostTls,
                           List<InetSocketAddress> dnsServers, boolean localAtIntake) {
        public Delivery {
            dnsServers = List.copyOf(dnsServers);
        }
    }

    /** How long a POP3 login opens relaying for the client's IP; zero = off. */
    public record PopBeforeSmtp(Duration window) {}

    /**
     * Per-sender-domain sending limits (docs/LIMITS.md), the defaults that per-domain overrides in
     * the database replace; the sending package applies them. Empty = off.
     */
    public record Limits(Window window, int minDeferFailToTrigger, java.util.OptionalInt maxDeferFailPercentage,
                         java.util.OptionalInt maxEmailsPerHour, int deferCutoffPercentage, OnBlock onBlock,
                         boolean countRetries) {

        /** {@code limits.window}: clock-hour or rolling. */
        public enum Window { CLOCK_HOUR, ROLLING }

        /** {@code limits.on_block}: defer or fail. */
        public enum OnBlock { DEFER, FAIL }
    }

    /**
     * {@code database.url} (a JDBC URL, resolved: the embedded default is
     * {@code jdbc:sqlite:<data_dir>/postern.db}) and {@code database.pool_size}.
     */
    public record Database(String url, int poolSize) {
        private static final String SQLITE = "jdbc:sqlite:";

        /** The embedded database at {@code file}. */
        public static Database sqlite(Path file, int poolSize) {
            return new Database(SQLITE + file, poolSize);
        }

        /** The SQLite file, when the database is the embedded one. */
        public java.util.Optional<Path> embeddedFile() {
            return url.startsWith(SQLITE) ? java.util.Optional.of(Path.of(url.substring(SQLITE.length())))
                    : java.util.Optional.empty();
        }

        @Override
        public String toString() {
            return embeddedFile().map(Path::toString).orElse("database.url"); // never print a password
        }
    }

    /**
     * SPF, DKIM and DMARC on mail from unauthenticated, untrusted clients (docs/DKIM.md):
     * {@code inbound.dmarc_reject} and {@code inbound.spf_fail}.
     */
    public record InboundChecks(boolean dmarcReject, SpfFail spfFail) {
        public enum SpfFail { REJECT, MARK }
    }

    /** {@code level} is one of trace, debug, info, warn, error. */
    public record Log(String level) {}

    /** The HTTP listener ({@code http.listen}, empty = off); HTTPS with the node's certificate when {@code tls}. */
    public record Http(List<InetSocketAddress> listen, boolean tls) {
        public Http {
            listen = List.copyOf(listen);
        }
    }
}
