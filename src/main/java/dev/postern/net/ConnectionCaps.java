package dev.postern.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Concurrent-connection caps, total and per client address. One instance may be shared by
 * several listeners so the caps span them. Every successful {@link #admit} needs one {@link #release}.
 */
public final class ConnectionCaps {

    private final int total;
    private final int perAddress;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int open;

    public ConnectionCaps(int total, int perAddress) {
        if (total < 1 || perAddress < 1) {
            throw new IllegalArgumentException("connection caps must be positive: " + total + ", " + perAddress);
        }
        this.total = total;
        this.perAddress = perAddress;
    }

    synchronized boolean admit(InetAddress address) {
        int fromAddress = byAddress.getOrDefault(address, 0);
        if (open >= total || fromAddress >= perAddress) {
            return false;
        }
        open++;
        byAddress.put(address, fromAddress + 1);
        return true;
    }

    synchronized void release(InetAddress address) {
        open--;
        byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    public synchronized int open() {
        return open;
    }
}
