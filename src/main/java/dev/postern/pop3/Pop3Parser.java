package dev.postern.pop3;

import dev.postern.pop3.Pop3Command.Apop;
import dev.postern.pop3.Pop3Command.Auth;
import dev.postern.pop3.Pop3Command.Capa;
import dev.postern.pop3.Pop3Command.Dele;
import dev.postern.pop3.Pop3Command.Invalid;
import dev.postern.pop3.Pop3Command.Noop;
import dev.postern.pop3.Pop3Command.Pass;
import dev.postern.pop3.Pop3Command.Quit;
import dev.postern.pop3.Pop3Command.Retr;
import dev.postern.pop3.Pop3Command.Rset;
import dev.postern.pop3.Pop3Command.Stat;
import dev.postern.pop3.Pop3Command.Stls;
import dev.postern.pop3.Pop3Command.Top;
import dev.postern.pop3.Pop3Command.Uidl;
import dev.postern.pop3.Pop3Command.User;
import java.util.Optional;

/** Turns one command line into a {@link Pop3Command}; total: bad input becomes {@link Invalid}. */
final class Pop3Parser {

    private Pop3Parser() {}

    static Pop3Command parse(String line) {
        int space = line.indexOf(' ');
        // RFC 1939 §3: keywords are case-insensitive, arguments separated by a single space
        String keyword = asciiUpper(space < 0 ? line : line.substring(0, space));
        String rest = space < 0 ? "" : line.substring(space + 1);
        String[] args = rest.isEmpty() ? new String[0] : rest.split(" ", -1);
        return switch (keyword) {
            case "USER" -> args.length == 1 && !rest.isBlank() ? new User(rest) : syntax("USER name");
            case "PASS" -> space < 0 ? syntax("PASS password") : new Pass(rest);
            case "AUTH" -> auth(args);
            case "APOP" -> new Apop();
            case "CAPA" -> none(args, new Capa(), "CAPA");
            case "STLS" -> none(args, new Stls(), "STLS");
            case "QUIT" -> none(args, new Quit(), "QUIT");
            case "STAT" -> none(args, new Stat(), "STAT");
            case "NOOP" -> none(args, new Noop(), "NOOP");
            case "RSET" -> none(args, new Rset(), "RSET");
            case "LIST" -> optionalNumber(args, "LIST [msg]", n -> new Pop3Command.List(n));
            case "UIDL" -> optionalNumber(args, "UIDL [msg]", Uidl::new);
            case "RETR" -> oneNumber(args, "RETR msg", Retr::new);
            case "DELE" -> oneNumber(args, "DELE msg", Dele::new);
            case "TOP" -> top(args);
            default -> new Invalid(Pop3Replies.unknownCommand());
        };
    }

    private static Pop3Command auth(String[] args) {
        return switch (args.length) {
            case 0 -> new Auth(Optional.empty(), Optional.empty());
            case 1 -> new Auth(Optional.of(asciiUpper(args[0])), Optional.empty());
            case 2 -> new Auth(Optional.of(asciiUpper(args[0])), Optional.of(args[1]));
            default -> syntax("AUTH mechanism [initial-response]");
        };
    }

    private static Pop3Command top(String[] args) {
        if (args.length != 2) {
            return syntax("TOP msg n");
        }
        Optional<Integer> number = number(args[0]);
        Optional<Integer> lines = count(args[1]);
        if (number.isEmpty() || lines.isEmpty()) {
            return syntax("TOP msg n");
        }
        return new Top(number.get(), lines.get());
    }

    private static Pop3Command none(String[] args, Pop3Command command, String usage) {
        return args.length == 0 ? command : syntax(usage);
    }

    private static Pop3Command optionalNumber(String[] args, String usage,
                                              java.util.function.Function<Optional<Integer>, Pop3Command> make) {
        if (args.length == 0) {
            return make.apply(Optional.empty());
        }
        Optional<Integer> number = args.length == 1 ? number(args[0]) : Optional.empty();
        return number.isPresent() ? make.apply(number) : syntax(usage);
    }

    private static Pop3Command oneNumber(String[] args, String usage,
                                         java.util.function.IntFunction<Pop3Command> make) {
        Optional<Integer> number = args.length == 1 ? number(args[0]) : Optional.empty();
        return number.isPresent() ? make.apply(number.get()) : syntax(usage);
    }

    /** A message number: 1 or more, decimal digits only. Out-of-range ones are "no such message". */
    private static Optional<Integer> number(String text) {
        return count(text).map(n -> n == 0 ? Integer.MAX_VALUE : n);
    }

    /** A non-negative decimal; huge values saturate (a TOP count past the body means all of it). */
    private static Optional<Integer> count(String text) {
        if (text.isEmpty() || text.length() > 32 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text));
    }

    /**
     * Upper case for ASCII letters only: {@code toUpperCase} would turn "ſtls" into STLS and "quıt"
     * into QUIT (found by Pop3ParserFuzzTest), so a keyword must be ASCII to name a command.
     */
    private static String asciiUpper(String word) {
        var out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return out.toString();
    }

    private static Invalid syntax(String usage) {
        return new Invalid(Pop3Replies.syntax(usage));
    }
}
