package dev.postern.smtp;

import java.nio.charset.StandardCharsets;

/**
 * Parses the path of MAIL FROM and RCPT TO (RFC 5321 §4.1.2) with its limits (§4.5.3.1). Total:
 * every input gives a {@link ParsedPath}, {@link ParsedPath.Bad} for anything malformed. Non-ASCII
 * local parts and domains (RFC 6531) are accepted here; the command decides whether SMTPUTF8 allows
 * them. A source route ({@code <@a,@b:user@c>}) is accepted and ignored (RFC 5321 §4.1.2, Appendix C).
 * A quoted local part whose content is a valid dot-string is stored unquoted ({@code "bob"} is
 * {@code bob}); others keep their quotes as sent.
 */
public final class PathParser {

    /** The parsed path and the index just after its closing {@code >}. */
    public record Result(ParsedPath path, int end) {}

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final String text;
    private int pos;

    private PathParser(String text, int start) {
        this.text = text;
        this.pos = start;
    }

    /** Parses the path that starts at {@code start} (its {@code <}). */
    public static Result parse(String text, int start) {
        var parser = new PathParser(text, start);
        ParsedPath path;
        try {
            path = parser.path();
        } catch (Syntax e) {
            path = new ParsedPath.Bad(e.getMessage());
        }
        return new Result(path, parser.pos);
    }

    private ParsedPath path() throws Syntax {
        expect('<');
        if (peek('>')) {
            pos++;
            return new ParsedPath.NullPath();
        }
        if (peek('@')) {
            sourceRoute(); // RFC 5321 §4.1.2: accept a source route, then ignore it
        }
        int localStart = pos;
        String local = peek('"') ? quotedString() : dotString();
        if (peek('>') && local.equalsIgnoreCase("postmaster") && text.charAt(localStart) != '"') {
            pos++;
            return new ParsedPath.Postmaster(); // RFC 5321 §4.1.1.3
        }
        expect('@');
        String domain = peek('[') ? addressLiteral() : domain();
        expect('>');
        // RFC 5321 §4.5.3.1.1-3: local part 64, domain 255, path 256 octets
        if (octets(local) > 64) {
            throw new Syntax("local part longer than 64 octets");
        }
        if (octets(domain) > 255 || octets(local) + octets(domain) + 3 > 256) {
            throw new Syntax("path longer than 256 octets");
        }
        String address = local + "@" + domain;
        return new ParsedPath.Mailbox(new MailAddress(local, domain), address.chars().allMatch(c -> c < 0x80));
    }

    private void sourceRoute() throws Syntax {
        do {
            expect('@');
            if (peek('[')) {
                addressLiteral();
            } else {
                domain();
            }
        } while (skip(','));
        expect(':');
    }

    private String dotString() throws Syntax {
        int start = pos;
        do {
            int atom = pos;
            while (pos < text.length() && atext(text.charAt(pos))) {
                pos++;
            }
            if (pos == atom) {
                throw new Syntax("empty atom in local part");
            }
        } while (skip('.'));
        return text.substring(start, pos);
    }

    private String quotedString() throws Syntax {
        int start = pos;
        expect('"');
        var content = new StringBuilder();
        while (!peek('"')) {
            char c = next();
            if (c == '\\') {
                c = next();
                if (c < 32 || c == 127) {
                    throw new Syntax("bad quoted pair");
                }
            } else if (c < 32 || c == 127 || c == '\uFFFD') {
                throw new Syntax("bad character in quoted string");
            }
            content.append(c);
        }
        pos++;
        String unquoted = content.toString();
        return isDotString(unquoted) ? unquoted : text.substring(start, pos);
    }

    private String domain() throws Syntax {
        int start = pos;
        do {
            int label = pos;
            while (pos < text.length() && letDigHyphen(text.charAt(pos))) {
                pos++;
            }
            // RFC 5321 §4.1.2 sub-domain: Let-dig [Ldh-str], so no hyphen at either end
            if (pos == label || text.charAt(label) == '-' || text.charAt(pos - 1) == '-') {
                throw new Syntax("bad domain label");
            }
        } while (skip('.'));
        return text.substring(start, pos);
    }

    private String addressLiteral() throws Syntax {
        int start = pos;
        expect('[');
        while (!peek(']')) {
            char c = next();
            // RFC 5321 §4.1.3: dcontent is %d33-90 / %d94-126
            if (c < 33 || c > 126 || c == '[' || c == '\\') {
                throw new Syntax("bad address literal");
            }
        }
        pos++;
        String inner = text.substring(start + 1, pos - 1);
        if (inner.isEmpty() || !(ipv4(inner) || inner.regionMatches(true, 0, "IPv6:", 0, 5) && ipv6(inner.substring(5)))) {
            throw new Syntax("bad address literal");
        }
        return text.substring(start, pos);
    }

    private static boolean ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6(String s) {
        return !s.isEmpty() && s.contains(":")
                && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }

    private static boolean isDotString(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.chars().allMatch(c -> c == '.' || atext((char) c));
    }

    /** RFC 5321 atext, plus UTF8-non-ascii (RFC 6531 §3.3); U+FFFD marks undecodable input. */
    private static boolean atext(char c) {
        return c < 0x80 ? Character.isLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0
                : c != '\uFFFD' && !Character.isISOControl(c) && !Character.isWhitespace(c);
    }

    private static boolean letDigHyphen(char c) {
        return c < 0x80 ? c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                : c != '\uFFFD' && Character.isLetterOrDigit(c);
    }

    private static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean skip(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private char next() throws Syntax {
        if (pos >= text.length()) {
            throw new Syntax("unexpected end of path");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) throws Syntax {
        if (!skip(c)) {
            throw new Syntax("expected '" + c + "' at " + pos);
        }
    }

    /** Internal control flow of the descent; never leaves this class. */
    private static final class Syntax extends Exception {
        Syntax(String reason) {
            super(reason, null, false, false);
        }
    }
}
