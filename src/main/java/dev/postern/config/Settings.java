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
        Delivery delivery) {

    /** The SQLite database of domains, users and aliases. */
    public Path database() {
        return dataDir.resolve("postern.db");
    }

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
     */
    public record Delivery(String routes, String relayhost, String relayhostAuth, String relayhostTls,
                           List<InetSocketAddress> dnsServers) {
        public Delivery {
            dnsServers = List.copyOf(dnsServers);
        }
    }

    /** How long a POP3 login opens relaying for the client's IP; zero = off. */
    public record PopBeforeSmtp(Duration window) {}

    /** {@code level} is one of trace, debug, info, warn, error. */
    public record Log(String level) {}
}
