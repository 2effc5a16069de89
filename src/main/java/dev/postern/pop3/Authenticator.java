package dev.postern.pop3;

import java.util.Optional;

/**
 * Checks a user name and password (USER/PASS, or the decoded SASL PLAIN/LOGIN exchange). The
 * caller wipes {@code password} afterwards. Throttling of failures lives behind this port.
 */
@FunctionalInterface
public interface Authenticator {

    /** The account's canonical address when the credentials are good, empty otherwise. */
    Optional<String> authenticate(String user, char[] password);
}
