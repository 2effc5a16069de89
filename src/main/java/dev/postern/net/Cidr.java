package dev.postern.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address block such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a
 * block of one. IPv4 blocks match only IPv4 clients (Java maps {@code ::ffff:a.b.c.d} to IPv4).
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length out of range: /" + prefixLength);
        }
        network = masked(network, prefixLength);
    }

    /** Parses {@code address[/prefix]}; only literal addresses, never a host name (no DNS). */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        if (address.isEmpty() || !(address.contains(":") || address.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("not an IP address block: " + text);
        }
        InetAddress ip;
        try {
            ip = InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address block: " + text, e);
        }
        int bits = ip.getAddress().length * 8;
        try {
            return new Cidr(ip, slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address block: " + text, e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.getAddress().length
                && Arrays.equals(masked(candidate, prefixLength), network.getAddress());
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        try {
            return InetAddress.getByAddress(masked(address.getAddress(), prefixLength));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] masked(byte[] bytes, int prefixLength) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
