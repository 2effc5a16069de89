package dev.postern.delivery;

import java.util.Locale;

/** A next hop as configured: {@code host:port}, {@code [v6-or-v4-literal]:port}, or {@code host} (port 25). */
public record HostPort(String host, int port) {

    public HostPort {
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad host:port " + host + ":" + port);
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    public static HostPort parse(String text) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in " + text);
            }
            String rest = s.substring(close + 1);
            return new HostPort(s.substring(1, close), rest.isEmpty() ? 25 : port(rest.substring(1), text));
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return new HostPort(s, 25); // no port, or a bare IPv6 literal
        }
        return new HostPort(s.substring(0, colon), port(s.substring(colon + 1), text));
    }

    private static int port(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
