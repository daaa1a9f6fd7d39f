-- Unionization campaigns (建会攻坚): a union's drive over the employers of
-- its area still without a union, picked by a filter (kept as JSON). Each
-- target is one employer, assigned to a cadre (assignee_user_id) or an
-- industry federation (assignee_org_id) with a deadline, and carries the
-- outcome of its latest visit; founded, union_id is the union covering it.
CREATE TABLE campaigns (
    id         {{pk}},
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    filter     TEXT NOT NULL DEFAULT '{}',
    version    BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX campaigns_org ON campaigns(org_id);

CREATE TABLE campaign_targets (
    id               {{pk}},
    campaign_id      BIGINT NOT NULL REFERENCES campaigns(id),
    employer_id      BIGINT NOT NULL REFERENCES employers(id),
    assignee_user_id BIGINT REFERENCES users(id),
    assignee_org_id  BIGINT REFERENCES orgs(id),
    due_on           TEXT,
    outcome          TEXT NOT NULL DEFAULT '',
    outcome_on       TEXT,
    union_id         BIGINT REFERENCES orgs(id),
    version          BIGINT NOT NULL DEFAULT 1,
    UNIQUE (campaign_id, employer_id)
);
CREATE INDEX campaign_targets_assignee ON campaign_targets(assignee_user_id, due_on);

CREATE TABLE campaign_visits (
    id         {{pk}},
    target_id  BIGINT NOT NULL REFERENCES campaign_targets(id),
    visited_on TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    visitor    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX campaign_visits_target ON campaign_visits(target_id);
