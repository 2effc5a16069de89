package dev.postern.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7208 §7: macro expansion of domain-specs, for the letters a check_host() may use. */
record Macro(String sender, String domain, InetAddress ip, String helo) {

    private static final Pattern MACRO = Pattern.compile("%\\{([slodiphvSLODIPHV])(\\d*)(r?)([.\\-+,/_=]*)}|%%|%_|%-|%");

    String expand(String spec) throws SpfRecord.SyntaxError {
        Matcher m = MACRO.matcher(spec);
        var out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(spec, last, m.start());
            last = m.end();
            switch (m.group()) {
                case "%%" -> out.append('%');
                case "%_" -> out.append(' ');
                case "%-" -> out.append("%20");
                case "%" -> throw new SpfRecord.SyntaxError("a lone % in '" + spec + "'"); // §7.1
                default -> out.append(letter(m));
            }
        }
        return out.append(spec.substring(last)).toString();
    }

    private String letter(Matcher m) {
        char letter = m.group(1).charAt(0);
        String value = value(Character.toLowerCase(letter));
        String delimiters = m.group(4).isEmpty() ? "." : m.group(4);
        List<String> parts = new ArrayList<>(Arrays.asList(value.split("[" + Pattern.quote(delimiters) + "]", -1)));
        if (!m.group(3).isEmpty()) {
            Collections.reverse(parts); // §7.3: r reverses
        }
        if (!m.group(2).isEmpty()) {
            int keep = Math.max(1, Integer.parseInt(m.group(2))); // §7.3: keep the rightmost N (0 is invalid)
            parts = parts.subList(Math.max(0, parts.size() - keep), parts.size());
        }
        String joined = String.join(".", parts);
        // §7.3: an upper-case letter asks for URL escaping
        return Character.isUpperCase(letter) ? URLEncoder.encode(joined, StandardCharsets.UTF_8) : joined;
    }

    private String value(char letter) {
        int at = sender.lastIndexOf('@');
        return switch (letter) {
            case 's' -> sender;
            case 'l' -> at <= 0 ? "postmaster" : sender.substring(0, at); // §4.3: an empty local-part is postmaster
            case 'o' -> sender.substring(at + 1);
            case 'd' -> domain;
            case 'i' -> dotted(ip);
            case 'p' -> "unknown"; // §7.3: "p" is discouraged; "unknown" is what it yields when unverified
            case 'v' -> ip instanceof Inet4Address ? "in-addr" : "ip6";
            case 'h' -> helo;
            default -> "";
        };
    }

    /** §7.3: IPv4 in dotted decimal, IPv6 as dot-separated nibbles. */
    private static String dotted(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        String hex = HexFormat.of().formatHex(ip.getAddress());
        return String.join(".", hex.split(""));
    }

    /** §7.3: a name longer than 253 octets loses labels on the left until it fits. */
    static String truncated(String name) {
        String out = name;
        while (out.length() > 253 && out.contains(".")) {
            out = out.substring(out.indexOf('.') + 1);
        }
        return out;
    }
}
