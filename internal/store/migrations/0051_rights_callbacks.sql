-- The callback (回访) after a case closes: every attempt, and at most one
-- that reached the worker, with the worker's satisfaction.
CREATE TABLE rights_callbacks (
    id           {{pk}},
    case_id      BIGINT NOT NULL REFERENCES rights_cases(id),
    on_date      TEXT NOT NULL,
    reached      INTEGER NOT NULL,
    satisfaction TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX rights_callbacks_case ON rights_callbacks(case_id, id);
CREATE UNIQUE INDEX rights_callbacks_reached ON rights_callbacks(case_id) WHERE reached = 1;
