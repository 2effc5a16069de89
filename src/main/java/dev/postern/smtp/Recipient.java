package dev.postern.smtp;

import java.util.Optional;
import java.util.Set;

/**
 * One RCPT TO forward path with its DSN parameters (RFC 3461 §4): {@code NOTIFY} as {@code notifyOn} (empty set = not
 * given, so the default applies) and {@code ORCPT} kept as sent ({@code addr-type;xtext}).
 */
public record Recipient(MailAddress address, Set<Notify> notifyOn, Optional<String> orcpt) {

    public Recipient {
        notifyOn = Set.copyOf(notifyOn);
    }

    public static Recipient of(MailAddress address) {
        return new Recipient(address, Set.of(), Optional.empty());
    }

    /** RFC 3461 §4.1 NOTIFY values. NEVER stands alone. */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    @Override
    public String toString() {
        return "<" + address + ">";
    }
}
