-- POP-before-SMTP grants (limits.JdbcGrantStore). One row per client address; expires_at is in
-- epoch seconds (BIGINT: a 32-bit PostgreSQL INTEGER would overflow in 2038; SQLite treats
-- BIGINT as its 64-bit INTEGER). Works on SQLite and PostgreSQL as written.
CREATE TABLE IF NOT EXISTS pop_before_smtp_grants (
    ip         TEXT PRIMARY KEY,
    account    TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
