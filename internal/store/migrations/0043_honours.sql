-- The honours registry (荣誉): rounds (评选) with their quota and rules
-- (JSON, validated by the domain), the nominations into them, and the
-- honours held — model workers and the “两模一优” awards — each kept at a
-- union (its scope). recipient_key names who an honour goes to across
-- tables: "org:<id>", "team:<id>:<name>", or "person:<blind index, hex>"
-- (a member of the register and a name with the same ID number agree).
-- ID numbers of persons outside the register are sealed, bound to their
-- blind index.
CREATE TABLE honour_rounds (
    id          {{pk}},
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    quota       INTEGER NOT NULL,
    rules       TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'open',
    approved_on TEXT,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX honour_rounds_org ON honour_rounds(org_id, year);

CREATE TABLE honour_nominations (
    id            {{pk}},
    round_id      BIGINT NOT NULL REFERENCES honour_rounds(id),
    by_org_id     BIGINT NOT NULL REFERENCES orgs(id),
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    team_name     TEXT NOT NULL DEFAULT '',
    person_id     BIGINT REFERENCES persons(id),
    person_name   {{ctext}} NOT NULL DEFAULT '',
    id_index      {{bytes}},
    id_sealed     {{bytes}},
    id_masked     TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    unit_name     TEXT NOT NULL DEFAULT '',
    recipient_key TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX honour_nominations_one ON honour_nominations(round_id, recipient_key) WHERE state <> 'withdrawn';
CREATE INDEX honour_nominations_by ON honour_nominations(by_org_id);

CREATE TABLE honours (
    id            {{pk}},
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL,
    year          INTEGER NOT NULL,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    team_name     TEXT NOT NULL DEFAULT '',
    person_id     BIGINT REFERENCES persons(id),
    person_name   {{ctext}} NOT NULL DEFAULT '',
    id_index      {{bytes}},
    id_sealed     {{bytes}},
    id_masked     TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    unit_name     TEXT NOT NULL DEFAULT '',
    recipient_key TEXT NOT NULL,
    round_id      BIGINT REFERENCES honour_rounds(id),
    awarded_on    TEXT NOT NULL,
    status        TEXT NOT NULL,
    status_on     TEXT,
    reason        TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX honours_one_per_round ON honours(round_id, recipient_key) WHERE round_id IS NOT NULL;
CREATE INDEX honours_recipient ON honours(recipient_key, kind, level);
CREATE INDEX honours_org ON honours(org_id, kind);
CREATE INDEX honours_person ON honours(person_id);

CREATE TABLE honour_history (
    id         {{pk}},
    honour_id  BIGINT NOT NULL REFERENCES honours(id),
    on_date    TEXT NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    username   TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX honour_history_honour ON honour_history(honour_id);
