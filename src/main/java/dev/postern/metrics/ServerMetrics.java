package dev.postern.metrics;

import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Postern's own metrics, declared once (docs/METRICS.md lists them). Every method is quick, never
 * blocks and never throws, so sessions and delivery threads call it inline.
 */
public final class ServerMetrics {

    /** The SMTP verbs a reply is counted under; anything a client invented counts as {@code other}. */
    private static final Set<String> VERBS = Set.of("CONNECT", "EHLO", "HELO", "MAIL", "RCPT", "DATA", "BDAT",
            "RSET", "NOOP", "QUIT", "VRFY", "HELP", "STARTTLS", "AUTH", "TIMEOUT", "ERROR");

    private final Metrics registry = new Metrics();
    private final Counter connections = registry.counter("postern_connections_total",
            "Connections accepted, by listener (smtp, submission, submissions, pop3, pop3s).", "listener");
    private final Gauge sessions = registry.gauge("postern_sessions_active",
            "Sessions in progress, by listener.", "listener");
    private final Counter replies = registry.counter("postern_smtp_replies_total",
            "SMTP replies sent, by the command answered and the reply code.", "command", "code");
    private final Counter accepted = registry.counter("postern_messages_accepted_total",
            "Messages accepted (250 after DATA or the last BDAT: on disk).");
    private final Counter refused = registry.counter("postern_messages_refused_total",
            "Refused MAIL, RCPT and end-of-data replies, by reason.", "reason");
    private final Counter deliveries = registry.counter("postern_deliveries_total",
            "Delivery attempts per recipient, by relay (local, remote) and outcome (delivered, deferred, failed).",
            "relay", "outcome");
    private final Counter authFailures = registry.counter("postern_auth_failures_total",
            "Logins refused for a wrong user or password, by protocol (smtp, pop3).", "protocol");
    private final Counter authThrottled = registry.counter("postern_auth_throttled_total",
            "Logins refused unchecked because the client or account is throttled, by protocol.", "protocol");
    private final Counter popLogins = registry.counter("postern_pop3_logins_total",
            "Successful POP3 logins.");
    private final Counter grants = registry.counter("postern_pop_before_smtp_grants_total",
            "POP-before-SMTP grants recorded (one per POP3 login while the feature is on).");
    private final Counter limits = registry.counter("postern_limits_tripped_total",
            "Sending limits tripped, by sender domain.", "domain");
    private final Counter eventsDropped = registry.counter("postern_explain_events_dropped_total",
            "Events for postern explain not recorded (writer behind or database failing).");

    /** The page for {@code GET /metrics}; hand {@code metrics::scrape} to the HTTP listener. */
    public String scrape() {
        return registry.scrape();
    }

    /** For gauges and counters kept elsewhere (queue size, fsync batches). */
    public Metrics registry() {
        return registry;
    }

    public void sessionStarted(String listener) {
        connections.inc(listener);
        sessions.inc(listener);
    }

    public void sessionEnded(String listener) {
        sessions.dec(listener);
    }

    public void replied(String verb, int code) {
        replies.inc(VERBS.contains(verb) ? verb : "other", Integer.toString(code));
    }

    public void accepted() {
        accepted.inc();
    }

    public void refused(String reason) {
        refused.inc(reason);
    }

    public void delivery(String relay, String outcome) {
        deliveries.inc(relay, outcome);
    }

    public void authFailed(String protocol) {
        authFailures.inc(protocol);
    }

    public void authThrottled(String protocol) {
        authThrottled.inc(protocol);
    }

    public void popLogin() {
        popLogins.inc();
    }

    public void grant() {
        grants.inc();
    }

    public void limitTripped(String domain) {
        limits.inc(domain);
    }

    public void eventDropped() {
        eventsDropped.inc();
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        registry.gauge(name, help, value);
    }

    public void counter(String name, String help, DoubleSupplier value) {
        registry.counter(name, help, value);
    }
}
