-- Maintained aggregates for the statistics: for the city and each union
-- directly below it, the events of every indicator per day and per year
-- (see statevents.go). A figure on a date is the sum of the year rows
-- before its year and the day rows of its year up to the date. A stale
-- aggregate is not read: figures are computed from the records until it is
-- rebuilt.

CREATE TABLE stat_aggregates (
    org_id     BIGINT PRIMARY KEY REFERENCES orgs(id),
    stale      INTEGER NOT NULL DEFAULT 1,
    rebuilt_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE stat_deltas (
    org_id BIGINT NOT NULL,
    grain  TEXT NOT NULL,
    at     TEXT NOT NULL,
    key    TEXT NOT NULL,
    delta  BIGINT NOT NULL,
    PRIMARY KEY (org_id, grain, at, key)
);

INSERT INTO stat_aggregates (org_id, stale) SELECT id, 1 FROM orgs WHERE depth <= 1;

-- A person's cards are read with their memberships when figures change.
CREATE INDEX cards_person ON cards(person_id);
