-- Who sees a case: the partner organisations of the six-party mediation
-- mechanism (劳动争议调解六方联动), each kept by a union and offered to
-- the cases of that union's subtree; their staff's accounts (users with a
-- partner_id: no union subtree of their own); the partner a case is with;
-- and the hand-offs between the parties, each acknowledged or declined by
-- the receiver. The case keeps its one number across them.
CREATE TABLE rights_partners (
    id         {{pk}},
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    party      TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX rights_partners_name ON rights_partners(org_id, name);

ALTER TABLE users ADD COLUMN partner_id BIGINT REFERENCES rights_partners(id);
CREATE INDEX users_partner ON users(partner_id);

-- The partner a case is with (NULL: the union handles it itself), and the
-- partner's user it is assigned to, when one is named.
ALTER TABLE rights_cases ADD COLUMN partner_id BIGINT REFERENCES rights_partners(id);
ALTER TABLE rights_cases ADD COLUMN partner_user_id BIGINT REFERENCES users(id);
CREATE INDEX rights_cases_partner ON rights_cases(partner_id);

-- from_partner_id NULL: sent by the case's union.
CREATE TABLE rights_handoffs (
    id              {{pk}},
    case_id         BIGINT NOT NULL REFERENCES rights_cases(id),
    from_partner_id BIGINT REFERENCES rights_partners(id),
    to_partner_id   BIGINT NOT NULL REFERENCES rights_partners(id),
    to_user_id      BIGINT REFERENCES users(id),
    state           TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    sent_by         TEXT NOT NULL,
    sent_on         TEXT NOT NULL,
    answered_by     TEXT NOT NULL DEFAULT '',
    answered_on     TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX rights_handoffs_case ON rights_handoffs(case_id, id);
CREATE INDEX rights_handoffs_to ON rights_handoffs(to_partner_id, state);
