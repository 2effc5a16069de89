package dev.postern.smtp.server;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ESMTP parameters of MAIL and RCPT (RFC 5321 §4.1.2 esmtp-param). Keywords are
 * case-insensitive; an unknown one gets 555 (RFC 5321 §4.1.1.11), a bad value or a repeated
 * keyword 501. ENVID and ORCPT are kept in their xtext form as sent (RFC 3461 §4).
 */
final class ParameterParser {

    private ParameterParser() {
    }

    sealed interface MailResult {
        record Parsed(MailParameters parameters) implements MailResult {}

        record Refused(Reply reply) implements MailResult {}
    }

    sealed interface RcptResult {
        record Parsed(Recipient recipient) implements RcptResult {}

        record Refused(Reply reply) implements RcptResult {}
    }

    static MailResult mail(String text) {
        OptionalLong size = OptionalLong.empty();
        MailParameters.Body body = MailParameters.Body.SEVEN_BIT;
        boolean smtputf8 = false;
        Optional<MailParameters.Ret> ret = Optional.empty();
        Optional<String> envid = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (String word : words(text)) {
            String keyword = keyword(word);
            String value = value(word);
            if (!seen.add(keyword)) {
                return new MailResult.Refused(SmtpReplies.badParameter("duplicate " + keyword + " parameter"));
            }
            Optional<Reply> bad = switch (keyword) {
                case "SIZE" -> digits(value) ? Optional.empty() : bad("bad SIZE parameter"); // RFC 1870 §3
                case "BODY" -> body(value).isPresent() ? Optional.empty() : bad("bad BODY parameter");
                case "SMTPUTF8" -> value == null ? Optional.empty() : bad("SMTPUTF8 takes no value"); // RFC 6531 §3.4
                case "RET" -> ret(value).isPresent() ? Optional.empty() : bad("bad RET parameter"); // RFC 3461 §4.3
                // RFC 3461 §4.4: ENVID is xtext of at most 100 characters
                case "ENVID" -> xtext(value) && value.length() <= 100 ? Optional.empty() : bad("bad ENVID parameter");
                default -> Optional.of(SmtpReplies.unsupportedParameter(keyword));
            };
            if (bad.isPresent()) {
                return new MailResult.Refused(bad.get());
            }
            switch (keyword) {
                case "SIZE" -> size = OptionalLong.of(Long.parseLong(value));
                case "BODY" -> body = body(value).orElseThrow();
                case "SMTPUTF8" -> smtputf8 = true;
                case "RET" -> ret = ret(value);
                default -> envid = Optional.of(value);
            }
        }
        return new MailResult.Parsed(new MailParameters(size, body, smtputf8, ret, envid));
    }

    static RcptResult rcpt(MailAddress address, String text) {
        Set<Recipient.Notify> notify = Set.of();
        Optional<String> orcpt = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (String word : words(text)) {
            String keyword = keyword(word);
            String value = value(word);
            if (!seen.add(keyword)) {
                return new RcptResult.Refused(SmtpReplies.badParameter("duplicate " + keyword + " parameter"));
            }
            switch (keyword) {
                case "NOTIFY" -> {
                    Optional<Set<Recipient.Notify>> parsed = notify(value);
                    if (parsed.isEmpty()) {
                        return new RcptResult.Refused(SmtpReplies.badParameter("bad NOTIFY parameter"));
                    }
                    notify = parsed.get();
                }
                case "ORCPT" -> {
                    if (!orcpt(value)) {
                        return new RcptResult.Refused(SmtpReplies.badParameter("bad ORCPT parameter"));
                    }
                    orcpt = Optional.of(value);
                }
                default -> {
                    return new RcptResult.Refused(SmtpReplies.unsupportedParameter(keyword));
                }
            }
        }
        return new RcptResult.Parsed(new Recipient(address, notify, orcpt));
    }

    /** Compiled once: {@code String.split(" +")} would compile the expression on every command. */
    private static final Pattern SPACES = Pattern.compile(" +");

    private static String[] words(String text) {
        return text.isEmpty() ? new String[0] : SPACES.split(text);
    }

    private static String keyword(String word) {
        int equals = word.indexOf('=');
        return CommandParser.asciiUpper(equals < 0 ? word : word.substring(0, equals));
    }

    private static String value(String word) {
        int equals = word.indexOf('=');
        return equals < 0 ? null : word.substring(equals + 1);
    }

    private static Optional<Reply> bad(String message) {
        return Optional.of(SmtpReplies.badParameter(message));
    }

    private static boolean digits(String value) {
        return value != null && !value.isEmpty() && value.length() <= 18
                && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Optional<MailParameters.Body> body(String value) {
        return switch (value == null ? "" : CommandParser.asciiUpper(value)) {
            case "7BIT" -> Optional.of(MailParameters.Body.SEVEN_BIT);
            case "8BITMIME" -> Optional.of(MailParameters.Body.EIGHT_BIT_MIME); // RFC 6152
            case "BINARYMIME" -> Optional.of(MailParameters.Body.BINARY_MIME);  // RFC 3030 §3
            default -> Optional.empty();
        };
    }

    private static Optional<MailParameters.Ret> ret(String value) {
        return switch (value == null ? "" : CommandParser.asciiUpper(value)) {
            case "FULL" -> Optional.of(MailParameters.Ret.FULL);
            case "HDRS" -> Optional.of(MailParameters.Ret.HDRS);
            default -> Optional.empty();
        };
    }

    /** RFC 3461 §4.1: NEVER alone, or a comma list of SUCCESS, FAILURE, DELAY. */
    private static Optional<Set<Recipient.Notify>> notify(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        var set = EnumSet.noneOf(Recipient.Notify.class);
        for (String item : value.split(",", -1)) {
            try {
                set.add(Recipient.Notify.valueOf(CommandParser.asciiUpper(item)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        boolean neverMixed = set.contains(Recipient.Notify.NEVER) && set.size() > 1;
        return neverMixed ? Optional.empty() : Optional.of(set);
    }

    /** RFC 3461 §4.2: {@code addr-type ";" xtext}, at most 500 characters. */
    private static boolean orcpt(String value) {
        if (value == null || value.length() > 500) {
            return false;
        }
        int semicolon = value.indexOf(';');
        return semicolon > 0 && value.substring(0, semicolon).chars().allMatch(c -> c > 32 && c < 127)
                && xtext(value.substring(semicolon + 1));
    }

    /** RFC 3461 §4: xchar (33-126 except "+" and "=") or "+" two upper-case hex digits. */
    static boolean xtext(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                if (i + 2 >= value.length() || !hex(value.charAt(i + 1)) || !hex(value.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }
}
