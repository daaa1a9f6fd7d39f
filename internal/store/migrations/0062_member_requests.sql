-- What members ask of their union through the portal: a programme's help,
-- legal aid or mediation. The member's statement and the fields of the
-- request are sealed (details_sealed, JSON); so are the documents' bytes.
-- A request taken up names the application filed or the intake taken down
-- for it.
CREATE TABLE member_requests (
    id             {{pk}},
    person_id      BIGINT NOT NULL REFERENCES persons(id),
    account_id     BIGINT NOT NULL REFERENCES member_accounts(id),
    org_id         BIGINT NOT NULL REFERENCES orgs(id),
    kind           TEXT NOT NULL,
    programme_id   BIGINT REFERENCES programmes(id),
    state          TEXT NOT NULL,
    details_sealed {{bytes}} NOT NULL,
    submitted_on   TEXT NOT NULL,
    application_id BIGINT REFERENCES applications(id),
    intake_id      BIGINT REFERENCES rights_intakes(id),
    reason         TEXT NOT NULL DEFAULT '',
    decided_on     TEXT,
    decided_by     TEXT NOT NULL DEFAULT '',
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX member_requests_org ON member_requests(org_id, state, id);
CREATE INDEX member_requests_person ON member_requests(person_id, id);

CREATE TABLE member_request_documents (
    id           {{pk}},
    request_id   BIGINT NOT NULL REFERENCES member_requests(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data_sealed  {{bytes}} NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX member_request_documents_request ON member_request_documents(request_id, id);
