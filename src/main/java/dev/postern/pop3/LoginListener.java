package dev.postern.pop3;

import java.net.InetAddress;

/**
 * Told of every successful login, after the credentials are verified (POP-before-SMTP records
 * its grant here). Never told of a failed one.
 */
@FunctionalInterface
public interface LoginListener {

    LoginListener NONE = (client, account) -> {};

    void loggedIn(InetAddress client, String account);
}
