-- Worker homes become the stations of the service network: a code unique
-- in the city (the door's QR), a status, a partner business hosting the
-- station for its union and the partner's contact, the services offered
-- (",water,rest," so that one LIKE finds a service), and the grid cell of
-- the position (row of 0.005° of latitude times 100000 plus the column of
-- longitude: see gonghui.GeoPoint.Cell), indexed for the nearest search.

ALTER TABLE worker_homes ADD COLUMN code TEXT;
ALTER TABLE worker_homes ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE worker_homes ADD COLUMN partner TEXT NOT NULL DEFAULT '';
ALTER TABLE worker_homes ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE worker_homes ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE worker_homes ADD COLUMN services TEXT NOT NULL DEFAULT ',';
ALTER TABLE worker_homes ADD COLUMN geo_cell BIGINT;

UPDATE worker_homes SET code = 'ZJ' || CAST(id AS TEXT);
-- Every position in China is north and east of 0°, so integer division
-- rounds down as the domain's cell does.
UPDATE worker_homes SET geo_cell = (lat_micro / 5000 + 18000) * 100000 + lng_micro / 5000 + 36000
    WHERE lat_micro IS NOT NULL AND lng_micro IS NOT NULL;

CREATE UNIQUE INDEX worker_homes_code ON worker_homes(code);
CREATE INDEX worker_homes_cell ON worker_homes(geo_cell);
