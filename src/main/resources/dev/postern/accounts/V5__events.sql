-- Recent events for `postern explain` (explain.JdbcEventStore): refusals, failed and throttled
-- logins, POP-before-SMTP grants, sending-limit blocks. Bounded by the writer: older than a day
-- goes, and at most a fixed number remain per client address and in all. Times are epoch
-- milliseconds in BIGINT; until_at is NULL when the event has no end. Works on SQLite and
-- PostgreSQL as written.
CREATE TABLE IF NOT EXISTS events (
    at        BIGINT       NOT NULL,
    kind      VARCHAR(24)  NOT NULL,
    client    VARCHAR(64)  NOT NULL,
    sender    VARCHAR(320),
    recipient VARCHAR(320),
    account   VARCHAR(320),
    detail    VARCHAR(500) NOT NULL,
    until_at  BIGINT
);

CREATE INDEX IF NOT EXISTS events_client ON events (client, at);
CREATE INDEX IF NOT EXISTS events_sender ON events (sender, at);
CREATE INDEX IF NOT EXISTS events_recipient ON events (recipient, at);
CREATE INDEX IF NOT EXISTS events_account ON events (account, at);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
