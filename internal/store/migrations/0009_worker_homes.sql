-- The worker-home register: worker homes, small homes, public-area homes,
-- warm and wellbeing stations, each hosted by a union. A host union names
-- each of its places once (imports find them again by union and name).
-- Positions are WGS-84 in millionths of a degree.

CREATE TABLE worker_homes (
    id            {{pk}},
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    name          {{ctext}} NOT NULL,
    kind          TEXT NOT NULL,
    address       TEXT NOT NULL,
    region_code   TEXT,
    opening_hours TEXT NOT NULL DEFAULT '',
    lat_micro     BIGINT,
    lng_micro     BIGINT,
    opened_on     TEXT NOT NULL,
    closed_on     TEXT,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX worker_homes_org_name ON worker_homes(org_id, name);
CREATE INDEX worker_homes_kind ON worker_homes(kind, org_id);
