-- Competitions (劳动竞赛, 技能大赛, 北京大工匠挑战赛): events held by a union
-- (their scope), their trades and each trade's rounds in order; the
-- entrants of a trade (a member of the register, or an outsider whose ID
-- number is sealed, both found by the blind index: one entry per trade);
-- who takes part in each round, with the rank and total computed at its
-- close and, in a challenge round, the seat held; scores in hundredths of
-- a point, one per scorer; challenge bouts; the talent pool. A contest
-- result created by a final names the round entry it came from.
CREATE TABLE competitions (
    id           {{pk}},
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    level        TEXT NOT NULL,
    title        {{ctext}} NOT NULL,
    held_from    TEXT NOT NULL,
    held_to      TEXT NOT NULL,
    result_top_n INTEGER NOT NULL DEFAULT 0,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX competitions_org ON competitions(org_id, year);
CREATE UNIQUE INDEX competitions_title ON competitions(org_id, year, title);

CREATE TABLE competition_trades (
    id             {{pk}},
    competition_id BIGINT NOT NULL REFERENCES competitions(id),
    name           {{ctext}} NOT NULL
);
CREATE UNIQUE INDEX competition_trades_name ON competition_trades(competition_id, name);

CREATE TABLE competition_rounds (
    id         {{pk}},
    trade_id   BIGINT NOT NULL REFERENCES competition_trades(id),
    position   INTEGER NOT NULL,
    stage      TEXT NOT NULL,
    scorers    INTEGER NOT NULL,
    advance    INTEGER NOT NULL,
    state      TEXT NOT NULL DEFAULT 'planned',
    opened_on  TEXT,
    closed_on  TEXT,
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX competition_rounds_position ON competition_rounds(trade_id, position);

CREATE TABLE competition_entrants (
    id         {{pk}},
    trade_id   BIGINT NOT NULL REFERENCES competition_trades(id),
    person_id  BIGINT REFERENCES persons(id),
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    id_index   {{bytes}} NOT NULL,
    id_sealed  {{bytes}},
    id_masked  TEXT NOT NULL,
    challenger INTEGER NOT NULL DEFAULT 0,
    entered_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX competition_entrants_once ON competition_entrants(trade_id, id_index);
CREATE INDEX competition_entrants_person ON competition_entrants(person_id);

CREATE TABLE competition_round_entrants (
    round_id   BIGINT NOT NULL REFERENCES competition_rounds(id),
    entrant_id BIGINT NOT NULL REFERENCES competition_entrants(id),
    seat       INTEGER NOT NULL DEFAULT 0,
    ranking    INTEGER NOT NULL DEFAULT 0,
    total      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, entrant_id)
);
CREATE INDEX competition_round_entrants_entrant ON competition_round_entrants(entrant_id);

CREATE TABLE competition_scores (
    round_id   BIGINT NOT NULL REFERENCES competition_rounds(id),
    entrant_id BIGINT NOT NULL REFERENCES competition_entrants(id),
    scorer     INTEGER NOT NULL,
    points     INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, entrant_id, scorer)
);

CREATE TABLE competition_bouts (
    id                {{pk}},
    round_id          BIGINT NOT NULL REFERENCES competition_rounds(id),
    challenger_id     BIGINT NOT NULL REFERENCES competition_entrants(id),
    seed_id           BIGINT NOT NULL REFERENCES competition_entrants(id),
    seat              INTEGER NOT NULL,
    challenger_points INTEGER NOT NULL,
    seed_points       INTEGER NOT NULL,
    challenger_won    INTEGER NOT NULL,
    held_on           TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE UNIQUE INDEX competition_bouts_once ON competition_bouts(round_id, challenger_id);

CREATE TABLE talent_pool (
    id         {{pk}},
    entrant_id BIGINT NOT NULL REFERENCES competition_entrants(id),
    round_id   BIGINT NOT NULL REFERENCES competition_rounds(id),
    ranking    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    entered_on TEXT NOT NULL
);
CREATE UNIQUE INDEX talent_pool_once ON talent_pool(entrant_id, round_id);

ALTER TABLE contest_results ADD COLUMN round_id BIGINT REFERENCES competition_rounds(id);
