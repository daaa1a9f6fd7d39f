-- Inspections of the stations on their cycle, with their findings; each
-- station keeps the day of its latest, so that the stations due are found
-- through an index.

CREATE TABLE station_inspections (
    id           {{pk}},
    home_id      BIGINT NOT NULL REFERENCES worker_homes(id),
    inspected_on TEXT NOT NULL,
    inspector    TEXT NOT NULL,
    passed       INTEGER NOT NULL,
    findings     TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX station_inspections_home ON station_inspections(home_id, inspected_on);

ALTER TABLE worker_homes ADD COLUMN last_inspected_on TEXT;
CREATE INDEX worker_homes_inspection ON worker_homes(last_inspected_on, opened_on);
