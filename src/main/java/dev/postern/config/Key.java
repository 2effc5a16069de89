package dev.postern.config;

/**
 * Every configuration key, with its default and its documentation. This table is the single
 * source for parsing ({@link SettingsLoader}), for {@code postern config} and for
 * {@code docs/CONFIG.md} (a test keeps the doc in step). Key names are a contract: never rename.
 */
public enum Key {
    HOSTNAME("hostname", "",
            "Name this server gives itself in greetings, Received: headers and its certificate. "
                    + "Default: the machine's host name, or localhost."),
    DATA_DIR("data_dir", "./data",
            "Directory holding the database (postern.db), mailboxes (mail/), the queue (queue/), "
                    + "the default certificate (tls/) and SQLite's native library (lib/)."),
    SMTP_LISTEN("smtp.listen", "0.0.0.0:25",
            "Comma-separated host:port list for SMTP relay/MX (port 25 and alternates such as 50 "
                    + "or 2525, which behave exactly alike). Literal IPs or localhost; empty = off."),
    SUBMISSION_LISTEN("submission.listen", "0.0.0.0:587",
            "Comma-separated host:port list for message submission with STARTTLS (RFC 6409); "
                    + "empty = off."),
    SUBMISSIONS_LISTEN("submissions.listen", "0.0.0.0:465",
            "Comma-separated host:port list for submission over implicit TLS (RFC 8314); "
                    + "empty = off."),
    POP3_LISTEN("pop3.listen", "0.0.0.0:110",
            "Comma-separated host:port list for POP3 with STLS (RFC 1939, RFC 2595); empty = off."),
    POP3S_LISTEN("pop3s.listen", "0.0.0.0:995",
            "Comma-separated host:port list for POP3 over implicit TLS (RFC 8314); empty = off."),
    POP_BEFORE_SMTP_WINDOW("pop_before_smtp.window", "30m",
            "How long a successful POP3 login lets that client IP relay through SMTP like an "
                    + "authenticated client; 0 turns POP-before-SMTP off."),
    TLS_CERT("tls.cert", "",
            "PEM certificate chain. Empty = <data_dir>/tls/cert.pem, a self-signed certificate "
                    + "created by postern init."),
    TLS_KEY("tls.key", "",
            "PEM private key (PKCS#1 or PKCS#8, RSA or EC). Empty = <data_dir>/tls/key.pem."),
    MESSAGE_SIZE_LIMIT("message_size_limit", "52428800",
            "Largest message accepted, in bytes (suffixes k, M, G allowed); announced as SIZE "
                    + "(RFC 1870)."),
    RELAY_TRUSTED_NETWORKS("relay.trusted_networks", "",
            "Comma-separated CIDR networks whose clients may relay without authenticating. "
                    + "Empty = none."),
    SMTP_MAX_CONNECTIONS("smtp.max_connections", "1000",
            "Most simultaneous SMTP connections over all listeners."),
    SMTP_MAX_CONNECTIONS_PER_IP("smtp.max_connections_per_ip", "20",
            "Most simultaneous SMTP connections from one client IP address."),
    SMTP_MAX_RECIPIENTS("smtp.max_recipients", "100",
            "Most RCPT TO accepted in one transaction (RFC 5321 §4.5.3.1.8 asks for at least 100)."),
    SMTP_MAX_BAD_COMMANDS("smtp.max_bad_commands", "20",
            "Session is closed after this many unknown or invalid commands."),
    SMTP_COMMAND_TIMEOUT("smtp.command_timeout", "5m",
            "Idle time allowed while waiting for a command (RFC 5321 §4.5.3.2.7: 5 minutes)."),
    SMTP_DATA_TIMEOUT("smtp.data_timeout", "3m",
            "Idle time allowed between data blocks after DATA (RFC 5321 §4.5.3.2.5: 3 minutes)."),
    SMTP_DATA_DEADLINE("smtp.data_deadline", "30m",
            "Longest time one message body may take to arrive, however steadily it trickles."),
    AUTH_REQUIRE_TLS("auth.require_tls", "true",
            "SMTP AUTH only after STARTTLS or on implicit TLS: not advertised before, refused in clear "
                    + "with 538 5.7.11 (RFC 4954). false = also in clear (not recommended)."),
    AUTH_ALLOW_PLAINTEXT_LOOPBACK("auth.allow_plaintext_loopback", "false",
            "With auth.require_tls, still allow AUTH in clear from loopback clients (127.0.0.0/8, ::1), "
                    + "e.g. a local webmail."),
    AUTH_LEGACY_ADVERTISE("auth.legacy_advertise", "true",
            "Also advertise the pre-standard EHLO line AUTH=PLAIN LOGIN, which Outlook Express and old "
                    + "Outlook versions need to offer authentication."),
    AUTH_THROTTLE_ALLOWLIST("auth.throttle_allowlist", "",
            "Comma-separated CIDR networks whose failed logins are never counted nor banned (e.g. a "
                    + "webmail front end). Empty = none."),
    SUBMISSION_SENDER_CHECK("submission.sender_check", "strict",
            "Which envelope senders an authenticated user may use: strict = its own address and its "
                    + "aliases; domain = also any address of its domain; off = any (553 5.7.1 otherwise)."),
    QUEUE_RETRY_FIRST("queue.retry_first", "5m",
            "Delay before the first retry of a temporarily failed delivery; doubles each time."),
    QUEUE_RETRY_MAX("queue.retry_max", "1h",
            "Longest delay between two delivery attempts."),
    QUEUE_MAX_LIFETIME("queue.max_lifetime", "5d",
            "Age after which an undeliverable message is bounced (RFC 5321 §4.5.4.1: 4-5 days)."),
    QUEUE_DELAY_WARNING("queue.delay_warning", "4h",
            "After how long a still-deferred message gets one delay notice to its sender (RFC 3464 "
                    + "Action: delayed)."),
    QUEUE_MIN_FREE_SPACE("queue.min_free_space", "100M",
            "Free space (bytes; k, M, G allowed) the queue's file system must keep: below it MAIL FROM "
                    + "answers 452 4.3.1 (so does a SIZE= larger than the space above it); 0 = check only SIZE."),
    DELIVERY_ROUTES("delivery.routes", "",
            "Comma-separated domain=host:port next hops, checked before the relay host and DNS "
                    + "(like a Postfix transport map); IPv6 as [::1]:25. Empty = none."),
    DELIVERY_RELAYHOST("delivery.relayhost", "",
            "host:port of a smarthost for all remote mail not covered by delivery.routes (for hosts "
                    + "whose own port 25 is blocked). Empty = deliver by MX."),
    DELIVERY_RELAYHOST_AUTH("delivery.relayhost_auth", "",
            "user:password for AUTH PLAIN at the relay host; needs delivery.relayhost_tls = starttls "
                    + "or implicit."),
    DELIVERY_RELAYHOST_TLS("delivery.relayhost_tls", "",
            "none, starttls (required) or implicit (TLS from the first byte); empty = STARTTLS when "
                    + "offered."),
    DELIVERY_LOCAL_AT_INTAKE("delivery.local_at_intake", "true",
            "true: a message whose every recipient is in a hosted domain is written straight into the "
                    + "Maildirs (fsynced) before its 250, without a queue file; false: queue it like all mail."),
    DNS_SERVERS("dns.servers", "",
            "Comma-separated host:port of DNS servers for MX/A/AAAA lookups (literal IPs). Empty = "
                    + "the system resolver."),
    LOG_LEVEL("log.level", "info",
            "Log threshold: trace, debug, info, warn or error."),
    LIMITS_WINDOW("limits.window", "clock-hour",
            "Over which hour the sending limits count (docs/LIMITS.md): clock-hour (13:00-13:59, as "
                    + "cPanel) or rolling (the last 60 minutes)."),
    LIMITS_MIN_DEFER_FAIL_TO_TRIGGER("limits.min_defer_fail_to_trigger", "5",
            "A sender domain is blocked once its deferred+failed remote deliveries this hour reach this "
                    + "number (and limits.max_defer_fail_percentage, when set)."),
    LIMITS_MAX_DEFER_FAIL_PERCENTAGE("limits.max_defer_fail_percentage", "off",
            "Also required for a block: deferred+failed at least this percent (1-100) of the domain's "
                    + "remote deliveries this hour; off = the count alone decides."),
    LIMITS_MAX_EMAILS_PER_HOUR("limits.max_emails_per_hour", "off",
            "Most messages with remote recipients a sender domain may send per hour; over it they are "
                    + "held until the next hour; off = no cap."),
    LIMITS_DEFER_CUTOFF_PERCENTAGE("limits.defer_cutoff_percentage", "125",
            "Messages over limits.max_emails_per_hour are held up to this percent of it (at least 100); "
                    + "past that they are refused at SMTP time."),
    LIMITS_ON_BLOCK("limits.on_block", "defer",
            "What happens to queued mail of a blocked domain: defer (held until the block ends) or fail "
                    + "(bounced with the block's text)."),
    LIMITS_COUNT_RETRIES("limits.count_retries", "false",
            "true = every deferred attempt counts (cPanel's way); false = a recipient deferred again "
                    + "within the hour counts once."),

