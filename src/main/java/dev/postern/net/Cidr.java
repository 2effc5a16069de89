package dev.postern.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An address block such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a
 * block of one. Parsing never touches DNS.
 */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 0 and " + bits);
        }
    }

    /** Parses {@code address[/prefix]}; a clear {@link IllegalArgumentException} when it is not one. */
    public static Cidr parse(String text) {
        String spec = text.strip();
        int slash = spec.indexOf('/');
        var network = literal(slash < 0 ? spec : spec.substring(0, slash)).orElseThrow(
                () -> new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'"));
        int bits = network.getAddress().length * 8;
        int prefix = slash < 0 ? bits : prefixLength(spec.substring(slash + 1), text);
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "': must be 0 to " + bits);
        }
        if (!Arrays.equals(network.getAddress(), mask(network.getAddress(), prefix))) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                    + canonical(network, prefix) + "?");
        }
        return new Cidr(network, prefix);
    }

    /**
     * An IP address literal, never a DNS lookup. IPv4 must be four dotted decimals: the legacy
     * forms {@code InetAddress} also takes ({@code 10.1} = {@code 10.0.0.1}) surprise admins.
     */
    public static Optional<InetAddress> literal(String text) {
        if (!text.contains(":") && !DOTTED_QUAD.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A predicate true for addresses inside any of {@code blocks} (each parsed with {@link #parse}). */
    public static Predicate<InetAddress> anyOf(Collection<String> blocks) {
        List<Cidr> cidrs = blocks.stream().map(Cidr::parse).toList();
        return address -> cidrs.stream().anyMatch(c -> c.contains(address));
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] net = network.getAddress();
        return candidate.length == net.length && Arrays.equals(mask(candidate, prefixLength), mask(net, prefixLength));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static int prefixLength(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private static String canonical(InetAddress network, int prefix) {
        try {
            return InetAddress.getByAddress(mask(network.getAddress(), prefix)).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
