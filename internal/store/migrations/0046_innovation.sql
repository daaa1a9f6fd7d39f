-- Worker innovation (创新发展助推计划): achievements of teams of the
-- register, with their patents (JSON, validated by the domain); review
-- rounds held by a union with their assigned reviewers (user accounts),
-- entries and scores (one per reviewer, entry and round); innovation
-- studios with their members; mentor–apprentice pairs. Each record is
-- kept at a union (its scope).
CREATE TABLE innovation_achievements (
    id          {{pk}},
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    unit_name   TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    patents     TEXT NOT NULL DEFAULT '[]',
    selected_on TEXT,
    rank        INTEGER NOT NULL DEFAULT 0,
    round_id    BIGINT,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX innovation_achievements_org ON innovation_achievements(org_id, year);
CREATE INDEX innovation_achievements_identity ON innovation_achievements(org_id, year, title);

CREATE TABLE innovation_team (
    achievement_id BIGINT NOT NULL REFERENCES innovation_achievements(id),
    position       INTEGER NOT NULL,
    person_id      BIGINT NOT NULL REFERENCES persons(id),
    role           TEXT NOT NULL,
    PRIMARY KEY (achievement_id, position)
);
CREATE INDEX innovation_team_person ON innovation_team(person_id);

CREATE TABLE innovation_rounds (
    id         {{pk}},
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    year       INTEGER NOT NULL,
    level      TEXT NOT NULL,
    title      TEXT NOT NULL,
    blind      INTEGER NOT NULL DEFAULT 0,
    final      INTEGER NOT NULL DEFAULT 0,
    quota      INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'open',
    closed_on  TEXT,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX innovation_rounds_org ON innovation_rounds(org_id, year);

CREATE TABLE innovation_reviewers (
    round_id BIGINT NOT NULL REFERENCES innovation_rounds(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX innovation_reviewers_user ON innovation_reviewers(user_id);

CREATE TABLE innovation_entries (
    round_id       BIGINT NOT NULL REFERENCES innovation_rounds(id),
    achievement_id BIGINT NOT NULL REFERENCES innovation_achievements(id),
    PRIMARY KEY (round_id, achievement_id)
);
CREATE INDEX innovation_entries_achievement ON innovation_entries(achievement_id);

CREATE TABLE innovation_scores (
    round_id       BIGINT NOT NULL REFERENCES innovation_rounds(id),
    achievement_id BIGINT NOT NULL REFERENCES innovation_achievements(id),
    reviewer_id    BIGINT NOT NULL REFERENCES users(id),
    score          INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (round_id, achievement_id, reviewer_id)
);

CREATE TABLE innovation_studios (
    id            {{pk}},
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL,
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    host_unit     TEXT NOT NULL,
    leader_id     BIGINT NOT NULL REFERENCES persons(id),
    founded_on    TEXT NOT NULL,
    recognised_on TEXT NOT NULL,
    reviewed_on   TEXT,
    status        TEXT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX innovation_studios_name ON innovation_studios(org_id, name);
CREATE INDEX innovation_studios_leader ON innovation_studios(leader_id);

CREATE TABLE innovation_studio_members (
    studio_id BIGINT NOT NULL REFERENCES innovation_studios(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (studio_id, person_id)
);
CREATE INDEX innovation_studio_members_person ON innovation_studio_members(person_id);

CREATE TABLE mentor_pairs (
    id            {{pk}},
    org_id        BIGINT NOT NULL REFERENCES orgs(id),
    mentor_id     BIGINT NOT NULL REFERENCES persons(id),
    apprentice_id BIGINT NOT NULL REFERENCES persons(id),
    from_on       TEXT NOT NULL,
    to_on         TEXT NOT NULL,
    goals         TEXT NOT NULL,
    outcome       TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX mentor_pairs_one ON mentor_pairs(mentor_id, apprentice_id, from_on);
CREATE INDEX mentor_pairs_apprentice ON mentor_pairs(apprentice_id);
CREATE INDEX mentor_pairs_org ON mentor_pairs(org_id, from_on);
