package dev.postern.smtp.server;

import dev.postern.smtp.MailAddress;
import dev.postern.smtp.ParsedPath;
import dev.postern.smtp.PathParser;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.ReversePath;
import dev.postern.smtp.server.SmtpCommand.Invalid;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one command line into a {@link SmtpCommand}. Total: any input, however malformed, gives
 * a command, {@link Invalid} with its reply for anything that is not one. Verbs are
 * case-insensitive (RFC 5321 §2.4); {@code MAIL FROM: <a@b>} with a space after the colon is
 * accepted, as nearly every server does, but the angle brackets are required.
 */
final class CommandParser {

    /** Compiled once: {@code String.split(" +")} would compile it for every BDAT chunk. */
    private static final Pattern SPACES = Pattern.compile(" +");

    private final String hostname;

    CommandParser(String hostname) {
        this.hostname = hostname;
    }

    SmtpCommand parse(String line) {
        String verb = verbOf(line);
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return new Invalid(verb, SmtpReplies.CONTROL_CHARACTERS);
        }
        int space = line.indexOf(' ');
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        return switch (verb) {
            case "EHLO" -> hello(argument, true);
            case "HELO" -> hello(argument, false);
            case "MAIL" -> mail(argument);
            case "RCPT" -> rcpt(argument);
            case "DATA" -> argument.isEmpty() ? new SmtpCommand.Data() : usage(verb, "DATA");
            case "BDAT" -> bdat(argument);
            case "RSET" -> argument.isEmpty() ? new SmtpCommand.Rset() : usage(verb, "RSET");
            case "NOOP" -> new SmtpCommand.Noop(); // RFC 5321 §4.1.1.9: a parameter is allowed, ignored
            case "QUIT" -> argument.isEmpty() ? new SmtpCommand.Quit() : usage(verb, "QUIT");
            case "VRFY" -> argument.isEmpty() ? usage(verb, "VRFY address") : new SmtpCommand.Vrfy(argument);
            case "HELP" -> new SmtpCommand.Help(argument);
            case "STARTTLS" -> argument.isEmpty() ? new SmtpCommand.StartTls() : usage(verb, "STARTTLS");
            case "AUTH" -> auth(argument);
            default -> new Invalid(verb, SmtpReplies.UNKNOWN_COMMAND);
        };
    }

    /**
     * Upper case for ASCII letters only: {@code toUpperCase} turns "ſize" into SIZE and "plaın" into
     * PLAIN, so a keyword spelled with other letters would be taken for one (as Pop3ParserFuzzTest
     * found in POP3); RFC 5321 keywords and RFC 4422 mechanism names are ASCII.
     */
    static String asciiUpper(String word) {
        var out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return out.toString();
    }

    /** The first word, upper-cased and cut short, safe to log whatever the client sent. */
    static String verbOf(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        var safe = new StringBuilder();
        for (int i = 0; i < word.length() && safe.length() < 16; i++) {
            char c = word.charAt(i);
            safe.append(c > 0x20 && c < 0x7f ? Character.toUpperCase(c) : '?');
        }
        return safe.isEmpty() ? "?" : safe.toString();
    }

    private static SmtpCommand hello(String argument, boolean esmtp) {
        String verb = esmtp ? "EHLO" : "HELO";
        if (argument.isEmpty()) {
            return usage(verb, verb + " hostname");
        }
        String domain = argument.split(" ", 2)[0];
        return esmtp ? new SmtpCommand.Ehlo(domain) : new SmtpCommand.Helo(domain);
    }

    private static SmtpCommand mail(String argument) {
        if (!argument.regionMatches(true, 0, "FROM:", 0, 5)) {
            return usage("MAIL", "MAIL FROM:<address>");
        }
        String rest = argument.substring(5).stripLeading();
        if (!rest.startsWith("<")) {
            return new Invalid("MAIL", SmtpReplies.BAD_SENDER);
        }
        PathParser.Result parsed = PathParser.parse(rest, 0);
        String parameters = rest.substring(parsed.end());
        if (!parameters.isEmpty() && !parameters.startsWith(" ")) {
            return new Invalid("MAIL", SmtpReplies.BAD_SENDER);
        }
        ParameterParser.MailResult mailParameters = ParameterParser.mail(parameters.strip());
        return switch (parsed.path()) {
            case ParsedPath.NullPath() -> withParameters(ReversePath.NULL, mailParameters);
            case ParsedPath.Mailbox(MailAddress address, boolean ascii) -> {
                boolean utf8 = mailParameters instanceof ParameterParser.MailResult.Parsed(var p) && p.smtputf8();
                yield ascii || utf8 || mailParameters instanceof ParameterParser.MailResult.Refused
                        ? withParameters(new ReversePath.Sender(address), mailParameters)
                        : new Invalid("MAIL", SmtpReplies.SENDER_NEEDS_SMTPUTF8); // RFC 6531 §3.4
            }
            case ParsedPath.Postmaster(), ParsedPath.Bad(_) -> new Invalid("MAIL", SmtpReplies.BAD_SENDER);
        };
    }

    private static SmtpCommand withParameters(ReversePath from, ParameterParser.MailResult parameters) {
        return switch (parameters) {
            case ParameterParser.MailResult.Parsed(var p) -> new SmtpCommand.Mail(from, p);
            case ParameterParser.MailResult.Refused(var reply) -> new Invalid("MAIL", reply);
        };
    }

    private SmtpCommand rcpt(String argument) {
        if (!argument.regionMatches(true, 0, "TO:", 0, 3)) {
            return usage("RCPT", "RCPT TO:<address>");
        }
        String rest = argument.substring(3).stripLeading();
        if (!rest.startsWith("<")) {
            return new Invalid("RCPT", SmtpReplies.BAD_RECIPIENT);
        }
        PathParser.Result parsed = PathParser.parse(rest, 0);
        String parameters = rest.substring(parsed.end());
        if (!parameters.isEmpty() && !parameters.startsWith(" ")) {
            return new Invalid("RCPT", SmtpReplies.BAD_RECIPIENT);
        }
        return switch (parsed.path()) {
            case ParsedPath.Mailbox(MailAddress address, boolean ascii) -> recipient(address, ascii, parameters);
            // RFC 5321 §4.1.1.3: <Postmaster> without a domain names this host's postmaster
            case ParsedPath.Postmaster() -> recipient(new MailAddress("postmaster", hostname), true, parameters);
            case ParsedPath.NullPath(), ParsedPath.Bad(_) -> new Invalid("RCPT", SmtpReplies.BAD_RECIPIENT);
        };
    }

    private static SmtpCommand recipient(MailAddress address, boolean ascii, String parameters) {
        return switch (ParameterParser.rcpt(address, parameters.strip())) {
            case ParameterParser.RcptResult.Parsed(Recipient recipient) -> new SmtpCommand.Rcpt(recipient, ascii);
            case ParameterParser.RcptResult.Refused(var reply) -> new Invalid("RCPT", reply);
        };
    }

    private static SmtpCommand bdat(String argument) {
        String[] words = SPACES.split(argument);
        boolean shape = words.length == 1 || words.length == 2 && words[1].equalsIgnoreCase("LAST");
        // RFC 3030 §2: chunk-size is 1*DIGIT; 18 digits always fit in a long
        if (!shape || words[0].isEmpty() || words[0].length() > 18 || !words[0].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return usage("BDAT", "BDAT size [LAST]");
        }
        return new SmtpCommand.Bdat(Long.parseLong(words[0]), words.length == 2);
    }

    private static SmtpCommand auth(String argument) {
        if (argument.isEmpty()) {
            return usage("AUTH", "AUTH mechanism [initial-response]");
        }
        String[] words = SPACES.split(argument);
        if (words.length > 2) {
            return usage("AUTH", "AUTH mechanism [initial-response]");
        }
        return new SmtpCommand.Auth(asciiUpper(words[0]),
                words.length == 2 ? Optional.of(words[1]) : Optional.empty());
    }

    private static Invalid usage(String verb, String usage) {
        return new Invalid(verb, SmtpReplies.syntax(usage));
    }
}
