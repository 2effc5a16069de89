package dev.postern.explain;

import dev.postern.net.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The answer of {@code postern explain IP|ADDRESS}: the recent events of a client address or of an
 * address (as sender, recipient or login), oldest first, one plain sentence each, and after the
 * newest refusal what fixes it.
 */
public final class Explainer {

    static final int SHOWN = 10;
    private static final Pattern LIMITED_DOMAIN = Pattern.compile("^Domain (\\S+) has exceeded the max ");

    private final EventStore store;
    private final DateTimeFormatter time;

    public Explainer(EventStore store, ZoneId zone) {
        this.store = store;
        this.time = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    /** {@code target} is an IP address literal or a mail address; an empty answer says so in words. */
    public List<String> explain(String target) {
        String t = target.strip();
        Optional<String> ip = Cidr.literal(t).map(a -> a.getHostAddress());
        List<Event> newestFirst = ip.isPresent() ? store.forClient(ip.get(), SHOWN) : store.forAddress(t, SHOWN);
        if (newestFirst.isEmpty()) {
            return List.of("Nothing recorded for " + t + " in the last " + EventRecorder.MAX_AGE.toHours()
                    + " hours: no refusals, failed logins or POP-before-SMTP grants.");
        }
        Event lastRefusal = newestFirst.stream().filter(e -> e.kind().refusal()).findFirst().orElse(null);
        var lines = new ArrayList<String>();
        for (Event event : newestFirst.reversed()) {
            String sentence = sentence(event);
            lines.add(event == lastRefusal ? sentence + " Fix: " + fix(event) : sentence);
        }
        return lines;
    }

    private String sentence(Event e) {
        String at = time.format(e.at());
        String who = e.account().orElse("(unknown)");
        return switch (e.kind()) {
            case RELAY_REFUSED -> at + " RCPT to " + rcpt(e) + " from " + e.client() + sender(e)
                    + " refused: not authenticated" + grantClause(e) + ".";
            case RECIPIENT_REFUSED -> at + " RCPT to " + rcpt(e) + " from " + e.client() + sender(e) + " refused: "
                    + ended(e.detail());
            case SENDER_REFUSED -> at + " MAIL FROM " + e.sender().map(s -> "<" + s + ">").orElse("<>") + " by "
                    + who + " from " + e.client() + " refused: " + ended(e.detail());
            case SIZE_REFUSED -> at + " message from " + e.client() + " refused: too big (" + e.detail() + ").";
            case TLS_REQUIRED -> at + " login from " + e.client() + " refused: the connection is not encrypted.";
            case AUTH_REQUIRED -> at + " MAIL from " + e.client() + " on a submission port refused: not logged in.";
            case AUTH_FAILED -> at + " " + e.detail().toUpperCase(Locale.ROOT) + " login as " + who
                    + " from " + e.client() + " failed: wrong user name or password.";
            case AUTH_THROTTLED -> at + " " + e.detail().toUpperCase(Locale.ROOT) + " login as " + who
                    + " from " + e.client() + " refused without checking the password: too many failed logins"
                    + until(e, ", blocked until ") + ".";
            case POP_GRANT -> at + " POP3 login as " + who + " from " + e.client()
                    + ": this IP may send without SMTP authentication" + until(e, " until ") + " (POP-before-SMTP).";
            case LIMIT_BLOCKED -> at + " mail" + e.sender().map(s -> " from <" + s + ">").orElse("") + " ("
                    + e.client() + ") blocked by the sending limits" + until(e, " until ") + ": " + ended(e.detail());
        };
    }

    private String fix(Event e) {
        return switch (e.kind()) {
            case RELAY_REFUSED -> "turn on SMTP authentication"
                    + (popBeforeSmtpOn(e) ? ", or check mail before sending." : " in the mail program.");
            case RECIPIENT_REFUSED -> "check the recipient's address (postern user list shows who is hosted here).";
            case SENDER_REFUSED -> "send as the account's own address or one of its aliases (postern alias add), "
                    + "or relax submission.sender_check.";
            case SIZE_REFUSED -> "send smaller attachments (or a link), or raise message_size_limit.";
            case TLS_REQUIRED -> "turn on SSL/TLS for the outgoing server in the mail program "
                    + "(STARTTLS on port 587, or SSL on port 465).";
            case AUTH_REQUIRED -> "turn on SMTP authentication in the mail program, with the mailbox's user name "
                    + "and password.";
            case AUTH_FAILED -> "check the user name (the whole address) and the password in the mail program; "
                    + "postern user passwd ADDRESS sets a new password.";
            case AUTH_THROTTLED -> "correct the password in the mail program, then wait" + until(e, " until ")
                    + " or lift the block now with postern auth unban " + e.client() + ".";
            case LIMIT_BLOCKED -> "wait: sending resumes by itself" + until(e, " at ") + "; or find out why the "
                    + "domain's mail is deferred or bounced (postern queue list), then lift the block now with "
                    + "postern limits reset " + limitedDomain(e.detail()) + ".";
            case POP_GRANT -> "nothing to fix.";
        };
    }

    /** Why POP-before-SMTP did not let this client relay, when the server offers it. */
    private String grantClause(Event refusal) {
        if (!popBeforeSmtpOn(refusal)) {
            return "";
        }
        Optional<Event> grant = store.forClient(refusal.client(), EventRecorder.KEEP_PER_CLIENT).stream()
                .filter(e -> e.kind() == Event.Kind.POP_GRANT && !e.at().isAfter(refusal.at())).findFirst();
        if (grant.isEmpty() || grant.get().until().isEmpty()) {
            return "; this IP has no POP-before-SMTP grant (no POP3 login from it recorded)";
        }
        Instant end = grant.get().until().get();
        Duration window = grant.get().grantWindow().orElse(Duration.between(grant.get().at(), end));
        return end.isAfter(refusal.at())
                ? "; this IP's POP-before-SMTP grant (until " + time.format(end) + ") had been revoked"
                : "; this IP's POP-before-SMTP grant expired at " + time.format(end) + " (" + window(window) + ")";
    }

    private static String window(Duration window) {
        long seconds = window.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + "-minute window" : seconds + "-second window";
    }

    /** The relay refusal names POP3 as a cure only when {@code pop_before_smtp.window} is not zero. */
    private static boolean popBeforeSmtpOn(Event refusal) {
        return refusal.detail().contains("POP3");
    }

    /** A reply text as a sentence: with a full stop unless it has one. */
    /** The domain a sending-limit refusal names ("Domain example.com has exceeded …"). */
    private static String limitedDomain(String detail) {
        var m = LIMITED_DOMAIN.matcher(detail);
        return m.find() ? m.group(1) : "DOMAIN";
    }

    private static String ended(String text) {
        return text.endsWith(".") || text.endsWith("!") || text.endsWith("?") ? text : text + ".";
    }

    private static String rcpt(Event e) {
        return e.recipient().orElse("?");
    }

    private static String sender(Event e) {
        return e.sender().map(s -> " (sender <" + s + ">)").orElse("");
    }

    private String until(Event e, String prefix) {
        return e.until().map(u -> prefix + time.format(u)).orElse("");
    }
}
