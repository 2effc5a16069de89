/**
 * Authentication: password hashes in Dovecot's {@code {SCHEME}} form (so accounts import from and
 * export to Dovecot unchanged), the protocol-neutral SASL exchange (PLAIN, LOGIN), the password
 * check behind the login throttle, and the Dovecot passwd-file reader for imports.
 *
 * <p>Entry points: {@link dev.postern.auth.PasswordHash}, {@link dev.postern.auth.SaslExchange},
 * {@link dev.postern.auth.Authenticator}, {@link dev.postern.auth.PasswdFile}. Invariants: new hashes are Argon2id
 * (m=64 MiB, t=3, p=1, as Dovecot writes them) or bcrypt {@code $2y$}; verification never throws
 * and compares in constant time; an unknown scheme is refused with a logged warning.
 * References: RFC 9106 (Argon2), the PHC string format, Drepper's SHA-crypt specification.
 */
package dev.postern.auth;
