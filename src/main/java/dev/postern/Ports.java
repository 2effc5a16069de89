package dev.postern;

import dev.postern.net.ConnectionCaps;
import dev.postern.net.ConnectionHandler;
import dev.postern.net.Listener;
import dev.postern.net.ListenerSpec;
import dev.postern.net.PrivilegedPortException;
import dev.postern.net.TlsMode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one listener; a port below 1024 that this (non-root) user may not bind is replaced by the
 * same port plus 10000 (25 → 10025, 587 → 10587, 465 → 10465, 110 → 10110, 995 → 10995), with a
 * warning that names it, so a newcomer's first {@code postern serve} still comes up.
 */
final class Ports {
    private static final Logger LOG = LoggerFactory.getLogger(Ports.class);
    static final int UNPRIVILEGED_OFFSET = 10_000;

    private Ports() {
    }

    static Listener open(String name, InetSocketAddress address, TlsMode mode, byte[] refusal, Duration readTimeout,
                         ConnectionCaps caps, ConnectionHandler handler) throws IOException {
        try {
            return Listener.open(new ListenerSpec(name, address, mode, refusal, readTimeout), caps, handler);
        } catch (PrivilegedPortException e) {
            var fallback = new InetSocketAddress(address.getAddress(), address.getPort() + UNPRIVILEGED_OFFSET);
            LOG.warn("{}: not allowed to bind port {} (not root); listening on port {} instead", name,
                    address.getPort(), fallback.getPort());
            return Listener.open(new ListenerSpec(name, fallback, mode, refusal, readTimeout), caps, handler);
        }
    }
}
