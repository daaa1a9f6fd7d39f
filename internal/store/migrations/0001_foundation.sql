-- Foundation: reference tables, the org tree, units, accounts, sessions,
-- API tokens and the audit log. {{pk}}, {{bytes}} and {{path}} are filled in
-- per engine. Timestamps are Unix seconds; dates are 'YYYY-MM-DD' text.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_code TEXT,
    level       TEXT NOT NULL
);

CREATE TABLE industries (
    code    TEXT PRIMARY KEY,
    section TEXT NOT NULL,
    name    TEXT NOT NULL,
    level   TEXT NOT NULL
);

CREATE TABLE orgs (
    id            {{pk}},
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    parent_id     BIGINT REFERENCES orgs(id),
    path          {{path}} NOT NULL UNIQUE,
    depth         INTEGER NOT NULL,
    region_code   TEXT REFERENCES regions(code),
    industry_code TEXT REFERENCES industries(code),
    uscc          TEXT UNIQUE,
    chair         TEXT NOT NULL DEFAULT '',
    founded_on    TEXT,
    dissolved_on  TEXT,
    status        TEXT NOT NULL DEFAULT 'active',
    successor_id  BIGINT REFERENCES orgs(id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_name ON orgs(name);

CREATE TABLE units (
    id            {{pk}},
    uscc          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    ownership     TEXT NOT NULL,
    public        INTEGER NOT NULL,
    staff_count   INTEGER NOT NULL,
    region_code   TEXT REFERENCES regions(code),
    industry_code TEXT REFERENCES industries(code),
    uscc_warning  TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX units_org ON units(org_id);
CREATE INDEX units_name ON units(name);

CREATE TABLE users (
    id            {{pk}},
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
    token_hash   {{bytes}} PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           {{pk}},
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   {{bytes}} NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    revoked_at   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE audit_events (
    id          {{pk}},
    at          BIGINT NOT NULL,
    user_id     BIGINT,
    username    TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   BIGINT,
    org_path    {{path}} NOT NULL,
    summary     TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX audit_events_path_at ON audit_events(org_path, at);
CREATE INDEX audit_events_at ON audit_events(at);
