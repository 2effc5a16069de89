package dev.postern.smtp.server;

import dev.postern.net.Peer;
import dev.postern.net.TlsInfo;
import java.util.Optional;

/**
 * What the session knows of its client when it calls {@link Inbound}: where it connected, what it
 * said in HELO/EHLO, whether the connection is encrypted, and who it proved to be (SMTP AUTH).
 */
public record Client(Peer peer, String helo, boolean esmtp, Optional<TlsInfo> tls,
                     Optional<String> authenticatedUser) {
}
