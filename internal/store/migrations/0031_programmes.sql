-- Assistance programmes (帮扶项目) kept as data by a union for its
-- subtree, and the applications filed under them with every step of their
-- approval. Each step keeps the facts and the assessment it was decided
-- on, so a later edit of the register never changes a past decision.

CREATE TABLE programmes (
    id             {{pk}},
    org_id         BIGINT NOT NULL REFERENCES orgs(id),
    code           TEXT NOT NULL UNIQUE,
    name           {{ctext}} NOT NULL,
    fund_id        BIGINT REFERENCES funds(id),
    recipient_kind TEXT NOT NULL,
    form           TEXT NOT NULL DEFAULT '',
    period_kind    TEXT NOT NULL,
    rules          TEXT NOT NULL,
    active         BIGINT NOT NULL DEFAULT 1,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX programmes_org ON programmes(org_id);

-- subject_kind and subject_id name the recipient city-wide (a person, a
-- hardship file, a unit): duplicates are found by them across unions.
-- household_id is the household on file the assessment found, for the
-- household's caps.
CREATE TABLE applications (
    id                   {{pk}},
    programme_id         BIGINT NOT NULL REFERENCES programmes(id),
    org_id               BIGINT NOT NULL REFERENCES orgs(id),
    period               TEXT NOT NULL,
    subject_kind         TEXT NOT NULL,
    subject_id           BIGINT NOT NULL,
    household_id         BIGINT,
    event_ref            TEXT NOT NULL DEFAULT '',
    applied_on           TEXT NOT NULL,
    state                TEXT NOT NULL,
    step                 BIGINT NOT NULL DEFAULT 0,
    levels               BIGINT NOT NULL,
    input                TEXT NOT NULL,
    payee_account_sealed {{bytes}},
    payee_account_masked TEXT NOT NULL DEFAULT '',
    facts                TEXT NOT NULL,
    assessment           TEXT NOT NULL,
    amount_fen           BIGINT NOT NULL DEFAULT 0,
    override_by          TEXT NOT NULL DEFAULT '',
    override_reason      TEXT NOT NULL DEFAULT '',
    entry_id             BIGINT REFERENCES ledger_entries(id),
    filed_by             TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX applications_subject ON applications(programme_id, period, subject_kind, subject_id);
CREATE INDEX applications_household ON applications(programme_id, period, household_id);
CREATE INDEX applications_event ON applications(subject_kind, subject_id, event_ref);
CREATE INDEX applications_budget ON applications(programme_id, period, state);
CREATE INDEX applications_org ON applications(org_id, state);

CREATE TABLE application_steps (
    id             {{pk}},
    application_id BIGINT NOT NULL REFERENCES applications(id),
    action         TEXT NOT NULL,
    level          BIGINT NOT NULL DEFAULT 0,
    actor          TEXT NOT NULL,
    actor_org_id   BIGINT REFERENCES orgs(id),
    comment        TEXT NOT NULL DEFAULT '',
    facts          TEXT NOT NULL,
    assessment     TEXT NOT NULL,
    at             BIGINT NOT NULL
);
CREATE INDEX application_steps_app ON application_steps(application_id, id);
