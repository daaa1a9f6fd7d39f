-- The yearly census (统计年报): one return per union and census year, its
-- figures (the computed snapshot beside the confirmed value), and the
-- history of every step and correction.

CREATE TABLE census_returns (
    id            {{pk}},
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    year          INTEGER NOT NULL,
    state         TEXT NOT NULL,
    return_reason TEXT NOT NULL DEFAULT '',
    computed_at   BIGINT NOT NULL,
    submitted_by  TEXT NOT NULL DEFAULT '',
    submitted_at  BIGINT,
    reviewed_by   TEXT NOT NULL DEFAULT '',
    reviewed_at   BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (org_id, year)
);
CREATE INDEX census_returns_year ON census_returns(year, state);

CREATE TABLE census_figures (
    return_id BIGINT NOT NULL REFERENCES census_returns(id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    computed  BIGINT NOT NULL,
    confirmed BIGINT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (return_id, key)
);

CREATE TABLE census_events (
    id        {{pk}},
    return_id BIGINT NOT NULL REFERENCES census_returns(id) ON DELETE CASCADE,
    action    TEXT NOT NULL,
    figure    TEXT NOT NULL DEFAULT '',
    old_value BIGINT,
    new_value BIGINT,
    reason    TEXT NOT NULL DEFAULT '',
    username  TEXT NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX census_events_return ON census_events(return_id, id);
