-- The employer register (单位名录): every employer of an area as the market
-- regulator or the statistics bureau lists it, keyed by USCC. An employer
-- belongs to the union of its area (org_id: the street's union, or the
-- district's); unit_id links it to the covered unit of the same USCC, and
-- covered_on is the day it counts as unionized from. The imported columns
-- are rewritten by each import; contact and notes are the cadres' and an
-- import leaves them alone. Employers that left (revoked, deregistered,
-- moved out) stay, with left_on: they only leave the figures.
CREATE TABLE employers (
    id            {{pk}},
    uscc          {{ctext}} NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_initials TEXT NOT NULL DEFAULT '',
    legal_form    TEXT NOT NULL,
    ownership     TEXT NOT NULL,
    staff_count   INTEGER NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    region_code   TEXT NOT NULL REFERENCES regions(code),
    industry_code TEXT REFERENCES industries(code),
    registered_on TEXT,
    status        TEXT NOT NULL,
    left_on       TEXT,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    unit_id       BIGINT REFERENCES units(id),
    covered_on    TEXT,
    contact       TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX employers_org ON employers(org_id);
CREATE INDEX employers_unit ON employers(unit_id);
CREATE INDEX employers_region ON employers(region_code);

-- A unit gains its legal form, taken from the register when the two meet.
ALTER TABLE units ADD COLUMN legal_form TEXT NOT NULL DEFAULT '';
