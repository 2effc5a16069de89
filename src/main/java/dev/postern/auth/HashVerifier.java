package dev.postern.auth;

/**
 * Checks a password against a stored {@code {SCHEME}hash}; wired to {@code PasswordHash::verify}.
 * Must return false, not throw, for a scheme it does not know or a malformed hash.
 */
@FunctionalInterface
public interface HashVerifier {

    boolean verify(char[] password, String stored);
}
