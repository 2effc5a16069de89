package dev.postern.net;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One listening address: its name ({@code smtp}, {@code submission}, {@code submissions}, {@code pop3}),
 * where it binds (port 0 picks a free port), its TLS mode, the bytes written to a client turned
 * away by the caps (the protocol's own refusal line, e.g. SMTP's 421), and the read timeout a
 * connection starts with until its session sets its own.
 */
public record ListenerSpec(String name, InetSocketAddress address, TlsMode tls, byte[] refusal, Duration initialReadTimeout) {

    public ListenerSpec {
        if (initialReadTimeout.isNegative() || initialReadTimeout.isZero()) {
            throw new IllegalArgumentException("initial read timeout must be positive: " + initialReadTimeout);
        }
        refusal = refusal.clone();
    }

    @Override
    public byte[] refusal() {
        return refusal.clone();
    }
}
