-- Needs surveys (职工需求调查): a union's questionnaire (its questions as
-- JSON, validated by the domain), sent to its subtree's members. Who
-- answered (survey_respondents: once per member) is kept apart from what
-- was answered (survey_responses, survey_answers): an anonymous survey's
-- response names no person. A response counts at its respondent's union.
CREATE TABLE surveys (
    id         {{pk}},
    org_id     BIGINT NOT NULL REFERENCES orgs(id),
    title      TEXT NOT NULL,
    intro      TEXT NOT NULL DEFAULT '',
    anonymous  INTEGER NOT NULL DEFAULT 0,
    opens_on   TEXT NOT NULL,
    closes_on  TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'draft',
    questions  TEXT NOT NULL DEFAULT '[]',
    version    BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX surveys_org ON surveys(org_id, opens_on);

CREATE TABLE survey_respondents (
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    PRIMARY KEY (survey_id, person_id)
);

CREATE TABLE survey_responses (
    id          {{pk}},
    survey_id   BIGINT NOT NULL REFERENCES surveys(id),
    org_id      BIGINT NOT NULL REFERENCES orgs(id),
    person_id   BIGINT REFERENCES persons(id),
    channel     TEXT NOT NULL,
    answered_on TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, org_id);

-- One row per answered question, and per chosen option of a multiple
-- choice: choice is the option (or the point of a scale), -1 for a text.
CREATE TABLE survey_answers (
    response_id BIGINT NOT NULL REFERENCES survey_responses(id),
    question    INTEGER NOT NULL,
    choice      INTEGER NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question, choice)
);
