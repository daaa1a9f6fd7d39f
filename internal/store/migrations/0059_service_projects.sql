-- Service projects (服务项目, the “十大品牌” among them) and their yearly
-- evaluation (服务项目评估体系): a year's indicators with targets and what
-- was reached (JSON, validated by the domain), and ratings of members and
-- cadres, one per rater, project and year. The score is computed on read.
CREATE TABLE service_projects (
    id          {{pk}},
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    name        TEXT NOT NULL,
    brand       INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    weights     TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX service_projects_org ON service_projects(org_id, name);

CREATE TABLE service_project_years (
    project_id BIGINT NOT NULL REFERENCES service_projects(id),
    year       INTEGER NOT NULL,
    indicators TEXT NOT NULL,
    PRIMARY KEY (project_id, year)
);

CREATE TABLE service_project_ratings (
    id         {{pk}},
    project_id BIGINT NOT NULL REFERENCES service_projects(id),
    year       INTEGER NOT NULL,
    rater_kind TEXT NOT NULL,
    rater_key  TEXT NOT NULL,
    stars      INTEGER NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    rated_on   TEXT NOT NULL,
    UNIQUE (project_id, year, rater_key)
);
