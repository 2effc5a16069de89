package dev.postern.limits;

import java.net.InetAddress;
import java.time.Instant;

/** A POP-before-SMTP grant: {@code ip} may relay until {@code expiresAt}, because {@code account} logged in from it. */
public record Grant(InetAddress ip, String account, Instant expiresAt) {

    public boolean activeAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
