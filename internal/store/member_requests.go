package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"gonghui"
)

// Member requests: what a member asks of their union through the portal
// (gonghui.MemberRequest). The member's statement and fields are sealed
// to the row; so are the documents' bytes. A member reads only their own;
// a cadre reads those of their subtree's unions with the permission the
// kind asks (the assistance filer's for a programme, the rights cadre's
// for legal aid and mediation), each read audited before it is answered.

// lockMemberRequests: at most MaxPendingRequests waiting per member, one
// per programme or kind of case. Key: person ID.
var lockMemberRequests = newLockRule("member requests: a member's waiting requests")

// Sealed columns of a request, each bound to its row.
const (
	sealedRequestDetails  = "member_requests.details"
	sealedRequestDocument = "member_request_documents.data"
)

// RequestUpload is a document as uploaded with a request.
type RequestUpload struct {
	Name string
	Data []byte
}

// requestPermission is what a cadre needs to read and act on a request of
// kind.
func requestPermission(kind string) gonghui.Permission {
	if kind == gonghui.RequestProgramme {
		return gonghui.PermApplyAssistance
	}
	return gonghui.PermEditRights
}

const memberRequestColumns = `r.id, r.kind, COALESCE(r.programme_id, 0), COALESCE(pg.name, ''), r.person_id, p.name, r.org_id, o.name, o.path,
	r.submitted_on, r.state, r.details_sealed, COALESCE(r.application_id, 0), COALESCE(r.intake_id, 0), COALESCE(i.case_id, 0),
	r.reason, r.decided_on, r.version`

const memberRequestFrom = ` FROM member_requests r
	JOIN persons p ON p.id = r.person_id
	JOIN orgs o ON o.id = r.org_id
	LEFT JOIN programmes pg ON pg.id = r.programme_id
	LEFT JOIN rights_intakes i ON i.id = r.intake_id`

type memberRequestRow struct {
	gonghui.MemberRequest
	path   string
	sealed []byte
}

