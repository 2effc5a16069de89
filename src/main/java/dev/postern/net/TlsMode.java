package dev.postern.net;

import java.time.Duration;
import java.util.Optional;

/** How a listener's connections start: in the clear (STARTTLS-capable when given a context) or in TLS. */
public sealed interface TlsMode {

    /** Plain text; {@code starttls} present lets a session upgrade (RFC 3207, RFC 2595). */
    record Plain(Optional<TlsContext> starttls) implements TlsMode {}

    /** RFC 8314 §3: implicit TLS, the handshake completes within {@code handshakeTimeout} before the protocol starts. */
    record Implicit(TlsContext context, Duration handshakeTimeout) implements TlsMode {}

    static TlsMode plain() {
        return new Plain(Optional.empty());
    }
}
