-- The member portal (会员之家): a member's own account, apart from the
-- cadres' users. An account belongs to a person of the register (one per
-- person); the union issues a one-time activation code (kept as its hash,
-- expiring), the member activates with it and their ID number, sets a
-- password and binds a phone through a one-time SMS code (kept as a keyed
-- hash, expiring, attempt-limited). Failures back off per account and per
-- code (next_try_at), never lock out.
CREATE TABLE member_accounts (
    id             {{pk}},
    person_id      BIGINT NOT NULL UNIQUE REFERENCES persons(id),
    password_hash  TEXT NOT NULL DEFAULT '',
    phone_sealed   {{bytes}},
    phone_index    {{bytes}},
    phone_masked   TEXT NOT NULL DEFAULT '',
    phone_bound_at BIGINT NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   BIGINT NOT NULL DEFAULT 0,
    sms_sent       INTEGER NOT NULL DEFAULT 0,
    sms_next_at    BIGINT NOT NULL DEFAULT 0,
    activated_at   BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX member_accounts_phone ON member_accounts(phone_index);

-- One live code per person: issuing a new one ends the old (used_at).
CREATE TABLE member_activation_codes (
    id          {{pk}},
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    code_hash   {{bytes}} NOT NULL UNIQUE,
    issued_by   BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT NOT NULL DEFAULT 0,
    failures    INTEGER NOT NULL DEFAULT 0,
    next_try_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX member_activation_codes_person ON member_activation_codes(person_id, used_at);

CREATE TABLE member_sessions (
    token_hash   {{bytes}} PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES member_accounts(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX member_sessions_account ON member_sessions(account_id);

-- The code sent to bind a phone: the latest one counts.
CREATE TABLE member_sms_codes (
    account_id   BIGINT PRIMARY KEY REFERENCES member_accounts(id) ON DELETE CASCADE,
    phone_sealed {{bytes}} NOT NULL,
    phone_index  {{bytes}} NOT NULL,
    phone_masked TEXT NOT NULL,
    code_hash    {{bytes}} NOT NULL,
    expires_at   BIGINT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0
);
