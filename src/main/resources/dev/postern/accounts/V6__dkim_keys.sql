-- DKIM signing keys (dkim.DkimKeys), one row per domain and selector. The private key is PKCS#8
-- PEM so several nodes sharing a PostgreSQL database sign alike. state: pending (generated, its
-- DNS record not yet confirmed published), active (signs), retired (kept so `postern dkim show`
-- can say which record may be removed). created is epoch seconds. SQLite and PostgreSQL as written.
CREATE TABLE IF NOT EXISTS dkim_keys (
    domain      TEXT NOT NULL,
    selector    TEXT NOT NULL,
    algorithm   TEXT NOT NULL,
    private_key TEXT NOT NULL,
    state       TEXT NOT NULL,
    created     BIGINT NOT NULL,
    PRIMARY KEY (domain, selector)
);
