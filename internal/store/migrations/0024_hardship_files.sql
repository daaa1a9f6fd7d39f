-- Hardship files (困难职工档案): one per household, filed by a union. The
-- household's persons are one row each, found by the blind index of their
-- ID number (as persons.id_index) whether or not they are in the member
-- register; while a file is not closed its persons belong to no other
-- file (live_index: the index while live, NULL once closed). Incomes and
-- rigid expenses are annual, in fen, by kind. Every transition is kept in
-- hardship_history; every approval freezes the inputs it was decided on
-- in hardship_approvals, whose spans [approved_on, ended_on) the
-- statistics count.

CREATE TABLE hardship_allowances (
    region_code TEXT NOT NULL,
    year        BIGINT NOT NULL,
    monthly_fen BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE hardship_files (
    id           {{pk}},
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    region_code  TEXT NOT NULL,
    address      TEXT NOT NULL,
    state        TEXT NOT NULL,
    filing_kind  TEXT NOT NULL DEFAULT '',
    causes       TEXT NOT NULL DEFAULT '',
    cause_note   TEXT NOT NULL DEFAULT '',
    head_name    {{ctext}} NOT NULL,
    applied_on   TEXT NOT NULL,
    notice_until TEXT,
    filed_on     TEXT,
    review_due   TEXT,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX hardship_files_org ON hardship_files(org_id, state);

CREATE TABLE hardship_people (
    id         {{pk}},
    file_id    BIGINT NOT NULL REFERENCES hardship_files(id),
    position   BIGINT NOT NULL,
    name       {{ctext}} NOT NULL,
    id_sealed  {{bytes}} NOT NULL,
    id_index   {{bytes}} NOT NULL,
    id_masked  TEXT NOT NULL,
    live_index {{bytes}},
    relation   TEXT NOT NULL DEFAULT '',
    health     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX hardship_people_live ON hardship_people(live_index);
CREATE INDEX hardship_people_file ON hardship_people(file_id, position);
CREATE INDEX hardship_people_index ON hardship_people(id_index);

CREATE TABLE hardship_amounts (
    file_id    BIGINT NOT NULL REFERENCES hardship_files(id),
    side       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (file_id, side, kind)
);

CREATE TABLE hardship_history (
    id         {{pk}},
    file_id    BIGINT NOT NULL REFERENCES hardship_files(id),
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    actor_org  BIGINT,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX hardship_history_file ON hardship_history(file_id, id);

CREATE TABLE hardship_approvals (
    id               {{pk}},
    file_id          BIGINT NOT NULL REFERENCES hardship_files(id),
    approved_on      TEXT NOT NULL,
    ended_on         TEXT,
    approver         TEXT NOT NULL,
    approver_org     BIGINT,
    filing_kind      TEXT NOT NULL,
    level            TEXT NOT NULL,
    household_size   BIGINT NOT NULL,
    income_fen       BIGINT NOT NULL,
    rigid_fen        BIGINT NOT NULL,
    allowance_fen    BIGINT NOT NULL,
    allowance_region TEXT NOT NULL,
    allowance_year   BIGINT NOT NULL,
    snapshot         TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX hardship_approvals_file ON hardship_approvals(file_id, approved_on);

-- The persons of the household as approved, by blind index: who was in a
-- household on file on a day does not change with later edits.
CREATE TABLE hardship_approval_people (
    approval_id BIGINT NOT NULL REFERENCES hardship_approvals(id),
    id_index    {{bytes}} NOT NULL,
    PRIMARY KEY (approval_id, id_index)
);
CREATE INDEX hardship_approval_people_index ON hardship_approval_people(id_index);

CREATE TABLE hardship_visits (
    id         {{pk}},
    file_id    BIGINT NOT NULL REFERENCES hardship_files(id),
    visited_on TEXT NOT NULL,
    kind       TEXT NOT NULL,
    visitors   TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX hardship_visits_file ON hardship_visits(file_id, visited_on);

-- Evidence: the file's bytes in the database, with their SHA-256.
CREATE TABLE hardship_attachments (
    id           {{pk}},
    file_id      BIGINT NOT NULL REFERENCES hardship_files(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         {{bytes}} NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX hardship_attachments_file ON hardship_attachments(file_id);
