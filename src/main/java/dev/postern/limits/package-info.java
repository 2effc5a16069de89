/**
 * Limits that protect the host and its customers, each with an injected time: the login throttle
 * shared by SMTP AUTH and POP3 ({@link dev.postern.limits.AuthThrottle}, in memory:
 * {@link dev.postern.limits.MemoryAuthThrottle}), and POP-before-SMTP grants
 * ({@link dev.postern.limits.PopBeforeSmtp} over a {@link dev.postern.limits.GrantStore}: in memory
 * or JDBC on SQLite/PostgreSQL). Later: per-domain hourly send counts and defer/failure counters.
 *
 * <p>Invariants: a throttle never bans the whole server nor any address that did not fail; every
 * table is bounded (expired entries go, and a cap holds); callers pass the time, so tests need no
 * sleeps. Knows no protocol: sessions map "wait this long" to their own replies (SMTP 454/421 4.7.0).
 */
package dev.postern.limits;
