package dev.postern.smtp.server;

import dev.postern.auth.AuthResult;
import java.net.InetAddress;

/**
 * The port through which the session checks SMTP AUTH credentials; {@code auth.Authenticator}
 * provides it ({@code authenticator::authenticate}). It may throw when its store fails: the session
 * answers that with a temporary {@code 454 4.7.0}, never with 535.
 */
@FunctionalInterface
public interface Authentication {

    /** One login attempt by {@code client}; the caller erases {@code password} afterwards. */
    AuthResult authenticate(InetAddress client, String user, char[] password);
}
