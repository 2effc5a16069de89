-- Domains hosted here, their mailboxes and their aliases. Plain SQL that SQLite and PostgreSQL
-- both accept: names are stored in canonical (lower-case) form; times are epoch milliseconds.
CREATE TABLE domains (
    name VARCHAR(253) PRIMARY KEY,
    created BIGINT NOT NULL
);

CREATE TABLE users (
    address VARCHAR(320) PRIMARY KEY,
    domain VARCHAR(253) NOT NULL REFERENCES domains (name),
    password_hash VARCHAR(512) NOT NULL,
    created BIGINT NOT NULL
);

CREATE INDEX users_domain ON users (domain);

-- source is local@domain, or @domain for the catch-all; one row per target.
CREATE TABLE aliases (
    source VARCHAR(320) NOT NULL,
    target VARCHAR(320) NOT NULL,
    domain VARCHAR(253) NOT NULL REFERENCES domains (name),
    created BIGINT NOT NULL,
    PRIMARY KEY (source, target)
);

CREATE INDEX aliases_domain ON aliases (domain);
