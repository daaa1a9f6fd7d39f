-- Rights protection (维权): intakes from every channel, the cases a request
-- opens, their parties, claims, supervision letters, timeline and
-- documents, and the rules their clocks are computed from.
--
-- Personal data (a caller's or party's name, ID number and phone) is sealed
-- at rest as one value per row (pii, bound to the row), with masked copies
-- for lists; the ID number's blind index finds the person in the member
-- register.

-- The holiday calendar the administrator keeps from the State Council's
-- yearly notice: holidays and make-up working days. A date not listed is
-- a working day from Monday to Friday. Seeded with 2017 (国办发明电〔2016〕
-- 17号) and 2026 (国办发明电〔2025〕7号).
CREATE TABLE rights_calendar (
    on_date    TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO rights_calendar (on_date, kind, name, updated_by, updated_at) VALUES
    ('2017-01-01', 'holiday', '元旦', 'migration', 0),
    ('2017-01-02', 'holiday', '元旦', 'migration', 0),
    ('2017-01-22', 'workday', '春节', 'migration', 0),
    ('2017-01-27', 'holiday', '春节', 'migration', 0),
    ('2017-01-28', 'holiday', '春节', 'migration', 0),
    ('2017-01-29', 'holiday', '春节', 'migration', 0),
    ('2017-01-30', 'holiday', '春节', 'migration', 0),
    ('2017-01-31', 'holiday', '春节', 'migration', 0),
    ('2017-02-01', 'holiday', '春节', 'migration', 0),
    ('2017-02-02', 'holiday', '春节', 'migration', 0),
    ('2017-02-04', 'workday', '春节', 'migration', 0),
    ('2017-04-01', 'workday', '清明节', 'migration', 0),
    ('2017-04-02', 'holiday', '清明节', 'migration', 0),
    ('2017-04-03', 'holiday', '清明节', 'migration', 0),
    ('2017-04-04', 'holiday', '清明节', 'migration', 0),
    ('2017-04-29', 'holiday', '劳动节', 'migration', 0),
    ('2017-04-30', 'holiday', '劳动节', 'migration', 0),
    ('2017-05-01', 'holiday', '劳动节', 'migration', 0),
    ('2017-05-27', 'workday', '端午节', 'migration', 0),
    ('2017-05-28', 'holiday', '端午节', 'migration', 0),
    ('2017-05-29', 'holiday', '端午节', 'migration', 0),
    ('2017-05-30', 'holiday', '端午节', 'migration', 0),
    ('2017-09-30', 'workday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-01', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-02', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-03', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-04', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-05', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-06', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-07', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2017-10-08', 'holiday', '国庆节、中秋节', 'migration', 0),
    ('2026-01-01', 'holiday', '元旦', 'migration', 0),
    ('2026-01-02', 'holiday', '元旦', 'migration', 0),
    ('2026-01-03', 'holiday', '元旦', 'migration', 0),
    ('2026-01-04', 'workday', '元旦', 'migration', 0),
    ('2026-02-14', 'workday', '春节', 'migration', 0),
    ('2026-02-15', 'holiday', '春节', 'migration', 0),
    ('2026-02-16', 'holiday', '春节', 'migration', 0),
    ('2026-02-17', 'holiday', '春节', 'migration', 0),
    ('2026-02-18', 'holiday', '春节', 'migration', 0),
    ('2026-02-19', 'holiday', '春节', 'migration', 0),
    ('2026-02-20', 'holiday', '春节', 'migration', 0),
    ('2026-02-21', 'holiday', '春节', 'migration', 0),
    ('2026-02-22', 'holiday', '春节', 'migration', 0),
    ('2026-02-23', 'holiday', '春节', 'migration', 0),
    ('2026-02-28', 'workday', '春节', 'migration', 0),
    ('2026-04-04', 'holiday', '清明节', 'migration', 0),
    ('2026-04-05', 'holiday', '清明节', 'migration', 0),
    ('2026-04-06', 'holiday', '清明节', 'migration', 0),
    ('2026-05-01', 'holiday', '劳动节', 'migration', 0),
    ('2026-05-02', 'holiday', '劳动节', 'migration', 0),
    ('2026-05-03', 'holiday', '劳动节', 'migration', 0),
    ('2026-05-04', 'holiday', '劳动节', 'migration', 0),
    ('2026-05-05', 'holiday', '劳动节', 'migration', 0),
    ('2026-05-09', 'workday', '劳动节', 'migration', 0),
    ('2026-06-19', 'holiday', '端午节', 'migration', 0),
    ('2026-06-20', 'holiday', '端午节', 'migration', 0),
    ('2026-06-21', 'holiday', '端午节', 'migration', 0),
    ('2026-09-20', 'workday', '国庆节', 'migration', 0),
    ('2026-09-25', 'holiday', '中秋节', 'migration', 0),
    ('2026-09-26', 'holiday', '中秋节', 'migration', 0),
    ('2026-09-27', 'holiday', '中秋节', 'migration', 0),
    ('2026-10-01', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-02', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-03', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-04', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-05', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-06', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-07', 'holiday', '国庆节', 'migration', 0),
    ('2026-10-10', 'workday', '国庆节', 'migration', 0);

-- A jurisdiction's own lengths of the statutory clocks, replacing the
-- defaults (gonghui.DefaultClockRules) for the cases of its unions.
CREATE TABLE rights_clock_rules (
    region_code TEXT NOT NULL REFERENCES regions(code),
    kind        TEXT NOT NULL,
    n           BIGINT NOT NULL,
    unit        TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (region_code, kind)
);

CREATE TABLE rights_intakes (
    id           {{pk}},
    org_id       BIGINT NOT NULL REFERENCES orgs(id),
    channel      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    caller_sealed {{bytes}},
    caller_name  TEXT NOT NULL DEFAULT '',
    caller_id    TEXT NOT NULL DEFAULT '',
    caller_phone TEXT NOT NULL DEFAULT '',
    id_index     {{bytes}},
    person_id    BIGINT REFERENCES persons(id),
    employer_name TEXT NOT NULL DEFAULT '',
    employer_uscc TEXT NOT NULL DEFAULT '',
    unit_id      BIGINT REFERENCES units(id),
    employer_id  BIGINT REFERENCES employers(id),
    summary      TEXT NOT NULL,
    case_id      BIGINT,
    version      BIGINT NOT NULL DEFAULT 1,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX rights_intakes_org ON rights_intakes(org_id, received_on);
CREATE INDEX rights_intakes_unit ON rights_intakes(unit_id, received_on);
CREATE INDEX rights_intakes_employer ON rights_intakes(employer_id, received_on);

CREATE TABLE rights_cases (
    id              {{pk}},
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    kind            TEXT NOT NULL,
    state           TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    intake_id       BIGINT REFERENCES rights_intakes(id),
    employer_name   TEXT NOT NULL,
    employer_uscc   TEXT NOT NULL DEFAULT '',
    unit_id         BIGINT REFERENCES units(id),
    employer_id     BIGINT REFERENCES employers(id),
    summary         TEXT NOT NULL,
    known_on        TEXT,
    job_ended_on    TEXT,
    accepted_on     TEXT,
    override_reason TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    outcome_on      TEXT,
    outcome_reason  TEXT NOT NULL DEFAULT '',
    recovered_fen   BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX rights_cases_org ON rights_cases(org_id, state, received_on);

-- The workers of a case; hardship_level is the level of the worker's
-- hardship approval in force on the day the case was received, frozen.
CREATE TABLE rights_parties (
    case_id          BIGINT NOT NULL REFERENCES rights_cases(id),
    position         BIGINT NOT NULL,
    sealed           {{bytes}} NOT NULL,
    name_masked      TEXT NOT NULL,
    id_masked        TEXT NOT NULL DEFAULT '',
    phone_masked     TEXT NOT NULL DEFAULT '',
    id_index         {{bytes}},
    person_id        BIGINT REFERENCES persons(id),
    migrant          INTEGER NOT NULL DEFAULT 0,
    representative   INTEGER NOT NULL DEFAULT 0,
    hardship_file_id BIGINT REFERENCES hardship_files(id),
    hardship_level   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, position)
);
CREATE INDEX rights_parties_index ON rights_parties(id_index);

CREATE TABLE rights_claims (
    case_id    BIGINT NOT NULL REFERENCES rights_cases(id),
    position   BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, position)
);

CREATE TABLE rights_letters (
    id          {{pk}},
    case_id     BIGINT NOT NULL REFERENCES rights_cases(id),
    kind        TEXT NOT NULL,
    sent_on     TEXT NOT NULL,
    answered_on TEXT
);
CREATE INDEX rights_letters_case ON rights_letters(case_id);

CREATE TABLE rights_steps (
    id         {{pk}},
    case_id    BIGINT NOT NULL REFERENCES rights_cases(id),
    action     TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX rights_steps_case ON rights_steps(case_id, id);

-- Documents: the file's bytes in the database, with their SHA-256.
CREATE TABLE rights_documents (
    id           {{pk}},
    case_id      BIGINT NOT NULL REFERENCES rights_cases(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         {{bytes}} NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX rights_documents_case ON rights_documents(case_id);
