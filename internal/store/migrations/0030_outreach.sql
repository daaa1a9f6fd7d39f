-- Outreach where workers gather (职工聚集区域): worker dialogue meetings and
-- other events a union holds in a building, a community, a park or a
-- market, with the employers of the register each reached (one row per
-- event and employer) and the workers reached and members recruited.
CREATE TABLE outreach_events (
    id                {{pk}},
    org_id            BIGINT NOT NULL REFERENCES orgs(id),
    kind              TEXT NOT NULL,
    place_kind        TEXT NOT NULL,
    place_name        TEXT NOT NULL,
    address           TEXT NOT NULL,
    region_code       TEXT NOT NULL REFERENCES regions(code),
    held_on           TEXT NOT NULL,
    workers_reached   INTEGER NOT NULL DEFAULT 0,
    members_recruited INTEGER NOT NULL DEFAULT 0,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX outreach_events_org ON outreach_events(org_id, held_on);

CREATE TABLE outreach_event_employers (
    event_id    BIGINT NOT NULL REFERENCES outreach_events(id),
    employer_id BIGINT NOT NULL REFERENCES employers(id),
    PRIMARY KEY (event_id, employer_id)
);
CREATE INDEX outreach_event_employers_employer ON outreach_event_employers(employer_id);
