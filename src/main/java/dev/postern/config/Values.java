package dev.postern.config;

import dev.postern.net.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Readers for the value syntaxes of the configuration file. Each throws
 * IllegalArgumentException whose message says what is wrong; the loader adds the key and place.
 */
final class Values {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private Values() {
    }

    /**
     * The machine's host name. {@code getLocalHost()} asks the system resolver (hosts file first)
     * for the name gethostname(2) returns; no reverse lookup is made ({@code getHostName()} on
     * that address returns the name it was built from).
     */
    static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name.toLowerCase(Locale.ROOT);
        } catch (UnknownHostException | SecurityException e) {
            return "localhost";
        }
    }

    /** Like {@link #duration}, but {@code 0} is allowed and means off. */
    static Duration durationOrOff(String text) {
        return text.equals("0") ? Duration.ZERO : duration(text);
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 5d}; a bare number is seconds. */
    static Duration duration(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration: write e.g. 30s, 5m, 1h or 5d");
        }
        char unit = text.charAt(text.length() - 1);
        String digits = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
        long n = number(digits, "duration '" + text + "': write e.g. 30s, 5m, 1h or 5d");
        if (n <= 0) {
            throw new IllegalArgumentException("duration must be positive: " + text);
        }
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> {
                if (Character.isDigit(unit)) {
                    yield Duration.ofSeconds(n);
                }
                throw new IllegalArgumentException(
                        "unknown unit '" + unit + "' in duration '" + text + "': use s, m, h or d");
            }
        };
    }

    /** {@code 52428800}, {@code 10k}, {@code 50M}, {@code 1G} (binary multiples). */
    static long size(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty size: write e.g. 52428800, 10k or 50M");
        }
        char unit = Character.toLowerCase(text.charAt(text.length() - 1));
        long multiplier = switch (unit) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = multiplier == 1 ? text : text.substring(0, text.length() - 1);
        long n = number(digits, "size '" + text + "': write e.g. 52428800, 10k or 50M");
        if (n <= 0) {
            throw new IllegalArgumentException("size must be positive: " + text);
        }
        try {
            return Math.multiplyExact(n, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size too large: " + text);
        }
    }

    /** A positive whole number. */
    static int count(String text) {
        long n = number(text, "'" + text + "' is not a whole number");
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be between 1 and " + Integer.MAX_VALUE + ": " + text);
        }
        return (int) n;
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    static Settings.Auth.SenderCheck senderCheck(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "strict" -> Settings.Auth.SenderCheck.STRICT;
            case "domain" -> Settings.Auth.SenderCheck.DOMAIN;
            case "off" -> Settings.Auth.SenderCheck.OFF;
            default -> throw new IllegalArgumentException("'" + text + "' is not one of strict, domain, off");
        };
    }

    static String level(String text) {
        String level = text.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("'" + text + "' is not one of trace, debug, info, warn, error");
        }
        return level;
    }

    static String hostname(String text) {
        if (text.isEmpty() || !text.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("'" + text + "' is not a host name");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** {@code host:port, [v6]:port, …}; host is a literal IP or {@code localhost}; empty = none. */
    static List<InetSocketAddress> listen(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String item : items(text)) {
            out.add(socketAddress(item));
        }
        return List.copyOf(out);
    }

    static List<Cidr> cidrs(String text) {
        return items(text).stream().map(Cidr::parse).toList();
    }

    private static InetSocketAddress socketAddress(String item) {
        int colon = item.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + item + "' is not host:port");
        }
        String host = item.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        long port = number(item.substring(colon + 1), "bad port in '" + item + "'");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + item + "'");
        }
        return new InetSocketAddress(literal(host, item), (int) port);
    }

    private static InetAddress literal(String host, String item) {
        if (host.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + host + "' in '" + item + "' is not a literal IP address or localhost");
        }
    }

    private static List<String> items(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty item in list '" + text + "'");
            }
            out.add(item);
        }
        return out;
    }

    private static long number(String digits, String complaint) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 18) {
            throw new IllegalArgumentException(complaint);
        }
        return Long.parseLong(digits);
    }

    // Sending limits (limits.*, docs/LIMITS.md)

    static Settings.Limits.Window limitsWindow(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "clock-hour" -> Settings.Limits.Window.CLOCK_HOUR;
            case "rolling" -> Settings.Limits.Window.ROLLING;
            default -> throw new IllegalArgumentException("'" + text + "' is not one of clock-hour, rolling");
        };
    }

    /** A percentage from 1 to 100, or {@code off}. */
    static java.util.OptionalInt percentOrOff(String text) {
        if (text.equalsIgnoreCase("off")) {
            return java.util.OptionalInt.empty();
        }
        int n = count(text);
        if (n > 100) {
            throw new IllegalArgumentException("a percentage from 1 to 100, or off: " + text);
        }
        return java.util.OptionalInt.of(n);
    }

    /** A positive whole number, or {@code off}. */
    static java.util.OptionalInt countOrOff(String text) {
        return text.equalsIgnoreCase("off") ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(count(text));
    }

    /** At least 100: the cutoff lies at or above the hourly cap. */
    static int cutoffPercentage(String text) {
        int n = count(text);
        if (n < 100) {
            throw new IllegalArgumentException("must be at least 100 (percent of limits.max_emails_per_hour): " + text);
        }
        return n;
    }

    static Settings.Limits.OnBlock onBlock(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "defer" -> Settings.Limits.OnBlock.DEFER;
            case "fail" -> Settings.Limits.OnBlock.FAIL;
            default -> throw new IllegalArgumentException("'" + text + "' is not one of defer, fail");
        };
    }
}
