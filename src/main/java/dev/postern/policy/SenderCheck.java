package dev.postern.policy;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.Status;
import java.util.Collection;
import java.util.Locale;

/**
 * May an authenticated account use this envelope sender? ({@code submission.sender_check}.) Pure:
 * the caller passes the account's aliases. Addresses compare in canonical form (lower case).
 * The null sender {@code <>} is always allowed: it claims no one's address, and clients send it
 * for their own delivery notifications.
 */
public final class SenderCheck {

    /** The values of {@code submission.sender_check}. */
    public enum Mode {
        /** The sender must be the account itself or one of its aliases (the default). */
        STRICT,
        /** As strict, or any address in the account's own domain. */
        DOMAIN,
        /** Any sender; for hosts whose customers send for third parties. */
        OFF;

        /** Parses a config value ({@code strict}, {@code domain}, {@code off}), any case. */
        public static Mode parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "strict" -> STRICT;
                case "domain" -> DOMAIN;
                case "off" -> OFF;
                default -> throw new IllegalArgumentException("submission.sender_check must be strict, domain or off, not '"
                        + value + "'");
            };
        }
    }

    /** The answer: allowed, or refused with the reply to send to MAIL FROM. */
    public sealed interface Verdict {
        record Allowed() implements Verdict {
        }

        record Refused(Reply reply) implements Verdict {
        }
    }

    private final Mode mode;

    public SenderCheck(Mode mode) {
        this.mode = mode;
    }

    /**
     * Checks {@code sender} for {@code account} (canonical {@code user@domain}) whose aliases
     * (canonical addresses) are {@code aliases}.
     */
    public Verdict check(String account, Collection<String> aliases, ReversePath sender) {
        return switch (sender) {
            case ReversePath.Null n -> new Verdict.Allowed();
            case ReversePath.Sender s -> check(MailAddress.parse(account), aliases, s.address());
        };
    }

    private Verdict check(MailAddress account, Collection<String> aliases, MailAddress sender) {
        String wanted = sender.canonical();
        boolean owned = wanted.equals(account.canonical())
                || aliases.stream().anyMatch(a -> a.strip().toLowerCase(Locale.ROOT).equals(wanted));
        return switch (mode) {
            case OFF -> new Verdict.Allowed();
            case STRICT -> owned ? new Verdict.Allowed() : refuse(sender, account,
                    "use " + account.canonical() + " or one of its aliases as the sender");
            case DOMAIN -> owned || sender.domain().equals(account.domain()) ? new Verdict.Allowed()
                    : refuse(sender, account, "use an address in " + account.domain() + " as the sender");
        };
    }

    private static Verdict refuse(MailAddress sender, MailAddress account, String cure) {
        // RFC 3463 §3.8: X.7.1, the sender is not authorized to send this message.
        return new Verdict.Refused(Reply.of(553, Status.DELIVERY_NOT_AUTHORIZED,
                "<" + sender + ">: Sender address rejected: not owned by user <" + account.canonical()
                        + ">; " + cure));
    }
}
