-- Democratic management: collective contracts with the units they cover,
-- bargaining rounds and topics; workers' congresses with their units and
-- sittings; affairs disclosure; employee directors and supervisors; and
-- the establishment-rate definitions, kept as data so they can change
-- without a new release.

CREATE TABLE contracts (
    id              {{pk}},
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    level           TEXT NOT NULL,
    status          TEXT NOT NULL,
    term_start      TEXT,
    term_end        TEXT,
    signed_on       TEXT,
    filed_on        TEXT,
    effective_on    TEXT,
    ended_on        TEXT,
    covered_staff   INTEGER NOT NULL DEFAULT 0,
    topics          TEXT NOT NULL DEFAULT '[]',
    last_year_avg_wage BIGINT NOT NULL DEFAULT 0,
    adjustment_bp   INTEGER NOT NULL DEFAULT 0,
    wage_workers    INTEGER NOT NULL DEFAULT 0,
    renews_id       BIGINT REFERENCES contracts(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX contracts_org ON contracts(org_id, status);
CREATE INDEX contracts_term_end ON contracts(status, term_end);

CREATE TABLE contract_units (
    contract_id BIGINT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (contract_id, unit_id)
);
CREATE INDEX contract_units_unit ON contract_units(unit_id);

CREATE TABLE contract_events (
    id          {{pk}},
    contract_id BIGINT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    username    TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX contract_events_contract ON contract_events(contract_id, id);

CREATE TABLE congresses (
    id             {{pk}},
    org_id         BIGINT NOT NULL REFERENCES orgs(id),
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    established_on TEXT NOT NULL,
    dissolved_on   TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX congresses_org ON congresses(org_id);

CREATE TABLE congress_units (
    congress_id BIGINT NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (congress_id, unit_id)
);
CREATE INDEX congress_units_unit ON congress_units(unit_id);

CREATE TABLE congress_sittings (
    id          {{pk}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
    held_on     TEXT NOT NULL,
    delegates   INTEGER NOT NULL,
    attended    INTEGER NOT NULL,
    motions     TEXT NOT NULL DEFAULT '[]',
    created_at  BIGINT NOT NULL
);
CREATE INDEX congress_sittings_congress ON congress_sittings(congress_id, held_on);

CREATE TABLE disclosures (
    id             {{pk}},
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    established_on TEXT NOT NULL,
    ended_on       TEXT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX disclosures_unit ON disclosures(unit_id);

CREATE TABLE disclosure_records (
    id            {{pk}},
    disclosure_id BIGINT NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
    disclosed_on  TEXT NOT NULL,
    topic         TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE employee_directors (
    id         {{pk}},
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    role       TEXT NOT NULL,
    name       TEXT NOT NULL,
    since      TEXT NOT NULL,
    until_on   TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX employee_directors_unit ON employee_directors(unit_id);

CREATE TABLE rate_definitions (
    key        TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
