-- Members: the real-name register. Citizen ID numbers and phones are sealed
-- (AES-GCM) with a keyed blind index for exact lookup and uniqueness; birth
-- date, sex and province are derived from the ID and kept in the clear for
-- statistics. One active membership per person is enforced by an index.

ALTER TABLE orgs ADD COLUMN reported_members INTEGER;

CREATE TABLE persons (
    id            {{pk}},
    name          {{ctext}} NOT NULL,
    name_initials {{ctext}} NOT NULL,
    id_sealed     {{bytes}} NOT NULL,
    id_index      {{bytes}} NOT NULL UNIQUE,
    id_masked     TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    sex           TEXT NOT NULL,
    province      TEXT NOT NULL,
    phone_sealed  {{bytes}},
    phone_index   {{bytes}},
    phone_masked  TEXT NOT NULL DEFAULT '',
    ethnicity     TEXT NOT NULL DEFAULT '',
    education     TEXT NOT NULL DEFAULT '',
    political     TEXT NOT NULL DEFAULT '',
    household     TEXT NOT NULL DEFAULT '',
    employment    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX persons_name ON persons(name);
CREATE INDEX persons_initials ON persons(name_initials);
CREATE INDEX persons_phone ON persons(phone_index);
CREATE INDEX persons_name_birth ON persons(birth_date, name);

CREATE TABLE memberships (
    id           {{pk}},
    person_id    BIGINT NOT NULL REFERENCES persons(id),
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    unit_id      BIGINT REFERENCES units(id),
    status       TEXT NOT NULL,
    joined_on    TEXT NOT NULL,
    left_on      TEXT,
    leave_reason TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX memberships_one_active ON memberships(person_id) WHERE status = 'active';
CREATE INDEX memberships_org ON memberships(org_id, status);
CREATE INDEX memberships_person ON memberships(person_id);
CREATE INDEX memberships_unit ON memberships(unit_id);

CREATE TABLE cards (
    id         {{pk}},
    person_id  BIGINT NOT NULL REFERENCES persons(id),
    card_no    TEXT NOT NULL UNIQUE,
    issued_on  TEXT NOT NULL,
    status     TEXT NOT NULL,
    ended_on   TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX cards_one_active ON cards(person_id) WHERE status = 'active';

CREATE TABLE transfers (
    id            {{pk}},
    membership_id BIGINT NOT NULL REFERENCES memberships(id),
    person_id     BIGINT NOT NULL REFERENCES persons(id),
    from_org_id   BIGINT NOT NULL REFERENCES orgs(id),
    to_org_id     BIGINT NOT NULL REFERENCES orgs(id),
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    requested_by  TEXT NOT NULL,
    requested_at  BIGINT NOT NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    BIGINT NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    new_membership_id BIGINT REFERENCES memberships(id)
);
CREATE UNIQUE INDEX transfers_one_pending ON transfers(membership_id) WHERE status = 'pending';
CREATE INDEX transfers_to ON transfers(to_org_id, status);
CREATE INDEX transfers_from ON transfers(from_org_id, status);

CREATE TABLE imports (
    id             {{pk}},
    user_id        BIGINT,
    username       TEXT NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'members',
    scope_path     {{path}} NOT NULL,
    filename       TEXT NOT NULL,
    format         TEXT NOT NULL DEFAULT '',
    encoding       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    dry_run        INTEGER NOT NULL DEFAULT 0,
    all_or_nothing INTEGER NOT NULL DEFAULT 0,
    rows_done      INTEGER NOT NULL DEFAULT 0,
    inserted       INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    unchanged      INTEGER NOT NULL DEFAULT 0,
    failed         INTEGER NOT NULL DEFAULT 0,
    progress       INTEGER NOT NULL DEFAULT 0,
    warnings       TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL DEFAULT '',
    header         TEXT NOT NULL DEFAULT '',
    started_at     BIGINT NOT NULL,
    finished_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX imports_scope ON imports(scope_path, started_at);

CREATE TABLE import_errors (
    id         {{pk}},
    import_id  BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    field      TEXT NOT NULL,
    zh         TEXT NOT NULL,
    en         TEXT NOT NULL,
    row_sealed {{bytes}}
);
CREATE INDEX import_errors_import ON import_errors(import_id, line);