    // ---- the shared database (docs/SCALING.md) ----
    DATABASE_URL("database.url", "",
            "JDBC URL of the database of domains, users, aliases, grants and counters. Empty = the "
                    + "embedded SQLite file <data_dir>/postern.db. Several nodes share one PostgreSQL: "
                    + "jdbc:postgresql://host:5432/postern?user=postern&password=… (user and password "
                    + "ride in the URL; keep the file readable by Postern only)."),
    DATABASE_POOL_SIZE("database.pool_size", "8",
            "Most connections this node keeps open to the database (shared by every session; a "
                    + "POP3 session on PostgreSQL holds one more of its own for its mailbox lock)."),
    HTTP_LISTEN("http.listen", "",
            "Comma-separated host:port list for the HTTP listener (client autoconfiguration, Autodiscover, "
                    + "Apple profiles, /metrics, /healthz; docs/OPERATIONS.md); empty = off."),
    HTTP_TLS("http.tls", "false",
            "true: the HTTP listener speaks HTTPS with tls.cert/tls.key; false: plain HTTP (behind a "
                    + "TLS-terminating proxy)."),
    INBOUND_DMARC_REJECT("inbound.dmarc_reject", "true",
            "Port 25, unauthenticated and untrusted clients: refuse (550 5.7.1) mail failing DMARC whose "
                    + "author domain publishes p=reject; false = accept and mark it (docs/DKIM.md)."),
    INBOUND_SPF_FAIL("inbound.spf_fail", "mark",
            "SPF fail (RFC 7208) on port 25: mark (Authentication-Results only) or reject (550 5.7.23, "
                    + "unless DKIM aligns with the From domain).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Key(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name written in the configuration file, e.g. {@code smtp.listen}. */
    public String key() {
        return key;
    }

    /** The value used when the file does not set this key (as it would be written in the file). */
    public String defaultValue() {
        // Looked up only when needed: a file that sets hostname never asks the resolver.
        return this == HOSTNAME ? Defaults.HOSTNAME : defaultValue;
    }

    /** The default as the docs show it: the host name is the machine's, not this build's. */
    public String documentedDefault() {
        if (this == HOSTNAME) {
            return "(this machine's host name)";
        }
        return defaultValue.isEmpty() ? "(empty)" : defaultValue;
    }

    /** The Markdown table of every key that {@code docs/CONFIG.md} carries (a test checks). */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Key k : values()) {
            out.append("| `").append(k.key).append("` | `").append(k.documentedDefault()).append("` | ")
                    .append(k.description.replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    public String description() {
        return description;
    }

    /** Finds a key by its file name, exactly as written (names are lower case). */
    public static java.util.Optional<Key> named(String name) {
        for (Key k : values()) {
            if (k.key.equals(name)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }

    /** Defaults computed from the machine, once. */
    private static final class Defaults {
        static final String HOSTNAME = Values.localHostName();
    }
}
