/**
 * Authentication: password hashes in Dovecot's {@code {SCHEME}} form (so accounts import from and
 * export to Dovecot unchanged); later SASL mechanisms and login throttling.
 *
 * <p>Entry point: {@link dev.postern.auth.PasswordHash}. Invariants: new hashes are Argon2id
 * (m=64 MiB, t=3, p=1, as Dovecot writes them) or bcrypt {@code $2y$}; verification never throws
 * and compares in constant time; an unknown scheme is refused with a logged warning.
 * References: RFC 9106 (Argon2), the PHC string format, Drepper's SHA-crypt specification.
 */
package dev.postern.auth;