func scanMemberRequest(sc scanner) (memberRequestRow, error) {
	var r memberRequestRow
	m := &r.MemberRequest
	var decided sql.NullString
	err := sc.Scan(&m.ID, &m.Kind, &m.ProgrammeID, &m.ProgrammeName, &m.PersonID, &m.PersonName, &m.OrgID, &m.OrgName, &r.path,
		&m.SubmittedOn, &m.State, &r.sealed, &m.ApplicationID, &m.IntakeID, &m.CaseID, &m.Reason, &decided, &m.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	if err == nil && decided.Valid {
		m.DecidedOn, err = gonghui.ParseDate(decided.String)
	}
	return r, err
}

// open fills the request's sealed fields, its documents and timeline.
func (c conn) openMemberRequest(ctx context.Context, r *memberRequestRow) error {
	if err := c.s.openJSON(r.sealed, sealedRequestDetails, r.ID, &r.Input); err != nil {
		return err
	}
	docs, err := c.requestDocuments(ctx, r.ID)
	if err != nil {
		return err
	}
	r.Documents = docs
	r.Timeline, err = c.requestTimeline(ctx, r.MemberRequest)
	return err
}

func (c conn) requestDocuments(ctx context.Context, id int64) ([]gonghui.Document, error) {
	rows, err := c.query(ctx, `SELECT id, name, content_type, size, sha256, created_at FROM member_request_documents WHERE request_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []gonghui.Document{}
	for rows.Next() {
		var d gonghui.Document
		var at int64
		if err := rows.Scan(&d.ID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &at); err != nil {
			return nil, err
		}
		d.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// SubmitMemberRequest records a member's request under their current
// union, with its documents (at most gonghui.MaxRequestDocuments, each a
// PDF, JPEG or PNG of at most 10 MB). It is audited as the member, without
// the statement.
func (s *Store) SubmitMemberRequest(ctx context.Context, acct gonghui.PortalAccount, clientAddr string, in gonghui.MemberRequestInput, docs []RequestUpload) (gonghui.MemberRequest, error) {
	a := memberActor(acct.ID, clientAddr)
	if s.keys == nil {
		return gonghui.MemberRequest{}, errNoKeys
	}
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v)
	if len(docs) > gonghui.MaxRequestDocuments {
		v.Add("documents", "材料最多5份", "at most 5 documents")
		docs = nil
	}
	described := make([]HardshipAttachment, len(docs))
	for i, d := range docs {
		at, err := s.checkAttachment(a, d.Name, d.Data)
		var ve *gonghui.ValidationError
		if errors.As(err, &ve) {
			for field, msg := range ve.Fields {
				v.Add("documents."+strconv.Itoa(i)+"."+field, d.Name+"："+msg.Zh, d.Name+": "+msg.En)
			}
		}
		described[i] = at
	}
	if err := v.Err(); err != nil {
		return gonghui.MemberRequest{}, err
	}
	var id int64
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockMemberRequests, acct.PersonID); err != nil {
			return err
		}
		org, err := c.currentUnionOf(ctx, acct.PersonID)
		if err != nil {
			return err
		}
		if in.Kind == gonghui.RequestProgramme {
			if err := c.checkRequestProgramme(ctx, in.ProgrammeID, org.Path); err != nil {
				return err
			}
		}
		var waiting, same int
		if err := c.row(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN kind = ? AND COALESCE(programme_id, 0) = ? THEN 1 ELSE 0 END), 0)
			FROM member_requests WHERE person_id = ? AND state = ?`, in.Kind, in.ProgrammeID, acct.PersonID, gonghui.RequestSubmitted).Scan(&waiting, &same); err != nil {
			return err
		}
		switch {
		case same > 0:
			return gonghui.Invalid("kind", "您已有一份同类申请在等待工会受理", "you already have a request of this kind waiting for the union")
		case waiting >= gonghui.MaxPendingRequests:
			return gonghui.Invalid("kind", "等待受理的申请最多5份", "at most 5 requests may wait at once")
		}
		now := s.nowUnix()
		if err := c.row(ctx, `INSERT INTO member_requests (person_id, account_id, org_id, kind, programme_id, state, details_sealed, submitted_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, acct.PersonID, acct.ID, org.ID, in.Kind, nullInt(in.ProgrammeID), gonghui.RequestSubmitted,
			[]byte{}, s.today(), now, now).Scan(&id); err != nil {
			return err
		}
		sealed, err := s.sealJSON(in, sealedRequestDetails, id)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE member_requests SET details_sealed = ? WHERE id = ?`, sealed, id); err != nil {
			return err
		}
		for i, d := range described {
			if _, err := c.exec(ctx, `INSERT INTO member_request_documents (request_id, name, content_type, size, sha256, data_sealed, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, d.Name, d.ContentType, d.Size, d.SHA256,
				s.keys.Seal(string(docs[i].Data), rowBinding(sealedRequestDocument+"\x00"+d.SHA256, id)), now); err != nil {
				return err
			}
		}
		return c.audit(ctx, a, auditEntry{action: "member_request.submit", recordType: "member_request", recordID: id, orgPath: org.Path,
			summary: mustJSON(map[string]any{"kind": in.Kind, "programme_id": in.ProgrammeID, "documents": len(docs)})})
	})
	if err != nil {
		return gonghui.MemberRequest{}, opErr(err, "submit member request")
	}
	return s.MemberRequestOf(ctx, acct, id)
}

// currentUnionOf is the union of the person's active membership; a
// person without one has no union to ask.
func (c conn) currentUnionOf(ctx context.Context, person int64) (gonghui.Org, error) {
	var o gonghui.Org
	err := c.row(ctx, `SELECT o.id, o.name, o.path FROM memberships m JOIN orgs o ON o.id = m.org_id
		WHERE m.person_id = ? AND m.status = 'active' ORDER BY m.id DESC LIMIT 1`, person).Scan(&o.ID, &o.Name, &o.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return o, gonghui.Invalid("kind", "您当前没有有效会籍，无法向工会提出申请", "you hold no active membership, so there is no union to ask")
	}
	return o, err
}

// checkRequestProgramme checks that a member of the union at path may ask
// for the programme: active, paying persons or households, kept by the
// union or one above it.
func (c conn) checkRequestProgramme(ctx context.Context, id int64, path string) error {
	var kind, keeper string
	var active int64
	err := c.row(ctx, `SELECT pg.recipient_kind, pg.active, o.path FROM programmes pg JOIN orgs o ON o.id = pg.org_id WHERE pg.id = ?`, id).Scan(&kind, &active, &keeper)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (active == 0 || !strings.HasPrefix(path, keeper) || kind == gonghui.RecipientEnterprise)) {
		return gonghui.Invalid("programme_id", "您的工会没有这个可申请的项目", "no programme of this number is open to you")
	}
	return err
}

// RequestProgrammes are the programmes a member may ask for: active, for
// persons or households, kept by their union or one above it.
func (s *Store) RequestProgrammes(ctx context.Context, acct gonghui.PortalAccount) ([]gonghui.Programme, error) {
	c := s.conn()
	org, err := c.currentUnionOf(ctx, acct.PersonID)
	var ve *gonghui.ValidationError
	if errors.As(err, &ve) {
		return []gonghui.Programme{}, nil
	}
	if err != nil {
		return nil, opErr(err, "request programmes")
	}
	rows, err := listRows(ctx, c, programmeColumns, programmeFrom, ` WHERE p.active = 1 AND p.recipient_kind <> ? AND substr(?, 1, length(o.path)) = o.path`,
		"o.path, p.code", []any{gonghui.RecipientEnterprise, org.Path}, gonghui.Page{Limit: 200}, scanProgramme)
	out := make([]gonghui.Programme, len(rows))
	for i, r := range rows {
		out[i] = r.Programme
	}
	return out, opErr(err, "request programmes")
}

// memberRequestOf reads one of the person's own requests, opened.
func (c conn) memberRequestOf(ctx context.Context, person, id int64) (gonghui.MemberRequest, error) {
	r, err := scanMemberRequest(c.row(ctx, "SELECT "+memberRequestColumns+memberRequestFrom+" WHERE r.id = ? AND r.person_id = ?", id, person))
	if err == nil {
		err = c.openMemberRequest(ctx, &r)
	}
	return r.MemberRequest, err
}

// MemberRequestOf is one of the member's own requests with its timeline;
// any other answers ErrNotFound.
func (s *Store) MemberRequestOf(ctx context.Context, acct gonghui.PortalAccount, id int64) (gonghui.MemberRequest, error) {
	r, err := s.conn().memberRequestOf(ctx, acct.PersonID, id)
	return r, opErr(err, "member request %d", id)
}

// MemberRequestsOf lists the member's own requests, newest first, each
// with its timeline.
func (s *Store) MemberRequestsOf(ctx context.Context, acct gonghui.PortalAccount) ([]gonghui.MemberRequest, error) {
	c := s.conn()
	rows, err := listRows(ctx, c, memberRequestColumns, memberRequestFrom, " WHERE r.person_id = ?", "r.id DESC", []any{acct.PersonID},
		gonghui.Page{Limit: 100}, scanMemberRequest)
	if err != nil {
		return nil, opErr(err, "member requests")
	}
	out := make([]gonghui.MemberRequest, len(rows))
	for i := range rows {
		if err := c.openMemberRequest(ctx, &rows[i]); err != nil {
			return nil, opErr(err, "member requests")
		}
		out[i] = rows[i].MemberRequest
	}
	return out, nil
}

// MemberRequestDocumentOf is one of the documents of the member's own
// request, with its bytes.
func (s *Store) MemberRequestDocumentOf(ctx context.Context, acct gonghui.PortalAccount, requestID, docID int64) (gonghui.Document, []byte, error) {
	if _, err := s.MemberRequestOf(ctx, acct, requestID); err != nil {
		return gonghui.Document{}, nil, err
	}
	d, data, err := s.conn().requestDocument(ctx, requestID, docID)
	return d, data, opErr(err, "member request document %d", docID)
}

func (c conn) requestDocument(ctx context.Context, requestID, docID int64) (gonghui.Document, []byte, error) {
	var d gonghui.Document
	var sealed []byte
	var at int64
	err := c.row(ctx, `SELECT id, name, content_type, size, sha256, created_at, data_sealed FROM member_request_documents WHERE id = ? AND request_id = ?`,
		docID, requestID).Scan(&d.ID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &at, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil, gonghui.ErrNotFound
	}
	if err != nil {
		return d, nil, err
	}
	d.CreatedAt = time.Unix(at, 0).UTC()
	plain, err := c.s.keys.Open(sealed, rowBinding(sealedRequestDocument+"\x00"+d.SHA256, requestID))
	if err != nil {
		return d, nil, err
	}
	if sum := sha256.Sum256([]byte(plain)); hex.EncodeToString(sum[:]) != d.SHA256 {
		return d, nil, errors.New("member request document " + strconv.FormatInt(docID, 10) + ": its bytes do not match their SHA-256")
	}
	return d, []byte(plain), nil
}

// WithdrawMemberRequest withdraws one of the member's own requests while
// it waits for the union.
func (s *Store) WithdrawMemberRequest(ctx context.Context, acct gonghui.PortalAccount, clientAddr string, id int64) (gonghui.MemberRequest, error) {
	a := memberActor(acct.ID, clientAddr)
	err := s.inTx(ctx, func(c conn) error {
		r, err := scanMemberRequest(c.row(ctx, "SELECT "+memberRequestColumns+memberRequestFrom+" WHERE r.id = ? AND r.person_id = ?", id, acct.PersonID))
		if err != nil {
			return err
		}
		if err := c.endRequest(ctx, id, gonghui.RequestWithdrawn, "", a.Username); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "member_request.withdraw", recordType: "member_request", recordID: id, orgPath: r.path})
	})
	if err != nil {
		return gonghui.MemberRequest{}, opErr(err, "withdraw member request %d", id)
	}
	return s.MemberRequestOf(ctx, acct, id)
}

// endRequest moves a waiting request to its end state; one no longer
// waiting is refused, so two deciders cannot both end it.
func (c conn) endRequest(ctx context.Context, id int64, state, reason, by string) error {
	res, err := c.exec(ctx, `UPDATE member_requests SET state = ?, reason = ?, decided_on = ?, decided_by = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND state = ?`, state, reason, c.s.today(), by, c.s.nowUnix(), id, gonghui.RequestSubmitted)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = gonghui.Invalid("state", "该申请已不在等待受理", "the request is no longer waiting")
		}
		return err
	}
	return nil
}

// requestScope is the condition that keeps a cadre's requests: of their
// subtree's unions, of the kinds their permissions act on.
func requestScope(a gonghui.Actor) (string, []any) {
	scope, args := scopeClause("o.path", a)
	var kinds []any
	for _, k := range gonghui.MemberRequestKinds {
		if a.Can(requestPermission(k.Key)) {
			kinds = append(kinds, k.Key)
		}
	}
	if len(kinds) == 0 {
		return "1 = 0", nil
	}
	return scope + " AND r.kind IN (" + placeholders(len(kinds)) + ")", append(args, kinds...)
}

// ListMemberRequests lists the requests of the actor's subtree, newest
// first, without their sealed fields.
func (s *Store) ListMemberRequests(ctx context.Context, a gonghui.Actor, f gonghui.MemberRequestFilter) ([]gonghui.MemberRequest, int, error) {
	f.Page = f.Page.Normalize()
	where, args := requestScope(a)
	if f.State != "" {
		where, args = where+" AND r.state = ?", append(args, f.State)
	}
	if f.Kind != "" {
		where, args = where+" AND r.kind = ?", append(args, f.Kind)
	}
	rows, total, err := listPage(ctx, s.conn(), memberRequestColumns, memberRequestFrom, " WHERE "+where, "r.id DESC", args, f.Page, scanMemberRequest)
	if err != nil {
		return nil, 0, opErr(err, "list member requests")
	}
	out := make([]gonghui.MemberRequest, len(rows))
	for i, r := range rows {
		out[i] = r.MemberRequest
		out[i].PersonName = gonghui.MaskName(r.PersonName)
	}
	return out, total, nil
}

// WaitingMemberRequests counts the requests of the actor's subtree waiting
// for a union (the inbox).
func (s *Store) WaitingMemberRequests(ctx context.Context, a gonghui.Actor) (int, error) {
	where, args := requestScope(a)
	var n int
	err := s.conn().row(ctx, "SELECT count(*)"+memberRequestFrom+" WHERE "+where+" AND r.state = ?", append(args, gonghui.RequestSubmitted)...).Scan(&n)
	return n, opErr(err, "waiting member requests")
}

func (c conn) getMemberRequest(ctx context.Context, a gonghui.Actor, id int64) (memberRequestRow, error) {
	where, args := requestScope(a)
	return scanMemberRequest(c.row(ctx, "SELECT "+memberRequestColumns+memberRequestFrom+" WHERE r.id = ? AND "+where, append([]any{id}, args...)...))
}

// GetMemberRequest is a request of the actor's subtree, opened: the
// member's statement is personal data, so the read is audited before it
// is answered.
func (s *Store) GetMemberRequest(ctx context.Context, a gonghui.Actor, id int64) (gonghui.MemberRequest, error) {
	var out gonghui.MemberRequest
	err := s.inTx(ctx, func(c conn) error {
		r, err := c.getMemberRequest(ctx, a, id)
		if err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "member_request.read", recordType: "member_request", recordID: id, orgPath: r.path}); err != nil {
			return err
		}
		if err := c.openMemberRequest(ctx, &r); err != nil {
			return err
		}
		out = r.MemberRequest
		return nil
	})
	return out, opErr(err, "get member request %d", id)
}

// MemberRequestDocument is a document of a request of the actor's
// subtree, with its bytes; the download is audited first.
func (s *Store) MemberRequestDocument(ctx context.Context, a gonghui.Actor, requestID, docID int64) (gonghui.Document, []byte, error) {
	var d gonghui.Document
	var data []byte
	err := s.inTx(ctx, func(c conn) error {
		r, err := c.getMemberRequest(ctx, a, requestID)
		if err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "member_request.document", recordType: "member_request", recordID: requestID, orgPath: r.path,
			summary: mustJSON(map[string]any{"document": docID})}); err != nil {
			return err
		}
		d, data, err = c.requestDocument(ctx, requestID, docID)
		return err
	})
	return d, data, opErr(err, "member request %d document %d", requestID, docID)
}

// DeclineMemberRequest declines a waiting request with the reason its
// member reads.
func (s *Store) DeclineMemberRequest(ctx context.Context, a gonghui.Actor, id int64, d gonghui.RequestDecline) (gonghui.MemberRequest, error) {
	v := &gonghui.ValidationError{}
	d.Validate(v)
	if err := v.Err(); err != nil {
		return gonghui.MemberRequest{}, err
	}
	err := s.inTx(ctx, func(c conn) error {
		r, err := c.getMemberRequest(ctx, a, id)
		if err != nil {
			return err
		}
		if r.Version != d.Version {
			return gonghui.ErrConflict
		}
		if err := c.endRequest(ctx, id, gonghui.RequestDeclined, d.Reason, a.Username); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "member_request.decline", recordType: "member_request", recordID: id, orgPath: r.path,
			summary: mustJSON(map[string]any{"reason": d.Reason})})
	})
	if err != nil {
		return gonghui.MemberRequest{}, opErr(err, "decline member request %d", id)
	}
	return s.GetMemberRequest(ctx, a, id)
}

// RequestPrefill is a waiting request as the form that takes it up reads
// it (an audited read, as GetMemberRequest).
func (s *Store) RequestPrefill(ctx context.Context, a gonghui.Actor, id int64) (gonghui.MemberRequest, error) {
	r, err := s.GetMemberRequest(ctx, a, id)
	if err == nil && r.State != gonghui.RequestSubmitted {
		err = gonghui.Invalid("request_id", "该申请已不在等待受理", "the request is no longer waiting")
	}
	return r, err
}

// takeRequest marks a waiting request taken up by the application or
// intake just written for it, in the writer's transaction: the request
// must be of the actor's subtree, of the same person and of the kind (and
// programme) the record is.
func (c conn) takeRequest(ctx context.Context, a gonghui.Actor, id int64, person, programme int64, caseKind string, applicationID, intakeID int64) error {
	r, err := c.getMemberRequest(ctx, a, id)
	if errors.Is(err, gonghui.ErrNotFound) {
		return gonghui.Invalid("request_id", "您的管辖范围内没有这份会员申请", "no member request of this number in your scope")
	}
	if err != nil {
		return err
	}
	switch {
	case person != 0 && r.PersonID != person:
		return gonghui.Invalid("request_id", "会员申请与所填对象不是同一人", "the member request is another person's")
	case applicationID != 0 && (r.Kind != gonghui.RequestProgramme || r.ProgrammeID != programme):
		return gonghui.Invalid("request_id", "会员申请的是另一个项目", "the member asked for another programme")
	case intakeID != 0 && gonghui.CaseKindOf(r.Kind) != caseKind:
		return gonghui.Invalid("request_id", "会员申请的是另一类案件", "the member asked for another kind of case")
	}
	if err := c.endRequest(ctx, id, gonghui.RequestTaken, "", a.Username); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE member_requests SET application_id = ?, intake_id = ? WHERE id = ?`, nullInt(applicationID), nullInt(intakeID), id); err != nil {
		return err
	}
	return c.audit(ctx, a, auditEntry{action: "member_request.take", recordType: "member_request", recordID: id, orgPath: r.path,
		summary: mustJSON(map[string]any{"application_id": applicationID, "intake_id": intakeID})})
}

// callerOfRequest makes an intake taken down for a member's request name
// the member as its caller (typed caller fields give way to the
// register's) and ask for a case.
func (c conn) callerOfRequest(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, in *gonghui.RightsIntakeInput) error {
	p, err := c.requestPerson(ctx, a, in.RequestID)
	var ve *gonghui.ValidationError
	if errors.As(err, &ve) {
		for field, msg := range ve.Fields {
			v.Add(field, msg.Zh, msg.En)
		}
		return nil
	}
	if err != nil {
		return err
	}
	in.CallerName, in.CallerIDNumber, in.CallerPhone = p.Name, p.IDNumber, p.Phone
	if in.Kind != gonghui.IntakeRequest {
		v.Add("kind", "会员的申请须登记为求决并立案", "a member's request is taken down as a request that opens a case")
	}
	return nil
}

// requestPerson is the caller an intake taken down for a request names:
// the member's own name, ID number and phone from the register.
func (c conn) requestPerson(ctx context.Context, a gonghui.Actor, id int64) (gonghui.RightsPartyInput, error) {
	r, err := c.getMemberRequest(ctx, a, id)
	if errors.Is(err, gonghui.ErrNotFound) {
		return gonghui.RightsPartyInput{}, gonghui.Invalid("request_id", "您的管辖范围内没有这份会员申请", "no member request of this number in your scope")
	}
	if err != nil {
		return gonghui.RightsPartyInput{}, err
	}
	var m memberRow
	if err := c.row(ctx, `SELECT p.name, p.id_sealed, p.phone_sealed, p.id_index FROM persons p WHERE p.id = ?`, r.PersonID).
		Scan(&m.Name, &m.idSealed, &m.phoneSeal, &m.idIndex); err != nil {
		return gonghui.RightsPartyInput{}, err
	}
	p, err := c.s.openPerson(m)
	return gonghui.RightsPartyInput{Name: m.Name, IDNumber: p.id, Phone: p.phone}, err
}

// requestTimeline is a request's story as its member reads it: submitted,
// then withdrawn or declined, or taken up and the steps of the
// application or the case since. What cadres note for one another (a
// return's comment, a step's record) stays with them.
func (c conn) requestTimeline(ctx context.Context, r gonghui.MemberRequest) ([]gonghui.TimelineEvent, error) {
	out := []gonghui.TimelineEvent{{On: r.SubmittedOn, What: gonghui.Message{Zh: "提交申请", En: "Submitted"}}}
	switch r.State {
	case gonghui.RequestWithdrawn:
		return append(out, gonghui.TimelineEvent{On: r.DecidedOn, What: gonghui.Message{Zh: "本人撤回", En: "Withdrawn by you"}}), nil
	case gonghui.RequestDeclined:
		return append(out, gonghui.TimelineEvent{On: r.DecidedOn, What: gonghui.Message{Zh: "工会未受理", En: "Declined by the union"}, Note: r.Reason}), nil
	}
	switch {
	case r.ApplicationID != 0:
		return c.applicationTimeline(ctx, r.ApplicationID, out)
	case r.IntakeID != 0:
		out = append(out, gonghui.TimelineEvent{On: r.DecidedOn, What: gonghui.Message{Zh: "工会已登记受理", En: "Registered by the union"}})
		if r.CaseID != 0 {
			return c.caseTimeline(ctx, r.CaseID, out)
		}
	}
	return out, nil
}

// applicationSteps are the application's actions in the member's words.
var applicationSteps = map[string]gonghui.Message{
	gonghui.AppActFile:    {Zh: "工会已提交申请，等待审批", En: "Filed by the union, awaiting approval"},
	gonghui.AppActRefile:  {Zh: "工会已补正后重新提交", En: "Filed again by the union"},
	gonghui.AppActReturn:  {Zh: "退回工会补正材料", En: "Returned to the union for changes"},
	gonghui.AppActRefuse:  {Zh: "审批未通过", En: "Refused"},
	gonghui.AppActApprove: {Zh: "审批通过", En: "Approved"},
	gonghui.AppActImport:  {Zh: "已批准并发放", En: "Approved and paid"},
}

func (c conn) applicationTimeline(ctx context.Context, id int64, out []gonghui.TimelineEvent) ([]gonghui.TimelineEvent, error) {
	var state string
	var amount int64
	if err := c.row(ctx, `SELECT state, amount_fen FROM applications WHERE id = ?`, id).Scan(&state, &amount); err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT action, level, comment, at FROM application_steps WHERE application_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var action, comment string
		var level int
		var at int64
		if err := rows.Scan(&action, &level, &comment, &at); err != nil {
			return nil, err
		}
		e := gonghui.TimelineEvent{On: gonghui.DateOf(time.Unix(at, 0)), What: applicationSteps[action]}
		switch action {
		case gonghui.AppActApprove:
			e.What = gonghui.Message{Zh: "第" + strconv.Itoa(level) + "级审批通过", En: "Approved at level " + strconv.Itoa(level)}
		case gonghui.AppActRefuse:
			e.Note = comment
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if state == gonghui.AppApproved {
		last := out[len(out)-1]
		out = append(out, gonghui.TimelineEvent{On: last.On, What: gonghui.Message{Zh: "已批准，发放", En: "Approved and paid"},
			Note: gonghui.FormatFixed(amount, 2) + " 元"})
	}
	return out, nil
}

// caseSteps are the case's actions in the member's words; the others
// (letters, records) read as the case being handled.
var caseSteps = map[string]gonghui.Message{
	"open":                    {Zh: "立案", En: "Case opened"},
	gonghui.RightsActAccept:   {Zh: "受理", En: "Accepted"},
	gonghui.RightsActRefuse:   {Zh: "不予受理", En: "Refused"},
	gonghui.RightsActOverride: {Zh: "特批援助", En: "Granted by exception"},
	gonghui.RightsActClose:    {Zh: "结案", En: "Closed"},
}

func (c conn) caseTimeline(ctx context.Context, id int64, out []gonghui.TimelineEvent) ([]gonghui.TimelineEvent, error) {
	var outcome string
	var recovered int64
	if err := c.row(ctx, `SELECT outcome, recovered_fen FROM rights_cases WHERE id = ?`, id).Scan(&outcome, &recovered); err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT action, on_date, note FROM rights_steps WHERE case_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var action, note string
		var on gonghui.Date
		if err := rows.Scan(&action, &on, &note); err != nil {
			return nil, err
		}
		e := gonghui.TimelineEvent{On: on, What: gonghui.Message{Zh: "案件办理中", En: "The case was worked on"}}
		if m, ok := caseSteps[action]; ok {
			e.What = m
		}
		switch action {
		case gonghui.RightsActRefuse:
			e.Note = note
		case gonghui.RightsActClose:
			o := gonghui.ChoiceName(gonghui.RightsOutcomes, outcome)
			e.What = gonghui.Message{Zh: "结案：" + o.Zh, En: "Closed: " + o.En}
			if recovered > 0 {
				e.Note = gonghui.FormatFixed(recovered, 2) + " 元"
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
