package store

import (
	"context"
	"database/sql"
	"errors"

	"gonghui"
)

// Certificates (职业资格/技能等级证书) and contest results of the
// register's persons: the credentials the qualification subsidy is paid
// on. Each is kept at a union (its scope) and held by a person; a
// certificate is one per issuing body and number across the city.

// lockCertificateNumber: one certificate per issuing body and number,
// city-wide. Key: certificateKey.
var lockCertificateNumber = newLockRule("certificates: one per issuing body and number")

func certificateKey(issuer, number string) int64 { return textKey(issuer + "\x00" + number) }

const certificateColumns = `c.id, c.person_id, pe.name, c.org_id, o.name, c.number, c.occupation, c.level, c.issuer, c.issued_on, c.version`

const certificateFrom = ` FROM certificates c JOIN persons pe ON pe.id = c.person_id JOIN orgs o ON o.id = c.org_id`

func scanCertificate(sc scanner) (gonghui.Certificate, error) {
	var x gonghui.Certificate
	err := sc.Scan(&x.ID, &x.PersonID, &x.PersonName, &x.OrgID, &x.OrgName, &x.Number, &x.Occupation, &x.Level, &x.Issuer, &x.IssuedOn, &x.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return x, gonghui.ErrNotFound
	}
	return x, err
}

func (c conn) getCertificate(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Certificate, string, error) {
	scope, args := scopeClause("o.path", a)
	var path string
	x, err := scanCertificate(rowWithPath{c.row(ctx, "SELECT "+certificateColumns+", o.path"+certificateFrom+" WHERE c.id = ? AND "+scope,
		append([]any{id}, args...)...), &path})
	return x, path, err
}

// rowWithPath scans a record's columns and then its union's path.
type rowWithPath struct {
	sc   scanner
	path *string
}

func (r rowWithPath) Scan(dest ...any) error { return r.sc.Scan(append(dest, r.path)...) }

// GetCertificate returns a certificate kept in the actor's subtree.
func (s *Store) GetCertificate(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Certificate, error) {
	x, _, err := s.conn().getCertificate(ctx, a, id)
	return x, opErr(err, "get certificate %d", id)
}

// CertificateFilter selects certificates.
type CertificateFilter struct {
	PersonID int64
	Page     gonghui.Page
}

// ListCertificates lists the certificates kept in the actor's subtree,
// the latest issued first.
func (s *Store) ListCertificates(ctx context.Context, a gonghui.Actor, f CertificateFilter) ([]gonghui.Certificate, int, error) {
	f.Page = f.Page.Normalize()
	where, args := scopeClause("o.path", a)
	if f.PersonID != 0 {
		where, args = where+" AND c.person_id = ?", append(args, f.PersonID)
	}
	out, n, err := listPage(ctx, s.conn(), certificateColumns, certificateFrom, " WHERE "+where, "c.issued_on DESC, c.id DESC", args, f.Page, scanCertificate)
	return out, n, opErr(err, "list certificates")
}

// SaveCertificate records a certificate (id 0) or changes one still at
// in.Version.
func (s *Store) SaveCertificate(ctx context.Context, a gonghui.Actor, id int64, in gonghui.CertificateInput) (gonghui.Certificate, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Certificate{}, gonghui.ErrForbidden
	}
	in.Normalize()
	err := s.inTx(ctx, func(c conn) error {
		var err error
		id, _, err = c.saveCertificate(ctx, a, id, in)
		return err
	})
	if err != nil {
		return gonghui.Certificate{}, opErr(err, "save certificate")
	}
	return s.GetCertificate(ctx, a, id)
}

