-- Cards by holder. The statistics join cards to memberships on person_id
-- for every union an import touches; the partial index cards_one_active
-- cannot serve that join, and without this one each lookup scans all cards.

CREATE INDEX cards_person ON cards(person_id);
