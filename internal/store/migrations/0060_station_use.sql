-- A station in use: members' check-ins (one per member, station and day),
-- reports of what is wrong until a cadre resolves them, and ratings (one
-- per member, station and year). A service project may name a kind of
-- station whose ratings in its union's subtree count as its members'.
CREATE TABLE station_checkins (
    id         {{pk}},
    home_id    BIGINT NOT NULL REFERENCES worker_homes(id),
    person_id  BIGINT NOT NULL REFERENCES persons(id),
    checked_on TEXT NOT NULL,
    checked_at BIGINT NOT NULL,
    UNIQUE (home_id, person_id, checked_on)
);
CREATE INDEX station_checkins_home ON station_checkins(home_id, checked_on);

CREATE TABLE station_reports (
    id          {{pk}},
    home_id     BIGINT NOT NULL REFERENCES worker_homes(id),
    person_id   BIGINT NOT NULL REFERENCES persons(id),
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    reported_on TEXT NOT NULL,
    resolved_on TEXT,
    resolution  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX station_reports_home ON station_reports(home_id, resolved_on);

CREATE TABLE station_ratings (
    home_id   BIGINT NOT NULL REFERENCES worker_homes(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    year      INTEGER NOT NULL,
    stars     INTEGER NOT NULL,
    comment   TEXT NOT NULL DEFAULT '',
    rated_on  TEXT NOT NULL,
    PRIMARY KEY (home_id, person_id, year)
);

ALTER TABLE service_projects ADD COLUMN station_kind TEXT NOT NULL DEFAULT '';
