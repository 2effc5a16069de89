-- Per-sender-domain sending limits (sending.JdbcSendingStore, docs/LIMITS.md), in the accounts
-- database so the server, the CLI (postern limits status / reset / set) and later every node of a
-- cluster see the same counts. Times are epoch milliseconds in BIGINT. Works on SQLite and
-- PostgreSQL as written; counters change only by INSERT ... ON CONFLICT ... DO UPDATE (atomic).

-- Remote outcomes and accepted messages per domain and bucket (the start of a clock hour, or of a
-- minute for limits.window = rolling).
CREATE TABLE IF NOT EXISTS sending_counts (
    domain    VARCHAR(255) NOT NULL,
    bucket    BIGINT       NOT NULL,
    delivered INTEGER      NOT NULL DEFAULT 0,
    deferred  INTEGER      NOT NULL DEFAULT 0,
    failed    INTEGER      NOT NULL DEFAULT 0,
    accepted  INTEGER      NOT NULL DEFAULT 0,
    PRIMARY KEY (domain, bucket)
);

-- When each recipient's deferral was last counted: a retry within the hour counts once
-- (unless limits.count_retries).
CREATE TABLE IF NOT EXISTS sending_deferrals (
    queue_id   VARCHAR(64)  NOT NULL,
    recipient  VARCHAR(320) NOT NULL,
    domain     VARCHAR(255) NOT NULL,
    counted_at BIGINT       NOT NULL,
    PRIMARY KEY (queue_id, recipient)
);

-- A domain blocked by the max defers and failures per hour, until blocked_until; the numbers
-- that tripped it, for the refusal text.
CREATE TABLE IF NOT EXISTS sending_blocks (
    domain        VARCHAR(255) PRIMARY KEY,
    blocked_until BIGINT       NOT NULL,
    tripped_at    BIGINT       NOT NULL,
    defer_fail    INTEGER      NOT NULL,
    total         INTEGER      NOT NULL
);

-- Messages accepted over limits.max_emails_per_hour: held until held_until.
CREATE TABLE IF NOT EXISTS sending_holds (
    queue_id   VARCHAR(64)  PRIMARY KEY,
    domain     VARCHAR(255) NOT NULL,
    held_until BIGINT       NOT NULL
);

-- Per-domain overrides of the limits.* settings (postern limits set DOMAIN key=value).
CREATE TABLE IF NOT EXISTS sending_overrides (
    domain VARCHAR(255) NOT NULL,
    name   VARCHAR(64)  NOT NULL,
    value  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (domain, name)
);
