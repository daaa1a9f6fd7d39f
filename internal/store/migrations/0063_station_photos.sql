-- A station's photos (its door, its room, what it offers): JPEG or PNG
-- bytes in the database with their SHA-256, a few per station, shown to
-- cadres and to members. No personal data: members see them as they see
-- the station.
CREATE TABLE station_photos (
    id           {{pk}},
    home_id      BIGINT NOT NULL REFERENCES worker_homes(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         {{bytes}} NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX station_photos_home ON station_photos(home_id);
