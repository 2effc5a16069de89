package dev.postern.pop3;

import java.net.InetAddress;

/**
 * Checks a login (USER/PASS, or the decoded SASL PLAIN/LOGIN exchange) by {@code client}. The
 * failure throttle shared with SMTP AUTH lives behind this port: a throttled client gets
 * {@link Pop3Login.Throttled} without its password being checked. The caller wipes
 * {@code password} afterwards; a {@link RuntimeException} means the store failed (answered with
 * {@code -ERR [SYS/TEMP]}, never as bad credentials).
 */
@FunctionalInterface
public interface Authenticator {

    Pop3Login authenticate(InetAddress client, String user, char[] password);
}
