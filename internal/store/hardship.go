package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/idcard"
)

// Hardship files (困难职工档案): one per household, its persons found by the
// blind index of their ID numbers across the whole city. Incomes, rigid
// expenses, health and the causes' description are sensitive personal
// information: masked unless revealed with the reveal permission, audited.

// sealedHardshipID binds a household person's sealed ID number.
const sealedHardshipID = "hardship_people.id_sealed"

// masked stands for a sensitive text not revealed.
const masked = "******"

// lockHardshipPerson: a person belongs to one household on file (a file not
// closed), whatever union started it. Key: the person's blind index.
var lockHardshipPerson = newLockRule("hardship files: one household per person")

const hardshipFileColumns = `f.id, f.org_id, o.name, f.region_code, f.address, f.state, f.filing_kind, f.causes, f.sensitive,
	f.applied_on, f.notice_until, f.filed_on, f.review_due, f.version, o.path,
	COALESCE((SELECT ap.level FROM hardship_approvals ap WHERE ap.file_id = f.id AND ap.ended_on IS NULL), '')`

const hardshipFileFrom = ` FROM hardship_files f JOIN orgs o ON o.id = f.org_id`

// hardshipRow is a file as read, before masking.
type hardshipRow struct {
	gonghui.HardshipFile
	path            string
	indexes, sealed [][]byte // the persons' blind indexes and sealed ID numbers, head first
	sensitive       []byte   // sealed: see hardshipSensitive
}

