-- A person's address, sealed as the phone is (bound to the person's blind
-- index) and kept masked beside it for lists.
ALTER TABLE persons ADD COLUMN address_sealed {{bytes}};
ALTER TABLE persons ADD COLUMN address_masked TEXT NOT NULL DEFAULT '';

-- A member's own correction of their phone, address and education, made in
-- the portal and confirmed into the register (or rejected with a reason) by
-- a cadre of their current union; the member may withdraw it while it
-- waits. The proposed phone and address are sealed (bound to the person);
-- an empty value proposes no change. One pending correction per person.
CREATE TABLE member_corrections (
    id             {{pk}},
    person_id      BIGINT NOT NULL REFERENCES persons(id),
    phone_sealed   {{bytes}},
    phone_masked   TEXT NOT NULL DEFAULT '',
    address_sealed {{bytes}},
    address_masked TEXT NOT NULL DEFAULT '',
    education      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'pending',
    reason         TEXT NOT NULL DEFAULT '',
    proposed_on    TEXT NOT NULL,
    decided_on     TEXT,
    decided_by     TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX member_corrections_person ON member_corrections(person_id, id);
CREATE UNIQUE INDEX member_corrections_one_pending ON member_corrections(person_id) WHERE status = 'pending';