// saveCertificate checks and writes a certificate; an import's row of a
// certificate on record as it stands changes nothing.
func (c conn) saveCertificate(ctx context.Context, a gonghui.Actor, id int64, in gonghui.CertificateInput) (int64, UpsertResult, error) {
	var before *gonghui.Certificate
	if id != 0 {
		cur, _, err := c.getCertificate(ctx, a, id)
		if err != nil {
			return 0, 0, err
		}
		before = &cur
	}
	if err := c.lockFor(ctx, lockCertificateNumber, certificateKey(in.Issuer, in.Number)); err != nil {
		return 0, 0, err
	}
	v := &gonghui.ValidationError{}
	in.Validate(v, c.s.today())
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return 0, 0, err
	}
	if err := c.checkPersonInScope(ctx, a, v, "person_id", in.PersonID); err != nil {
		return 0, 0, err
	}
	var other int64
	var otherPerson int64
	err = c.row(ctx, `SELECT id, person_id FROM certificates WHERE issuer = ? AND number = ?`, in.Issuer, in.Number).Scan(&other, &otherPerson)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, err
	}
	if other != 0 && other != id {
		if id == 0 && otherPerson == in.PersonID {
			// The same certificate again (an import run twice): nothing to write.
			if cur, _, err := c.getCertificate(ctx, a, other); err == nil && sameCertificate(cur.ToInput(), in) {
				return other, Unchanged, nil
			}
		}
		v.Add("number", "该发证机关的此编号证书已登记", "a certificate of this number from this issuing body is on record")
	}
	if err := v.Err(); err != nil {
		return 0, 0, err
	}
	if c.checking() {
		return 0, Inserted, nil
	}
	now := c.s.nowUnix()
	args := []any{in.PersonID, in.OrgID, in.Number, in.Occupation, in.Level, in.Issuer, in.IssuedOn, now}
	result := Inserted
	if before != nil {
		result = Updated
		err = c.updateVersioned(ctx, "certificates", `person_id = ?, org_id = ?, number = ?, occupation = ?, level = ?, issuer = ?, issued_on = ?, updated_at = ?`,
			args, id, in.Version)
	} else {
		err = c.row(ctx, `INSERT INTO certificates (person_id, org_id, number, occupation, level, issuer, issued_on, updated_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, now)...).Scan(&id)
	}
	if err != nil {
		return 0, 0, err
	}
	after, _, err := c.getCertificate(ctx, a, id)
	if err != nil {
		return 0, 0, err
	}
	action, prior := "certificate.create", any(nil)
	if before != nil {
		action, prior = "certificate.update", *before
	}
	return id, result, c.audit(ctx, a, auditEntry{action: action, recordType: "certificate", recordID: id, orgPath: org.Path, summary: changeSummary(prior, after)})
}

func sameCertificate(a, b gonghui.CertificateInput) bool {
	a.Version, b.Version = 0, 0
	return a == b
}

// SaveContestResult records a placing in a final.
func (s *Store) SaveContestResult(ctx context.Context, a gonghui.Actor, in gonghui.ContestResultInput) (gonghui.ContestResult, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.ContestResult{}, gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	in.Validate(v, s.today())
	var id int64
	err := s.inTx(ctx, func(c conn) error {
		org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
		if err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM contest_results WHERE person_id = ? AND event = ? AND held_on = ?`, in.PersonID, in.Event, in.HeldOn).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			v.Add("event", "该成绩已登记", "this result is on record")
		}
		if err := c.checkPersonInScope(ctx, a, v, "person_id", in.PersonID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.row(ctx, `INSERT INTO contest_results (person_id, org_id, event, ranking, held_on, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			in.PersonID, in.OrgID, in.Event, in.Rank, in.HeldOn, c.s.nowUnix()).Scan(&id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "contest_result.create", recordType: "contest_result", recordID: id, orgPath: org.Path,
			summary: mustJSON(in)})
	})
	if err != nil {
		return gonghui.ContestResult{}, opErr(err, "save contest result")
	}
	rs, err := s.ContestResults(ctx, a, in.PersonID)
	for _, r := range rs {
		if r.ID == id {
			return r, nil
		}
	}
	return gonghui.ContestResult{}, opErr(errors.Join(err, gonghui.ErrNotFound), "save contest result")
}

// ContestResults lists a person's results kept in the actor's subtree.
func (s *Store) ContestResults(ctx context.Context, a gonghui.Actor, personID int64) ([]gonghui.ContestResult, error) {
	scope, args := scopeClause("o.path", a)
	var out []gonghui.ContestResult
	var r gonghui.ContestResult
	err := s.conn().eachRow(ctx, `SELECT r.id, pe.name, r.person_id, r.org_id, r.event, r.ranking, r.held_on FROM contest_results r
		JOIN persons pe ON pe.id = r.person_id JOIN orgs o ON o.id = r.org_id WHERE r.person_id = ? AND `+scope+` ORDER BY r.held_on DESC, r.id DESC`,
		append([]any{personID}, args...), []any{&r.ID, &r.PersonName, &r.PersonID, &r.OrgID, &r.Event, &r.Rank, &r.HeldOn}, func() { out = append(out, r) })
	return out, opErr(err, "list contest results")
}

// credentialFacts reads the credential an application names: found when
// it is the applicant's, its date, level or placing, and the service card
// and membership held on that date.
func (c conn) credentialFacts(ctx context.Context, in gonghui.ApplicationInput, q *gonghui.QualificationFacts, member *bool) error {
	var holder int64
	var err error
	switch {
	case in.CertificateID != 0:
		err = c.row(ctx, `SELECT person_id, issued_on, level FROM certificates WHERE id = ?`, in.CertificateID).Scan(&holder, &q.On, &q.Level)
	case in.ContestResultID != 0:
		err = c.row(ctx, `SELECT person_id, held_on, event, ranking FROM contest_results WHERE id = ?`, in.ContestResultID).Scan(&holder, &q.On, &q.Event, &q.Rank)
	}
	if errors.Is(err, sql.ErrNoRows) || err == nil && (holder == 0 || holder != in.PersonID) {
		*member = false
		return nil
	}
	if err != nil {
		return err
	}
	q.Found = true
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM cards WHERE person_id = ? AND issued_on <= ? AND (ended_on IS NULL OR ended_on > ?)`,
		holder, q.On, q.On).Scan(&n); err != nil {
		return err
	}
	q.Card = n > 0
	if err := c.row(ctx, `SELECT count(*) FROM memberships WHERE person_id = ? AND joined_on <= ? AND (left_on IS NULL OR left_on > ?)`,
		holder, q.On, q.On).Scan(&n); err != nil {
		return err
	}
	*member = n > 0
	return nil
}
