-- The login throttle (limits.JdbcAuthThrottle), in the accounts database so the server, the CLI
-- (postern auth status / unban) and every node of a cluster see the same counts. Times are epoch
-- milliseconds in BIGINT. Works on SQLite and PostgreSQL as written.
-- scope is 'ip' (an IPv4 address or an IPv6 /64) or 'account'. failures are counted from
-- window_start, for ThrottleRules.window. strikes counts the bans so far, each doubling the next.
-- banned_until is 0 when never banned.
CREATE TABLE IF NOT EXISTS auth_throttle (
    scope        VARCHAR(8)   NOT NULL,
    name         VARCHAR(320) NOT NULL,
    window_start BIGINT       NOT NULL,
    failures     INTEGER      NOT NULL,
    strikes      INTEGER      NOT NULL,
    banned_until BIGINT       NOT NULL,
    last_failure BIGINT       NOT NULL,
    PRIMARY KEY (scope, name)
);

-- The addresses that failed against an account: an account ban holds only for them.
CREATE TABLE IF NOT EXISTS auth_throttle_account_ips (
    account VARCHAR(320) NOT NULL,
    ip      VARCHAR(64)  NOT NULL,
    PRIMARY KEY (account, ip)
);
