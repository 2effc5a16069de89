package dev.postern.auth;

import java.util.Optional;

/**
 * Where {@link Authenticator} finds an account's stored password hash; {@code accounts.AccountStore}
 * provides it. The hash is in Dovecot's {@code {SCHEME}hash} form.
 */
@FunctionalInterface
public interface CredentialStore {

    /** The stored hash of the account {@code user@domain} (lower case); empty when there is no such account. */
    Optional<String> passwordHash(String canonicalAddress);
}
