-- The qualification subsidy (助推金): the certificates (职业资格/技能等级
-- 证书) and contest results of the register's persons it is paid on, the
-- credential each application names ("certificate:<id>", "contest:<id>"),
-- found across unions so that one is paid once, and the lotteries drawn
-- when a year's eligible applications exceed the quota or the budget.
CREATE TABLE certificates (
    id           {{pk}},
    person_id    BIGINT NOT NULL REFERENCES persons(id),
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    number       TEXT NOT NULL,
    occupation   {{ctext}} NOT NULL,
    level        TEXT NOT NULL,
    issuer       {{ctext}} NOT NULL,
    issued_on    TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX certificates_number ON certificates(issuer, number);
CREATE INDEX certificates_person ON certificates(person_id);
CREATE INDEX certificates_org ON certificates(org_id);

CREATE TABLE contest_results (
    id         {{pk}},
    person_id  BIGINT NOT NULL REFERENCES persons(id),
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    event      {{ctext}} NOT NULL,
    ranking    INTEGER NOT NULL,
    held_on    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX contest_results_one ON contest_results(person_id, event, held_on);
CREATE INDEX contest_results_org ON contest_results(org_id);

ALTER TABLE applications ADD COLUMN credential TEXT NOT NULL DEFAULT '';
CREATE INDEX applications_credential ON applications(credential, state);

-- candidates: the applications drawn among, in id order (JSON), so that
-- the draw is replayed from the seed alone.
CREATE TABLE lotteries (
    id            {{pk}},
    programme_id  BIGINT NOT NULL REFERENCES programmes(id),
    period        TEXT NOT NULL,
    seed          TEXT NOT NULL,
    quota         INTEGER NOT NULL,
    budget_fen    BIGINT NOT NULL,
    candidates    TEXT NOT NULL,
    drawn_by      TEXT NOT NULL,
    drawn_at      BIGINT NOT NULL
);
CREATE INDEX lotteries_programme ON lotteries(programme_id, period);

CREATE TABLE lottery_draws (
    lottery_id     BIGINT NOT NULL REFERENCES lotteries(id),
    seq            INTEGER NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    amount_fen     BIGINT NOT NULL,
    won            INTEGER NOT NULL,
    PRIMARY KEY (lottery_id, seq)
);
CREATE UNIQUE INDEX lottery_draws_application ON lottery_draws(application_id);