func scanHardshipFile(sc scanner) (*hardshipRow, error) {
	r := &hardshipRow{}
	f := &r.HardshipFile
	var causes string
	var notice, filed, review *string
	err := sc.Scan(&f.ID, &f.OrgID, &f.OrgName, &f.RegionCode, &f.Address, &f.State, &f.FilingKind, &causes, &r.sensitive,
		&f.AppliedOn, &notice, &filed, &review, &f.Version, &r.path, &f.ApprovedLevel)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, gonghui.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	f.Causes = []string{}
	if causes != "" {
		f.Causes = strings.Split(causes, ",")
	}
	for _, d := range []struct {
		s   *string
		dst *gonghui.Date
	}{{notice, &f.NoticeUntil}, {filed, &f.FiledOn}, {review, &f.ReviewDue}} {
		if d.s != nil {
			if *d.dst, err = gonghui.ParseDate(*d.s); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// hardshipFiles reads the files matching where (with their persons and
// amounts), unmasked: the callers mask or reveal.
func (c conn) hardshipFiles(ctx context.Context, where, order string, args []any, p *gonghui.Page) ([]*hardshipRow, int, error) {
	var rows []*hardshipRow
	var total int
	var err error
	scan := func(sc scanner) (*hardshipRow, error) { return scanHardshipFile(sc) }
	if p != nil {
		rows, total, err = listPage(ctx, c, hardshipFileColumns, hardshipFileFrom, " WHERE "+where, order, args, *p, scan)
	} else {
		rows, err = listRows(ctx, c, hardshipFileColumns, hardshipFileFrom, " WHERE "+where, order, args, gonghui.Page{Limit: 1 << 30}, scan)
		total = len(rows)
	}
	if err != nil || len(rows) == 0 {
		return rows, total, err
	}
	byID := map[int64]*hardshipRow{}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		byID[r.ID], ids[i] = r, r.ID
		r.Members = []gonghui.HardshipPerson{}
	}
	in, inArgs := inList("hp.file_id", ids)
	var fileID int64
	var pos int
	var person gonghui.HardshipPerson
	var sealed, index []byte
	var personID *int64
	err = c.eachRow(ctx, `SELECT hp.file_id, hp.position, hp.name, hp.id_masked, hp.id_sealed, hp.id_index, hp.relation,
		(SELECT min(p.id) FROM persons p WHERE p.id_index = hp.id_index)
		FROM hardship_people hp WHERE `+in+` ORDER BY hp.file_id, hp.position`, inArgs,
		[]any{&fileID, &pos, &person.Name, &person.IDNumber, &sealed, &index, &person.Relation, &personID}, func() {
			r := byID[fileID]
			person.PersonID = 0
			if personID != nil {
				person.PersonID = *personID
			}
			// The sealed number rides in IDNumber's place until revealed.
			r.indexes = append(r.indexes, append([]byte(nil), index...))
			if pos == 0 {
				r.Head = person
			} else {
				r.Members = append(r.Members, person)
			}
			r.sealed = append(r.sealed, append([]byte(nil), sealed...))
		})
	if err != nil {
		return nil, 0, err
	}
	for _, r := range rows {
		if err := c.s.openHardshipSensitive(r, r.sensitive); err != nil {
			return nil, 0, err
		}
	}
	year, _, _ := c.s.today().Parts()
	allowances := map[string]int64{}
	for _, r := range rows {
		key := districtOf(r.RegionCode)
		al, ok := allowances[key]
		if !ok {
			if al, err = c.allowanceFor(ctx, key, year); err != nil {
				return nil, 0, err
			}
			allowances[key] = al
		}
		if al > 0 {
			r.Level = r.ToInput().Means(al).Level()
		}
	}
	return rows, total, nil
}

// districtOf is the district of a district or street code.
func districtOf(region string) string {
	if len(region) > 6 {
		return region[:6]
	}
	return region
}

// mask hides the sensitive fields (ID numbers stay masked as stored).
func (r *hardshipRow) mask() gonghui.HardshipFile {
	f := r.HardshipFile
	hide := func(s string) string {
		if s == "" {
			return ""
		}
		return masked
	}
	f.CauseNote = hide(f.CauseNote)
	f.Head.Health = hide(f.Head.Health)
	f.Members = append([]gonghui.HardshipPerson{}, f.Members...)
	for i := range f.Members {
		f.Members[i].Health = hide(f.Members[i].Health)
	}
	for _, list := range []*[]gonghui.HardshipAmount{&f.Incomes, &f.Expenses} {
		out := make([]gonghui.HardshipAmount, len(*list))
		for i, a := range *list {
			out[i] = gonghui.HardshipAmount{Kind: a.Kind}
		}
		*list = out
	}
	return f
}

// reveal opens the persons' ID numbers; the caller checks the permission
// and audits.
func (s *Store) revealHardship(r *hardshipRow) (gonghui.HardshipFile, error) {
	f := r.HardshipFile
	f.Members = append([]gonghui.HardshipPerson{}, f.Members...)
	for i := range r.indexes {
		number, err := s.keys.Open(r.sealed[i], hardshipBinding(r.indexes[i]))
		if err != nil {
			return f, err
		}
		if i == 0 {
			f.Head.IDNumber = number
		} else {
			f.Members[i-1].IDNumber = number
		}
	}
	f.Revealed = true
	return f, nil
}

func hardshipBinding(idIndex []byte) []byte { return personBinding(sealedHardshipID, idIndex) }

func (c conn) getHardshipFile(ctx context.Context, a gonghui.Actor, id int64) (*hardshipRow, error) {
	scope, args := scopeClause("o.path", a)
	rows, _, err := c.hardshipFiles(ctx, "f.id = ? AND "+scope, "f.id", append([]any{id}, args...), nil)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, gonghui.ErrNotFound
	}
	return rows[0], nil
}

// GetHardshipFile returns a file of the actor's subtree, masked; reveal
// shows the ID numbers, incomes, expenses, health and causes in full,
// which needs the reveal permission and is audited before it is returned.
func (s *Store) GetHardshipFile(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.HardshipFile, error) {
	r, err := s.conn().getHardshipFile(ctx, a, id) // scope first: outside it, "not found"
	if err != nil {
		return gonghui.HardshipFile{}, opErr(err, "get hardship file %d", id)
	}
	if !reveal {
		return r.mask(), nil
	}
	f, err := s.revealOf(ctx, a, r, "view")
	return f, opErr(err, "get hardship file %d", id)
}

// revealOf reveals a file read in scope, audited: to view it (the reveal
// permission) or to edit it (the editor sees what they change).
func (s *Store) revealOf(ctx context.Context, a gonghui.Actor, r *hardshipRow, purpose string) (gonghui.HardshipFile, error) {
	need := gonghui.PermRevealMembers
	if purpose == "edit" {
		need = gonghui.PermEditHardship
	}
	if !a.Can(need) {
		return gonghui.HardshipFile{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.HardshipFile{}, errNoKeys
	}
	f, err := s.revealHardship(r)
	if err != nil {
		return gonghui.HardshipFile{}, err
	}
	return f, s.Audit(ctx, a, "hardship.reveal", "hardship_file", r.ID, r.path,
		`{"fields":["id_number","incomes","expenses","health","cause_note"],"for":"`+purpose+`"}`, gonghui.OutcomeSuccess)
}

// hardshipSorts are the orders of the file list.
var hardshipSorts = listSorts{"head": "f.head_name", "org": "o.name_initials, o.name", "applied": "f.applied_on", "state": "f.state",
	"review": "f.review_due"}

// ListHardshipFiles pages through the files of the actor's subtree (or of
// f.OrgID's), masked; closed files only when asked for by state.
func (s *Store) ListHardshipFiles(ctx context.Context, a gonghui.Actor, f gonghui.HardshipFileFilter) ([]gonghui.HardshipFile, int, error) {
	rows, total, err := s.listHardship(ctx, a, f)
	if err != nil {
		return nil, 0, opErr(err, "list hardship files")
	}
	out := make([]gonghui.HardshipFile, len(rows))
	for i, r := range rows {
		out[i] = r.mask()
	}
	return out, total, nil
}

// ListHardshipFilesRevealed is ListHardshipFiles unmasked, for an export
// in the import template's columns: it needs the reveal permission, and
// the export that calls it is audited (with its query) before its first
// byte.
func (s *Store) ListHardshipFilesRevealed(ctx context.Context, a gonghui.Actor, f gonghui.HardshipFileFilter) ([]gonghui.HardshipFile, error) {
	if !a.Can(gonghui.PermRevealMembers) {
		return nil, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	rows, _, err := s.listHardship(ctx, a, f)
	if err != nil {
		return nil, opErr(err, "list hardship files")
	}
	out := make([]gonghui.HardshipFile, len(rows))
	for i, r := range rows {
		if out[i], err = s.revealHardship(r); err != nil {
			return nil, opErr(err, "list hardship files")
		}
	}
	return out, nil
}

func (s *Store) listHardship(ctx context.Context, a gonghui.Actor, f gonghui.HardshipFileFilter) ([]*hardshipRow, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	conds := []string{scope}
	if f.State != "" {
		conds, args = append(conds, "f.state = ?"), append(args, f.State)
	} else {
		conds, args = append(conds, "f.state <> ?"), append(args, gonghui.HardshipClosed)
	}
	if f.Level != "" {
		conds, args = append(conds, "EXISTS (SELECT 1 FROM hardship_approvals ap WHERE ap.file_id = f.id AND ap.ended_on IS NULL AND ap.level = ?)"), append(args, f.Level)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds, args = append(conds, `f.head_name LIKE ? ESCAPE '\'`), append(args, likePattern(q))
	}
	if f.On.IsZero() {
		f.On = gonghui.DateOf(s.now())
	}
	switch f.Due {
	case "":
	case gonghui.HardshipDueApprove: // a union above the filing one decides
		conds, args = append(conds, "f.state = ? AND f.notice_until < ? AND o.path <> ?"), append(args, gonghui.HardshipNotice, f.On, a.Path)
	case gonghui.HardshipDueReview:
		conds, args = append(conds, "f.state = ? AND f.review_due <= ? AND o.path <> ?"),
			append(args, gonghui.HardshipFiled, f.On.AddDays(gonghui.HardshipReviewLead), a.Path)
	case gonghui.HardshipDueProgress: // the filing union's own next step
		conds, args = append(conds, "f.state IN (?, ?, ?) AND f.org_id = ?"),
			append(args, gonghui.HardshipApplied, gonghui.HardshipChecked, gonghui.HardshipVisited, a.OrgID)
	default:
		return nil, 0, gonghui.Invalid("due", "未知的待办类别", "unknown kind of wait")
	}
	if len(f.IDs) > 0 {
		cond, ids := inList("f.id", f.IDs)
		conds, args = append(conds, cond), append(args, ids...)
	}
	order, err := hardshipSorts.order(f.Sort, "o.path, f.head_name", "f.id")
	if err != nil {
		return nil, 0, err
	}
	return c.hardshipFiles(ctx, strings.Join(conds, " AND "), order, args, &f.Page)
}

// hardshipPerson is a household person checked and sealed.
type hardshipPerson struct {
	gonghui.HardshipPersonInput
	field          string
	index, sealed  []byte
	maskedIDNumber string
}

// prepareHardship normalizes and validates the input without data, and
// parses and indexes its persons' ID numbers: what the lock needs.
func (s *Store) prepareHardship(in *gonghui.HardshipFileInput) ([]hardshipPerson, *gonghui.ValidationError) {
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v)
	today := s.today()
	y, m, d := today.Parts()
	people := []hardshipPerson{{HardshipPersonInput: in.Head, field: "head"}}
	for i, p := range in.Members {
		people = append(people, hardshipPerson{HardshipPersonInput: p, field: "members." + strconv.Itoa(i)})
	}
	seen := map[string]string{}
	out := people[:0]
	for _, p := range people {
		if p.IDNumber == "" {
			continue // Validate named it
		}
		id, err := idcard.ParseAt(p.IDNumber, idcard.Date{Year: y, Month: m, Day: d})
		var ie *idcard.Error
		switch {
		case errors.As(err, &ie):
			v.Add(p.field+".id_number", ie.Zh, ie.En)
			continue
		case err != nil:
			v.Add(p.field+".id_number", "公民身份号码无效", "invalid citizen ID number")
			continue
		}
		if other, dup := seen[id.Number]; dup {
			v.Add(p.field+".id_number", "与"+other+"的公民身份号码相同", "the same ID number as "+other)
			continue
		}
		seen[id.Number] = p.field
		p.IDNumber = id.Number
		if s.keys != nil {
			p.index = s.keys.Index(indexID, id.Number)
			p.sealed = s.keys.Seal(id.Number, hardshipBinding(p.index))
		}
		p.maskedIDNumber = idcard.Mask(id.Number)
		out = append(out, p)
	}
	return out, v
}

// lockAndCheckHardship takes the persons' locks, then checks the input
// against the data: the union in scope and active, the region known, and
// no person in another file not closed (other than id's), nor in planned:
// the persons a check's earlier rows would have filed.
func (c conn) lockAndCheckHardship(ctx context.Context, a gonghui.Actor, in *gonghui.HardshipFileInput, id int64, planned map[string]bool) (gonghui.Org, []hardshipPerson, error) {
	if c.s.keys == nil {
		return gonghui.Org{}, nil, errNoKeys
	}
	people, v := c.s.prepareHardship(in)
	keys := make([]int64, len(people))
	for i, p := range people {
		keys[i] = personKey(p.index)
	}
	if err := c.lockFor(ctx, lockHardshipPerson, keys...); err != nil {
		return gonghui.Org{}, nil, err
	}
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, nil, err
	}
	if err := c.checkRefs(ctx, v, in.RegionCode, "", nil); err != nil {
		return org, nil, err
	}
	// Across the whole city, not the caller's scope: the other file may be
	// another district's, and is named by nothing but its existence.
	for _, p := range people {
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM hardship_people WHERE live_index = ? AND file_id <> ?`, p.index, id).Scan(&n); err != nil {
			return org, nil, err
		}
		if n > 0 || planned[string(p.index)] {
			v.Add(p.field+".id_number", "此人已在另一户困难职工档案中（一人只能属于一户）", "this person is already in another household's hardship file (one household per person)")
		}
	}
	return org, people, v.Err()
}

// ValidateHardshipFile reports every field error of an input without
// saving it.
func (s *Store) ValidateHardshipFile(ctx context.Context, a gonghui.Actor, in gonghui.HardshipFileInput) error {
	_, _, err := s.conn().lockAndCheckHardship(ctx, a, &in, 0, nil)
	return err
}

// CreateHardshipFile opens a household's file, in the applied state.
func (s *Store) CreateHardshipFile(ctx context.Context, a gonghui.Actor, in gonghui.HardshipFileInput) (gonghui.HardshipFile, error) {
	f, err := s.saveHardshipFile(ctx, a, 0, in)
	return f, opErr(err, "create hardship file")
}

// UpdateHardshipFile changes a file's household and figures, still at
// in.Version. Its approvals keep the inputs they were decided on.
func (s *Store) UpdateHardshipFile(ctx context.Context, a gonghui.Actor, id int64, in gonghui.HardshipFileInput) (gonghui.HardshipFile, error) {
	f, err := s.saveHardshipFile(ctx, a, id, in)
	return f, opErr(err, "update hardship file "+strconv.FormatInt(id, 10))
}

func (s *Store) saveHardshipFile(ctx context.Context, a gonghui.Actor, id int64, in gonghui.HardshipFileInput) (gonghui.HardshipFile, error) {
	if !a.Can(gonghui.PermEditHardship) {
		return gonghui.HardshipFile{}, gonghui.ErrForbidden
	}
	var out gonghui.HardshipFile
	err := s.inTx(ctx, func(c conn) error {
		var before *hardshipRow
		if id != 0 {
			var err error
			if before, err = c.getHardshipFile(ctx, a, id); err != nil {
				return err
			}
			if before.State == gonghui.HardshipClosed {
				return gonghui.Invalid("state", "档案已注销，不能修改", "the file is closed and cannot be edited")
			}
		}
		org, people, err := c.lockAndCheckHardship(ctx, a, &in, id, nil)
		if err != nil {
			return err
		}
		if id, err = c.writeHardshipFile(ctx, before, in, people, gonghui.Date{}); err != nil {
			return err
		}
		after, err := c.getHardshipFile(ctx, a, id)
		if err != nil {
			return err
		}
		out = after.mask()
		action, prior := "hardship.create", any(nil)
		if before != nil {
			action, prior = "hardship.update", before.mask()
		}
		// The audit holds the masked file: the log is no way round the reveal.
		return c.audit(ctx, a, auditEntry{action: action, recordType: "hardship_file", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	})
	return out, err
}

// writeHardshipFile inserts a checked file (before nil) or updates one at
// in.Version, with its persons and amounts, returning its ID.
func (c conn) writeHardshipFile(ctx context.Context, before *hardshipRow, in gonghui.HardshipFileInput, people []hardshipPerson, applied gonghui.Date) (int64, error) {
	if applied.IsZero() {
		applied = c.s.today()
	}
	orgs := []int64{in.OrgID}
	if before != nil {
		orgs = append(orgs, before.OrgID) // its approvals count where it is filed
	}
	if err := c.touchStats(ctx, famHardship, orgs...); err != nil {
		return 0, err
	}
	now := c.s.nowUnix()
	args := []any{in.OrgID, in.RegionCode, in.Address, strings.Join(in.Causes, ","), in.Head.Name, now}
	var id int64
	if before != nil {
		id = before.ID
		if err := c.updateVersioned(ctx, "hardship_files", `org_id = ?, region_code = ?, address = ?, causes = ?, head_name = ?, updated_at = ?`,
			args, id, in.Version); err != nil {
			return 0, err
		}
		if _, err := c.exec(ctx, `DELETE FROM hardship_people WHERE file_id = ?`, id); err != nil {
			return 0, err
		}
	} else if err := c.row(ctx, `INSERT INTO hardship_files (org_id, region_code, address, causes, head_name, updated_at, state, applied_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, gonghui.HardshipApplied, applied, now)...).Scan(&id); err != nil {
		return 0, err
	}
	if err := c.writeHardshipSensitive(ctx, id, in); err != nil {
		return 0, err
	}
	for i, p := range people {
		if _, err := c.exec(ctx, `INSERT INTO hardship_people (file_id, position, name, id_sealed, id_index, id_masked, live_index, relation)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i, p.Name, p.sealed, p.index, p.maskedIDNumber, p.index, p.Relation); err != nil {
			if isUniqueViolation(err) { // a writer that missed the lock
				return 0, gonghui.Invalid(p.field+".id_number", "此人已在另一户困难职工档案中（一人只能属于一户）", "this person is already in another household's hardship file (one household per person)")
			}
			return 0, err
		}
	}
	return id, nil
}

// HardshipEditInput is a file's input in full, for the edit form and
// PATCH: whoever keeps the files sees what they edit, audited as a reveal.
func (s *Store) HardshipEditInput(ctx context.Context, a gonghui.Actor, id int64) (gonghui.HardshipFileInput, error) {
	r, err := s.conn().getHardshipFile(ctx, a, id)
	if err != nil {
		return gonghui.HardshipFileInput{}, opErr(err, "edit hardship file %d", id)
	}
	f, err := s.revealOf(ctx, a, r, "edit")
	return f.ToInput(), opErr(err, "edit hardship file %d", id)
}

// ImportedHardshipFile is a row of the hardship import: the household, and
// for a register kept before gonghui the day it applied and the day it
// was filed (approved, temporary or formal).
type ImportedHardshipFile struct {
	Input      gonghui.HardshipFileInput
	AppliedOn  gonghui.Date
	FiledOn    gonghui.Date
	FilingKind string
}

// HardshipFileWriter saves imported hardship files in batches. A row names
// the household of a file not closed when its head's ID number is that
// file's head's: the file is updated, or left alone when nothing differs.
// A new file starts its life as applied, on the row's day applied (today
// when none); one the row says was filed goes through the check, the home
// visit and the public notice on that day and is approved on the day
// filed, as the life's own moves decide it (allowance, level, notice).
type HardshipFileWriter struct {
	batchTx
	a gonghui.Actor
	// planned are the persons (blind indexes) of the rows a check has
	// passed: what the import would have filed.
	planned    map[string]bool
	noticeDays int
}

// NewHardshipFileWriter starts writing hardship files as the actor.
func (s *Store) NewHardshipFileWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*HardshipFileWriter, error) {
	if !a.Can(gonghui.PermEditHardship) {
		return nil, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	days, err := s.HardshipNoticeDays(ctx)
	if err != nil {
		return nil, err
	}
	w := &HardshipFileWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[string]bool{}, noticeDays: days}
	return w, w.begin(ctx)
}

// Save stores one household's file, with the checks of the form.
func (w *HardshipFileWriter) Save(ctx context.Context, r ImportedHardshipFile) (UpsertResult, error) {
	c, a := w.c, w.a
	in := r.Input
	probe := in
	probe.Members = append([]gonghui.HardshipPersonInput(nil), in.Members...)
	people, v := c.s.prepareHardship(&probe)
	if len(people) == 0 || people[0].field != "head" {
		return 0, v.Err() // no head to find the file by
	}
	if err := c.lockFor(ctx, lockHardshipPerson, personKey(people[0].index)); err != nil {
		return 0, err
	}
	var id int64
	err := c.row(ctx, `SELECT file_id FROM hardship_people WHERE live_index = ? AND position = 0`, people[0].index).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	var before *hardshipRow
	if id != 0 {
		if before, err = c.getHardshipFile(ctx, a, id); errors.Is(err, gonghui.ErrNotFound) {
			id = 0 // another union's household: the check below names it
		} else if err != nil {
			return 0, err
		}
	}
	var planned map[string]bool
	if w.checking() {
		planned = w.planned
	}
	org, people, err := c.lockAndCheckHardship(ctx, a, &in, id, planned)
	if err != nil {
		return 0, err
	}
	action, result := "hardship.create", Inserted
	if before != nil {
		cur, err := c.s.revealHardship(before)
		if err != nil {
			return 0, err
		}
		in.Version = 0 // an import holds no earlier copy
		if sameHardship(cur.ToInput(), in) {
			return Unchanged, w.saved(ctx)
		}
		action, result = "hardship.update", Updated
	}
	if err := w.checkFiling(ctx, r, org, before); err != nil {
		return 0, err
	}
	if w.checking() {
		for _, p := range people {
			w.planned[string(p.index)] = true
		}
		return result, nil
	}
	err = c.wholeLine(ctx, func() error {
		if id, err = c.writeHardshipFile(ctx, before, in, people, r.AppliedOn); err != nil {
			return err
		}
		after, err := c.getHardshipFile(ctx, a, id)
		if err != nil {
			return err
		}
		var was any
		if before != nil {
			was = before.mask()
		}
		if err := c.audit(ctx, a, auditEntry{action: action, recordType: "hardship_file", recordID: id, orgPath: org.Path, summary: changeSummary(was, after.mask())}); err != nil {
			return err
		}
		if r.FiledOn.IsZero() || before != nil {
			return nil
		}
		// Filed before gonghui: its life's moves, dated as the register says.
		for _, t := range []gonghui.HardshipTransition{
			{Action: gonghui.HardshipActCheck, On: r.AppliedOn}, {Action: gonghui.HardshipActVisit, On: r.AppliedOn, Visitors: "导入 imported"},
			{Action: gonghui.HardshipActNotice, On: r.AppliedOn}, {Action: gonghui.HardshipActApprove, On: r.FiledOn, FilingKind: r.FilingKind},
		} {
			t.Note = "导入线下建档记录 imported from a register kept before gonghui"
			if _, err := c.moveHardshipFile(ctx, a, id, t, w.noticeDays); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

// checkFiling checks a row filed before gonghui as its approval will,
// reading only (so a dry run refuses the same rows): the days in order
// and the notice over, an approver strictly above the filing union, the
// district's allowance for the year, a level met. A file on record keeps
// its own life: the row's days only open a new one.
func (w *HardshipFileWriter) checkFiling(ctx context.Context, r ImportedHardshipFile, org gonghui.Org, before *hardshipRow) error {
	v := &gonghui.ValidationError{}
	today := w.c.s.today()
	switch {
	case !r.AppliedOn.IsZero() && today.Before(r.AppliedOn):
		v.Add("applied_on", "申请日期不能晚于今天", "the day applied cannot be in the future")
	case r.FiledOn.IsZero() && r.FilingKind != "":
		v.Add("filed_on", "填写了档案类别，请同时填写建档日期", "a filing kind needs the day filed")
	}
	if r.FiledOn.IsZero() || before != nil || v.Err() != nil {
		return v.Err()
	}
	if !w.a.Can(gonghui.PermApproveHardship) { // a filed household's import approves it
		return gonghui.ErrForbidden
	}
	noticeEnd := r.AppliedOn.AddDays(w.noticeDays - 1)
	switch {
	case r.AppliedOn.IsZero():
		v.Add("applied_on", "已建档的家庭须填写申请日期", "a household filed before needs its day applied")
	case today.Before(r.FiledOn):
		v.Add("filed_on", "建档日期不能晚于今天", "the day filed cannot be in the future")
	case !noticeEnd.Before(r.FiledOn):
		v.Add("filed_on", "公示期至"+noticeEnd.String()+"，建档日期须在其后", "the public notice lasts until "+noticeEnd.String()+": the day filed comes after it")
	case !gonghui.IsChoiceKey(gonghui.HardshipFilingKinds, r.FilingKind):
		v.Add("filing_kind", "请选择档案类别（临时或正式）", "choose the filing kind (temporary or formal)")
	case w.a.Path == org.Path || !strings.HasPrefix(org.Path, w.a.Path):
		v.Add("filed_on", "已建档的家庭须由建档工会的上级工会导入（审批权属上级）", "a household filed before is imported by a union above the filing one (which approves it)")
	}
	if v.Err() != nil {
		return v.Err()
	}
	y, _, _ := r.FiledOn.Parts()
	district := districtOf(r.Input.RegionCode)
	allowance, err := w.c.allowanceFor(ctx, district, y)
	switch {
	case err != nil:
		return err
	case allowance == 0:
		v.Add("region_code", "未设置"+district+"区"+strconv.Itoa(y)+"年的低保标准", "no minimum living allowance is set for district "+district+" in "+strconv.Itoa(y))
	case r.Input.Means(allowance).Level() == gonghui.HardshipNone:
		v.Add("filed_on", "家庭收支不符合困难职工标准，不能建档", "the household's figures meet no hardship level: it cannot be filed")
	}
	return v.Err()
}

// sameHardship compares two inputs as they would be stored.
func sameHardship(a, b gonghui.HardshipFileInput) bool {
	a.Version, b.Version = 0, 0
	for _, in := range []*gonghui.HardshipFileInput{&a, &b} {
		if len(in.Members) == 0 {
			in.Members = nil
		}
		// Stored amounts come back by kind.
		for _, list := range []*[]gonghui.HardshipAmount{&in.Incomes, &in.Expenses} {
			*list = slices.SortedFunc(slices.Values(*list), func(x, y gonghui.HardshipAmount) int { return strings.Compare(x.Kind, y.Kind) })
		}
	}
	return mustJSON(a) == mustJSON(b)
}
