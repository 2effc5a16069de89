package dev.postern.net;

import java.net.InetAddress;

/**
 * Who is on the other end and where they came in: the client's address and port, the local port,
 * and the listener's name ({@code smtp}, {@code submission}, {@code submissions}, {@code pop3}, …).
 */
public record Peer(InetAddress address, int port, int localPort, String listener) {

    public boolean loopback() {
        return address.isLoopbackAddress();
    }

    @Override
    public String toString() {
        return address.getHostAddress() + ":" + port;
    }
}
