package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/idcard"
)

// The honours registry (荣誉): titles held, kept at a union (its scope);
// rounds held by a union, nominated into by the unions below it and
// approved by it (or above), which creates the titles. A person is a
// member of the register or a name with an ID number sealed at rest,
// found by its blind index: recipient_key makes the two agree.

// sealedHonourID and sealedNominationID bind the sealed ID numbers of
// persons outside the register.
const (
	sealedHonourID     = "honours.id_sealed"
	sealedNominationID = "honour_nominations.id_sealed"
)

// lockHonourRound: a round's list stays within its quota and names a
// recipient once. Key: the round.
var lockHonourRound = newLockRule("honours: a round's quota, one nomination per recipient")

// lockHonourRecipient: a recipient holds a title of a kind, level and year
// once. Key: the recipient.
var lockHonourRecipient = newLockRule("honours: one title per recipient, kind, level and year")

const honourColumns = `h.id, h.kind, h.level, h.year, h.org_id, o.name, h.team_name, COALESCE(h.person_id, 0), h.person_name, h.id_masked,
	h.category, h.unit_name, COALESCE(h.round_id, 0), h.awarded_on, h.status, h.status_on, h.reason, h.version, o.path`

const honourFrom = ` FROM honours h JOIN orgs o ON o.id = h.org_id`

func scanHonour(sc scanner) (gonghui.Honour, string, error) {
	var h gonghui.Honour
	var path string
	err := sc.Scan(&h.ID, &h.Kind, &h.Level, &h.Year, &h.OrgID, &h.OrgName, &h.TeamName, &h.PersonID, &h.PersonName, &h.IDMasked,
		&h.Category, &h.UnitName, &h.RoundID, &h.AwardedOn, &h.Status, &h.StatusOn, &h.Reason, &h.Version, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return h, "", gonghui.ErrNotFound
	}
	return h, path, err
}

func (c conn) getHonour(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Honour, string, error) {
	scope, args := scopeClause("o.path", a)
	return scanHonour(c.row(ctx, "SELECT "+honourColumns+honourFrom+" WHERE h.id = ? AND "+scope, append([]any{id}, args...)...))
}

// GetHonour returns a title kept in the actor's subtree, with its history.
func (s *Store) GetHonour(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Honour, error) {
	c := s.conn()
	h, _, err := c.getHonour(ctx, a, id)
	if err != nil {
		return h, err
	}
	var e gonghui.HonourEvent
	err = c.eachRow(ctx, `SELECT on_date, action, reason, username FROM honour_history WHERE honour_id = ? ORDER BY id`, []any{id},
		[]any{&e.On, &e.Action, &e.Reason, &e.By}, func() { h.History = append(h.History, e) })
	return h, opErr(err, "get honour")
}

// ListHonours pages through the titles kept in the actor's subtree (or
// f.OrgID's).
func (s *Store) ListHonours(ctx context.Context, a gonghui.Actor, f gonghui.HonourFilter) ([]gonghui.Honour, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	for _, eq := range []struct {
		col string
		v   string
	}{{"h.kind", f.Kind}, {"h.level", f.Level}, {"h.status", f.Status}} {
		if eq.v != "" {
			conds, args = append(conds, eq.col+" = ?"), append(args, eq.v)
		}
	}
	if f.Year != 0 {
		conds, args = append(conds, "h.year = ?"), append(args, f.Year)
	}
	if f.PersonID != 0 {
		// The register's person, and any title given to the same ID
		// number by name.
		conds = append(conds, "(h.person_id = ? OR h.id_index = (SELECT id_index FROM persons WHERE id = ?))")
		args = append(args, f.PersonID, f.PersonID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `(h.person_name LIKE ? ESCAPE '\' OR h.team_name LIKE ? ESCAPE '\' OR o.name LIKE ? ESCAPE '\')`)
		args = append(args, likePattern(q), likePattern(q), likePattern(q))
	}
	return listPage(ctx, c, honourColumns, honourFrom, " WHERE "+strings.Join(conds, " AND "), "h.year DESC, h.kind, o.path, h.id", args, f.Page,
		func(sc scanner) (gonghui.Honour, error) {
			h, _, err := scanHonour(sc)
			return h, err
		})
}

// recipient is a recipient as checked: who, and the key its titles and
// nominations are found by.
type recipient struct {
	key            string
	name           string // a person's
	index, sealed  []byte // a person's blind index; sealed: outside the register
	masked         string
	org            gonghui.Org
	personInRecord bool
}

// checkRecipient checks a recipient of kind against the data: its union
// in the actor's scope and active; a person a member of the register in
// the scope, or a valid ID number (sealed with binding's column).
func (c conn) checkRecipient(ctx context.Context, a gonghui.Actor, kind string, in *gonghui.HonourRecipient, v *gonghui.ValidationError, column string) (recipient, error) {
	var r recipient
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return r, err
	}
	r.org = org
	switch {
	case kind == gonghui.HonourModelHome:
		r.key = "org:" + strconv.FormatInt(in.OrgID, 10)
		return r, nil
	case kind == gonghui.HonourModelSmallHome:
		r.key = "team:" + strconv.FormatInt(in.OrgID, 10) + ":" + in.TeamName
		return r, nil
	case in.PersonID != 0:
		scope, args := scopeClause("o.path", a)
		err := c.row(ctx, `SELECT p.name, p.id_index, p.id_masked FROM persons p
			JOIN memberships m ON m.person_id = p.id AND m.status = 'active' JOIN orgs o ON o.id = m.org_id
			WHERE p.id = ? AND `+scope, append([]any{in.PersonID}, args...)...).Scan(&r.name, &r.index, &r.masked)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v.Add("person_id", "该会员不存在或不在您的管辖范围内", "member not found in your scope")
		case err != nil:
			return r, err
		}
		r.personInRecord = true
	case in.IDNumber != "":
		if c.s.keys == nil {
			return r, errNoKeys
		}
		y, m, d := c.s.today().Parts()
		id, err := idcard.ParseAt(in.IDNumber, idcard.Date{Year: y, Month: m, Day: d})
		var ie *idcard.Error
		switch {
		case errors.As(err, &ie):
			v.Add("id_number", ie.Zh, ie.En)
			return r, nil
		case err != nil:
			v.Add("id_number", "公民身份号码无效", "invalid citizen ID number")
			return r, nil
		}
		in.IDNumber = id.Number
		r.name = in.PersonName
		r.index = c.s.keys.Index(indexID, id.Number)
		r.sealed = c.s.keys.Seal(id.Number, personBinding(column, r.index))
		r.masked = idcard.Mask(id.Number)
	default:
		return r, nil // Validate named it
	}
	r.key = "person:" + hex.EncodeToString(r.index)
	return r, nil
}

func (r recipient) personID(in gonghui.HonourRecipient) any {
	if r.personInRecord {
		return in.PersonID
	}
	return nil
}

// RegisterHonour records a title held without a round: a model worker's,
// or an award of an earlier year.
func (s *Store) RegisterHonour(ctx context.Context, a gonghui.Actor, in gonghui.HonourInput) (gonghui.Honour, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.Honour{}, gonghui.ErrForbidden
	}
	var out gonghui.Honour
	err := s.inTx(ctx, func(c conn) error {
		in.Normalize()
		v := &gonghui.ValidationError{}
		in.Validate(v, c.s.today())
		r, err := c.checkRecipient(ctx, a, in.Kind, &in.Recipient, v, sealedHonourID)
		if err != nil {
			return err
		}
		if r.key != "" {
			held, err := c.lockTitleHeld(ctx, r.key, in)
			if err != nil {
				return err
			}
			if held {
				v.Add("year", "该称号已登记", "this title is already on record for the recipient")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err := c.insertHonour(ctx, a, in.Kind, in.Level, in.Year, in.Recipient, r, 0, in.AwardedOn)
		if err != nil {
			return err
		}
		if out, _, err = c.getHonour(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "honour.register", recordType: "honour", recordID: id, orgPath: r.org.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "register honour")
}

// lockTitleHeld takes the recipient's lock, then reads whether it holds
// the input's title (kind, level and year, not revoked).
func (c conn) lockTitleHeld(ctx context.Context, key string, in gonghui.HonourInput) (bool, error) {
	if err := c.lockFor(ctx, lockHonourRecipient, textKey(key)); err != nil {
		return false, err
	}
	var n int
	err := c.row(ctx, `SELECT count(*) FROM honours WHERE recipient_key = ? AND kind = ? AND level = ? AND year = ? AND status <> 'revoked'`,
		key, in.Kind, in.Level, in.Year).Scan(&n)
	return n > 0, err
}

// insertHonour writes a checked title with its first line of history.
func (c conn) insertHonour(ctx context.Context, a gonghui.Actor, kind, level string, year int, in gonghui.HonourRecipient, r recipient, roundID int64, on gonghui.Date) (int64, error) {
	if err := c.touchStats(ctx, famHonours, in.OrgID); err != nil {
		return 0, err
	}
	var round any
	if roundID != 0 {
		round = roundID
	}
	now := c.s.nowUnix()
	var id int64
	err := c.row(ctx, `INSERT INTO honours (kind, level, year, org_id, team_name, person_id, person_name, id_index, id_sealed, id_masked,
		category, unit_name, recipient_key, round_id, awarded_on, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		kind, level, year, in.OrgID, in.TeamName, r.personID(in), r.name, r.index, r.sealed, r.masked,
		in.Category, in.UnitName, r.key, round, on, gonghui.HonourInForce, now, now).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, c.honourHistory(ctx, a, id, on, "awarded", "")
}

func (c conn) honourHistory(ctx context.Context, a gonghui.Actor, id int64, on gonghui.Date, action, reason string) error {
	_, err := c.exec(ctx, `INSERT INTO honour_history (honour_id, on_date, action, reason, username, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, on, action, reason, a.Username, c.s.nowUnix())
	return err
}

// SetHonourStatus revokes a title with its reason, or records its
// holder's death, audited; only a union above the one keeping it may.
func (s *Store) SetHonourStatus(ctx context.Context, a gonghui.Actor, id int64, in gonghui.HonourStatusInput) (gonghui.Honour, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return gonghui.Honour{}, gonghui.ErrForbidden
	}
	var out gonghui.Honour
	err := s.inTx(ctx, func(c conn) error {
		before, path, err := c.getHonour(ctx, a, id)
		if err != nil {
			return err
		}
		if in.Status == gonghui.HonourRevoked && path == a.Path {
			return gonghui.Invalid("status", "只能由上级工会撤销", "only a union above the one keeping the title revokes it")
		}
		v := &gonghui.ValidationError{}
		in.Validate(v, before, c.s.today())
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchStats(ctx, famHonours, before.OrgID); err != nil {
			return err
		}
		if err := c.updateVersioned(ctx, "honours", "status = ?, status_on = ?, reason = ?, updated_at = ?",
			[]any{in.Status, in.On, in.Reason, c.s.nowUnix()}, id, in.Version); err != nil {
			return err
		}
		if err := c.honourHistory(ctx, a, id, in.On, in.Status, in.Reason); err != nil {
			return err
		}
		if out, _, err = c.getHonour(ctx, a, id); err != nil {
			return err
		}
		action := "honour.revoke"
		if in.Status == gonghui.HonourDeceased {
			action = "honour.deceased"
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "honour", recordID: id, orgPath: path, summary: changeSummary(before, out)})
	})
	return out, opErr(err, "set honour status "+strconv.FormatInt(id, 10))
}

// Rounds.

const roundColumns = `r.id, r.kind, r.level, r.year, r.org_id, o.name, r.title, r.quota, r.rules, r.state, r.approved_on, r.version, o.path,
	(SELECT count(*) FROM honour_nominations n WHERE n.round_id = r.id AND n.state = 'nominated')`

const roundFrom = ` FROM honour_rounds r JOIN orgs o ON o.id = r.org_id`

func scanRound(sc scanner) (gonghui.HonourRound, string, error) {
	var r gonghui.HonourRound
	var rules, path string
	err := sc.Scan(&r.ID, &r.Kind, &r.Level, &r.Year, &r.OrgID, &r.OrgName, &r.Title, &r.Quota, &rules, &r.State, &r.ApprovedOn, &r.Version, &path, &r.Nominated)
	if errors.Is(err, sql.ErrNoRows) {
		return r, "", gonghui.ErrNotFound
	}
	if err != nil {
		return r, "", err
	}
	r.Rules, err = gonghui.ParseHonourRules([]byte(rules))
	return r, path, err
}

// roundsSeen is the condition on o.path of the rounds an actor sees: those
// held in its subtree, and those held by the unions above it, which it
// nominates into.
func roundsSeen(a gonghui.Actor) (string, []any) {
	scope, args := scopeClause("o.path", a)
	above := ancestorPaths(a.Path)
	for _, p := range above {
		args = append(args, p)
	}
	if len(above) == 0 {
		return scope, args
	}
	return "(" + scope + " OR o.path IN (" + placeholders(len(above)) + "))", args
}

// ancestorPaths are the paths of the unions strictly above path's.
func ancestorPaths(path string) []string {
	var out []string
	for i := 1; i < len(path)-1; i++ {
		if path[i] == '/' {
			out = append(out, path[:i+1])
		}
	}
	return out
}

func (c conn) getRound(ctx context.Context, a gonghui.Actor, id int64) (gonghui.HonourRound, string, error) {
	seen, args := roundsSeen(a)
	return scanRound(c.row(ctx, "SELECT "+roundColumns+roundFrom+" WHERE r.id = ? AND "+seen, append([]any{id}, args...)...))
}

// GetHonourRound returns a round the actor sees (held in its subtree or
// above it).
func (s *Store) GetHonourRound(ctx context.Context, a gonghui.Actor, id int64) (gonghui.HonourRound, error) {
	r, _, err := s.conn().getRound(ctx, a, id)
	return r, err
}

// ListHonourRounds lists the rounds the actor sees, the latest first.
func (s *Store) ListHonourRounds(ctx context.Context, a gonghui.Actor, p gonghui.Page) ([]gonghui.HonourRound, int, error) {
	seen, args := roundsSeen(a)
	return listPage(ctx, s.conn(), roundColumns, roundFrom, " WHERE "+seen, "r.year DESC, r.id DESC", args, p.Normalize(),
		func(sc scanner) (gonghui.HonourRound, error) {
			r, _, err := scanRound(sc)
			return r, err
		})
}

// CreateHonourRound opens a round held by a union of the actor's subtree.
func (s *Store) CreateHonourRound(ctx context.Context, a gonghui.Actor, in gonghui.HonourRoundInput) (gonghui.HonourRound, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return gonghui.HonourRound{}, gonghui.ErrForbidden
	}
	var out gonghui.HonourRound
	err := s.inTx(ctx, func(c conn) error {
		v := &gonghui.ValidationError{}
		rules := in.Validate(v, c.s.today())
		var org gonghui.Org
		if in.OrgID != 0 {
			var err error
			org, err = c.getOrg(ctx, a, "o.id = ?", in.OrgID)
			switch {
			case errors.Is(err, gonghui.ErrNotFound):
				v.Add("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
			case err != nil:
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := c.s.nowUnix()
		var id int64
		if err := c.row(ctx, `INSERT INTO honour_rounds (kind, level, year, org_id, title, quota, rules, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Kind, in.Level, in.Year, in.OrgID, in.Title, in.Quota, rules.JSON(), gonghui.RoundOpen, now, now).Scan(&id); err != nil {
			return err
		}
		var err error
		if out, _, err = c.getRound(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "honour.round.create", recordType: "honour_round", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "create honour round")
}

// Nominations.

const nominationColumns = `n.id, n.round_id, n.by_org_id, b.name, n.org_id, o.name, n.team_name, COALESCE(n.person_id, 0), n.person_name, n.id_masked,
	n.category, n.unit_name, n.state, b.path, n.recipient_key`

const nominationFrom = ` FROM honour_nominations n JOIN orgs b ON b.id = n.by_org_id JOIN orgs o ON o.id = n.org_id`

// nominationRow is a nomination as read, with its recipient's key.
type nominationRow struct {
	gonghui.HonourNomination
	path, key string
}

func scanNomination(sc scanner) (nominationRow, error) {
	var r nominationRow
	n := &r.HonourNomination
	p := &n.Recipient
	err := sc.Scan(&n.ID, &n.RoundID, &n.ByOrgID, &n.ByOrg, &p.OrgID, &n.OrgName, &p.TeamName, &p.PersonID, &p.PersonName, &n.IDMasked,
		&p.Category, &p.UnitName, &n.State, &r.path, &r.key)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	return r, err
}

// nominations reads a round's nominations in a state made by the unions
// of the actor's subtree.
func (c conn) nominations(ctx context.Context, a gonghui.Actor, roundID int64, state string) ([]nominationRow, error) {
	scope, args := scopeClause("b.path", a)
	rows, err := c.query(ctx, "SELECT "+nominationColumns+nominationFrom+" WHERE n.round_id = ? AND n.state = ? AND "+scope+" ORDER BY n.id",
		append([]any{roundID, state}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []nominationRow
	for rows.Next() {
		n, err := scanNomination(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ListNominations lists a round's standing nominations made in the actor's
// subtree, each with the rules it fails today.
func (s *Store) ListNominations(ctx context.Context, a gonghui.Actor, roundID int64) ([]gonghui.HonourNomination, error) {
	c := s.conn()
	r, _, err := c.getRound(ctx, a, roundID)
	if err != nil {
		return nil, err
	}
	state := gonghui.NominationPending
	if r.State == gonghui.RoundApproved {
		state = gonghui.NominationAwarded
	}
	rows, err := c.nominations(ctx, a, roundID, state)
	if err != nil {
		return nil, opErr(err, "list nominations")
	}
	list := make([]gonghui.HonourNomination, len(rows))
	for i, n := range rows {
		list[i] = n.HonourNomination
		if state == gonghui.NominationPending {
			if list[i].Failures, err = c.nomineeFailures(ctx, r, n.Recipient.OrgID, n.key); err != nil {
				return nil, opErr(err, "list nominations")
			}
		}
	}
	return list, nil
}

// nomineeFailures checks a nominee (of union orgID, recipient key)
// against a round's rules on today's data.
func (c conn) nomineeFailures(ctx context.Context, r gonghui.HonourRound, orgID int64, key string) ([]gonghui.RuleFailure, error) {
	f, err := c.nomineeFacts(ctx, r, orgID, key)
	if err != nil {
		return nil, err
	}
	return r.Rules.CheckNominee(r.Kind, r.Level, f), nil
}

// unionFactsSQL are the subqueries (on orgs o) of a union's facts on a
// day: members, staff and units covered, units with a congress and with
// a disclosure system in force; its arguments follow.
func unionFactsSQL(on gonghui.Date) (string, []any) {
	_, _, congress, cargs := rateSQL(gonghui.RateDefinition{Numerator: "congress"}, on)
	_, _, disclosure, dargs := rateSQL(gonghui.RateDefinition{Numerator: "disclosure"}, on)
	q := `(SELECT count(*) FROM memberships m WHERE m.org_id = o.id AND ` + memberHeld + `),
		(SELECT COALESCE(SUM(u.staff_count), 0) FROM units u WHERE u.org_id = o.id),
		(SELECT count(*) FROM units u WHERE u.org_id = o.id),
		(SELECT count(*) FROM units u WHERE u.org_id = o.id AND ` + congress + `),
		(SELECT count(*) FROM units u WHERE u.org_id = o.id AND ` + disclosure + `)`
	args := append(append([]any{on, on}, cargs...), dargs...)
	return q, args
}

// lowerTitleSQL holds when the recipient of key holds kind's title at
// level in force on the day.
const lowerTitleSQL = `EXISTS (SELECT 1 FROM honours lt WHERE lt.recipient_key = ? AND lt.kind = ? AND lt.level = ?
	AND lt.awarded_on <= ? AND (lt.status = 'in_force' OR lt.status_on > ?))`

// nomineeFacts reads what a round's rules need of a nominee today.
func (c conn) nomineeFacts(ctx context.Context, r gonghui.HonourRound, orgID int64, key string) (gonghui.NomineeFacts, error) {
	var f gonghui.NomineeFacts
	on := c.s.today()
	if below, ok := gonghui.HonourLevelBelow(r.Level); ok && r.Rules.LowerTitle {
		if err := c.row(ctx, `SELECT CASE WHEN `+lowerTitleSQL+` THEN 1 ELSE 0 END`, key, r.Kind, below, on, on).Scan(&f.HasLowerTitle); err != nil {
			return f, err
		}
	}
	if !gonghui.HonourToUnion(r.Kind) {
		return f, nil
	}
	q, args := unionFactsSQL(on)
	err := c.row(ctx, "SELECT "+q+" FROM orgs o WHERE o.id = ?", append(args, orgID)...).
		Scan(&f.Members, &f.Staff, &f.Units, &f.CongressUnits, &f.DisclosureUnits)
	return f, err
}

// Nominate puts a nominee into an open round held above the actor's union:
// the nominee in the actor's subtree, checked against the round's rules,
// within the quota and once per round, taking the round's lock first.
func (s *Store) Nominate(ctx context.Context, a gonghui.Actor, in gonghui.HonourNominationInput) (gonghui.HonourNomination, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.HonourNomination{}, gonghui.ErrForbidden
	}
	var out gonghui.HonourNomination
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockHonourRound, in.RoundID); err != nil {
			return err
		}
		round, path, err := c.getRound(ctx, a, in.RoundID)
		if errors.Is(err, gonghui.ErrNotFound) {
			return gonghui.Invalid("round_id", "评选不存在", "round not found")
		}
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		switch {
		case round.State != gonghui.RoundOpen:
			return gonghui.Invalid("round_id", "该评选已审定，不再接受推荐", "the round's list is approved: it takes no more nominations")
		case !strings.HasPrefix(a.Path, path) || a.Path == path:
			return gonghui.Invalid("round_id", "只能由评选工会的下级工会推荐", "nominations come from the unions below the one holding the round")
		}
		in.Recipient.Normalize()
		in.Recipient.Validate(v, round.Kind)
		r, err := c.checkRecipient(ctx, a, round.Kind, &in.Recipient, v, sealedNominationID)
		if err != nil {
			return err
		}
		if round.Nominated >= round.Quota {
			v.Add("quota", "名额已满（"+strconv.Itoa(round.Quota)+"）", "the round's quota of "+strconv.Itoa(round.Quota)+" is filled")
		}
		if r.key != "" && v.Err() == nil {
			var n int
			if err := c.row(ctx, `SELECT count(*) FROM honour_nominations WHERE round_id = ? AND recipient_key = ? AND state <> 'withdrawn'`, round.ID, r.key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				v.Add(recipientField(round.Kind), "已被推荐参加本次评选", "already nominated in this round")
			}
			fails, err := c.nomineeFailures(ctx, round, in.Recipient.OrgID, r.key)
			if err != nil {
				return err
			}
			gonghui.AddFailures(v, "rule.", fails)
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := c.s.nowUnix()
		var id int64
		if err := c.row(ctx, `INSERT INTO honour_nominations (round_id, by_org_id, org_id, team_name, person_id, person_name, id_index, id_sealed, id_masked,
			category, unit_name, recipient_key, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			round.ID, a.OrgID, in.Recipient.OrgID, in.Recipient.TeamName, r.personID(in.Recipient), r.name, r.index, r.sealed, r.masked,
			in.Recipient.Category, in.Recipient.UnitName, r.key, gonghui.NominationPending, now, now).Scan(&id); err != nil {
			if isUniqueViolation(err) {
				return gonghui.Invalid(recipientField(round.Kind), "已被推荐参加本次评选", "already nominated in this round")
			}
			return err
		}
		if out, err = c.getNomination(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "honour.nominate", recordType: "honour_nomination", recordID: id, orgPath: a.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "nominate")
}

func recipientField(kind string) string {
	switch kind {
	case gonghui.HonourModelHome:
		return "org_id"
	case gonghui.HonourModelSmallHome:
		return "team_name"
	}
	return "person_id"
}

func (c conn) getNomination(ctx context.Context, a gonghui.Actor, id int64) (gonghui.HonourNomination, error) {
	scope, args := scopeClause("b.path", a)
	n, err := scanNomination(c.row(ctx, "SELECT "+nominationColumns+nominationFrom+" WHERE n.id = ? AND "+scope, append([]any{id}, args...)...))
	return n.HonourNomination, err
}

// WithdrawNomination takes back a standing nomination made in the actor's
// subtree, before the list is approved.
func (s *Store) WithdrawNomination(ctx context.Context, a gonghui.Actor, id int64) (gonghui.HonourNomination, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return gonghui.HonourNomination{}, gonghui.ErrForbidden
	}
	var out gonghui.HonourNomination
	err := s.inTx(ctx, func(c conn) error {
		n, err := c.getNomination(ctx, a, id)
		if err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockHonourRound, n.RoundID); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE honour_nominations SET state = 'withdrawn', updated_at = ? WHERE id = ? AND state = 'nominated'
			AND round_id IN (SELECT id FROM honour_rounds WHERE state = 'open')`, c.s.nowUnix(), id)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			return cmpErr(err, gonghui.Invalid("state", "该推荐已不能撤回", "the nomination can no longer be withdrawn"))
		}
		if out, err = c.getNomination(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "honour.withdraw", recordType: "honour_nomination", recordID: id, orgPath: a.Path, summary: changeSummary(n, out)})
	})
	return out, opErr(err, "withdraw nomination")
}

// cmpErr is err, or refused when there is none.
func cmpErr(err, refused error) error {
	if err != nil {
		return err
	}
	return refused
}

// ApproveHonourRound approves a round's list as a whole, by the union
// holding it or one above (never a nominating union: they are below it).
// Every nominee is checked again, and the list against its quota and
// shares: any failure refuses the list, naming each. Approval creates the
// titles, awarded today.
func (s *Store) ApproveHonourRound(ctx context.Context, a gonghui.Actor, id, version int64) (gonghui.HonourRound, error) {
	if !a.Can(gonghui.PermApproveHonours) {
		return gonghui.HonourRound{}, gonghui.ErrForbidden
	}
	var out gonghui.HonourRound
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockHonourRound, id); err != nil {
			return err
		}
		scope, args := scopeClause("o.path", a)
		round, path, err := scanRound(c.row(ctx, "SELECT "+roundColumns+roundFrom+" WHERE r.id = ? AND "+scope, append([]any{id}, args...)...))
		if err != nil {
			return err
		}
		if round.State != gonghui.RoundOpen {
			return gonghui.Invalid("state", "该评选已审定", "the round is already approved")
		}
		list, err := c.nominations(ctx, a, id, gonghui.NominationPending)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		cats := make([]string, len(list))
		for i, n := range list {
			cats[i] = n.Recipient.Category
			fails, err := c.nomineeFailures(ctx, round, n.Recipient.OrgID, n.key)
			if err != nil {
				return err
			}
			gonghui.AddFailures(v, "nominations."+strconv.FormatInt(n.ID, 10)+".", fails)
		}
		if len(list) == 0 {
			v.Add("list", "名单为空", "the list is empty")
		}
		gonghui.AddFailures(v, "list.", gonghui.CheckHonourList(round.Rules, round.Quota, cats))
		if err := v.Err(); err != nil {
			return err
		}
		today := c.s.today()
		for _, n := range list {
			r, err := c.nominee(ctx, n)
			if err != nil {
				return err
			}
			if _, err := c.insertHonour(ctx, a, round.Kind, round.Level, round.Year, n.Recipient, r, round.ID, today); err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, `UPDATE honour_nominations SET state = 'awarded', updated_at = ? WHERE round_id = ? AND state = 'nominated'`, c.s.nowUnix(), id); err != nil {
			return err
		}
		if err := c.updateVersioned(ctx, "honour_rounds", "state = ?, approved_on = ?, updated_at = ?", []any{gonghui.RoundApproved, today, c.s.nowUnix()}, id, version); err != nil {
			return err
		}
		if out, _, err = c.getRound(ctx, a, id); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "honour.round.approve", recordType: "honour_round", recordID: id, orgPath: path, summary: changeSummary(round, out)})
	})
	return out, opErr(err, "approve honour round "+strconv.FormatInt(id, 10))
}

// nominee is a nomination's recipient as a title holds it: a person
// outside the register has the ID number sealed again, bound to the
// title's column.
func (c conn) nominee(ctx context.Context, n nominationRow) (recipient, error) {
	r := recipient{key: n.key, name: n.Recipient.PersonName, masked: n.IDMasked, personInRecord: n.Recipient.PersonID != 0}
	var sealed []byte
	if err := c.row(ctx, `SELECT id_index, id_sealed FROM honour_nominations WHERE id = ?`, n.ID).Scan(&r.index, &sealed); err != nil {
		return r, err
	}
	if sealed != nil {
		number, err := c.s.keys.Open(sealed, personBinding(sealedNominationID, r.index))
		if err != nil {
			return r, err
		}
		r.sealed = c.s.keys.Seal(number, personBinding(sealedHonourID, r.index))
	}
	return r, nil
}

// PreEligible lists the unions of the actor's subtree (or orgID's) with
// units, for a round of a union's title, and what its data rules read of
// each today; passing only keeps those that pass every rule.
func (s *Store) PreEligible(ctx context.Context, a gonghui.Actor, roundID, orgID int64, passing bool, p gonghui.Page) ([]gonghui.Eligible, int, error) {
	c := s.conn()
	round, _, err := c.getRound(ctx, a, roundID)
	if err != nil {
		return nil, 0, err
	}
	if !gonghui.HonourToUnion(round.Kind) {
		return nil, 0, gonghui.Invalid("round_id", "预审名单只列出工会；个人的规则在推荐时检查", "the pre-eligibility list reads unions; a person's rules are checked on nomination")
	}
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, 0, err
	}
	on := c.s.today()
	facts, fargs := unionFactsSQL(on)
	lower, largs := "0", []any{}
	if below, ok := gonghui.HonourLevelBelow(round.Level); ok && round.Rules.LowerTitle && round.Kind == gonghui.HonourModelHome {
		lower = "CASE WHEN " + strings.Replace(lowerTitleSQL, "lt.recipient_key = ?", "lt.recipient_key = 'org:' || CAST(o.id AS TEXT)", 1) + " THEN 1 ELSE 0 END"
		largs = []any{round.Kind, below, on, on}
	}
	scope, sargs := scopeClause("o.path", sa)
	args := append(append(append([]any{}, fargs...), largs...), sargs...)
	var all []gonghui.Eligible
	var e gonghui.Eligible
	err = c.eachRow(ctx, `SELECT o.id, o.name, `+facts+`, `+lower+` FROM orgs o WHERE `+scope+` AND o.status = 'active'
		AND EXISTS (SELECT 1 FROM units u WHERE u.org_id = o.id) ORDER BY o.path`, args,
		[]any{&e.OrgID, &e.OrgName, &e.Facts.Members, &e.Facts.Staff, &e.Facts.Units, &e.Facts.CongressUnits, &e.Facts.DisclosureUnits, &e.Facts.HasLowerTitle},
		func() {
			if round.Kind == gonghui.HonourModelSmallHome {
				e.Facts.HasLowerTitle = true // a team's title is read on its nomination
			}
			e.Rate = e.Facts.MembershipRate()
			e.Failures = round.Rules.CheckNominee(round.Kind, round.Level, e.Facts)
			if !passing || len(e.Failures) == 0 {
				all = append(all, e)
			}
		})
	if err != nil {
		return nil, 0, opErr(err, "pre-eligibility")
	}
	p = p.Normalize()
	lo, hi := min(p.Offset, len(all)), min(p.Offset+p.Limit, len(all))
	return all[lo:hi], len(all), nil
}

// HonourApprovalsWaiting counts the open rounds held in the actor's
// subtree with nominations waiting for their list's approval.
func (s *Store) HonourApprovalsWaiting(ctx context.Context, a gonghui.Actor) (int, error) {
	scope, args := scopeClause("o.path", a)
	var n int
	err := s.conn().row(ctx, `SELECT count(*)`+roundFrom+` WHERE r.state = 'open' AND `+scope+`
		AND EXISTS (SELECT 1 FROM honour_nominations n WHERE n.round_id = r.id AND n.state = 'nominated')`, args...).Scan(&n)
	return n, err
}

// famHonours: titles held, at the union keeping them.
var famHonours = registerStatFamily(statFamilyDef{name: "honours", events: conn.honourEvents, recount: recountHonours})

// The awards counted in the year they were made.
var honourYearKeys = map[string]string{
	gonghui.HonourModelHome:       "honours_model_homes",
	gonghui.HonourModelSmallHome:  "honours_model_small_homes",
	gonghui.HonourExcellentWorker: "honours_excellent_workers",
}

// honourEvents: an award counts from its day to the end of its year (the
// year's awards), unless revoked before; a model worker's title from its
// day until revoked or its holder's death.
func (c conn) honourEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, kind, level, awarded, status string
	var statusOn *string
	var n int64
	return c.eachRow(ctx, `SELECT o.path, h.kind, h.level, h.awarded_on, h.status, h.status_on, count(*)`+honourFrom+` WHERE `+where+`
		GROUP BY o.path, h.kind, h.level, h.awarded_on, h.status, h.status_on`, args,
		[]any{&path, &kind, &level, &awarded, &status, &statusOn, &n}, func() {
			if key, ok := honourYearKeys[kind]; ok {
				until := yearEnd(awarded)
				if status == gonghui.HonourRevoked && statusOn != nil && *statusOn < until {
					until = deref(statusOn)
				}
				sink.span(path, key, awarded, until, n)
				return
			}
			until := ""
			if status != gonghui.HonourInForce {
				until = deref(statusOn)
			}
			sink.span(path, "model_workers", awarded, until, n)
			if level == gonghui.HonourNational || level == gonghui.HonourCity {
				sink.span(path, "model_workers_"+level, awarded, until, n)
			}
		})
}

// yearEnd is the first day of the year after a day's ("2017-05-01" →
// "2018-01-01").
func yearEnd(day string) string {
	y, err := strconv.Atoi(day[:4])
	if err != nil {
		return ""
	}
	return strconv.Itoa(y+1) + "-01-01"
}

func recountHonours(r *recount) {
	y, _, _ := r.on.Parts()
	jan1 := gonghui.NewDate(y, 1, 1)
	for kind, key := range honourYearKeys {
		r.count(key, `SELECT count(*)`+honourFrom+` WHERE `+r.scope+` AND h.kind = ? AND h.awarded_on >= ? AND h.awarded_on <= ?
			AND (h.status <> 'revoked' OR h.status_on > ?)`, kind, jan1, r.on, r.on)
	}
	held := ` AND h.kind IN ('model_worker', 'advanced_worker') AND h.awarded_on <= ? AND (h.status = 'in_force' OR h.status_on > ?)`
	r.count("model_workers", `SELECT count(*)`+honourFrom+` WHERE `+r.scope+held, r.on, r.on)
	for _, level := range []string{gonghui.HonourNational, gonghui.HonourCity} {
		r.count("model_workers_"+level, `SELECT count(*)`+honourFrom+` WHERE `+r.scope+held+` AND h.level = ?`, r.on, r.on, level)
	}
}

// HonourWriter saves imported titles (award lists, the model-worker
// roll) in batches. A row naming a title on record (the same recipient,
// kind, level and year, not revoked) is left alone.
type HonourWriter struct {
	batchTx
	a gonghui.Actor
}

// NewHonourWriter starts writing titles as the actor.
func (s *Store) NewHonourWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*HonourWriter, error) {
	if !a.Can(gonghui.PermEditHonours) {
		return nil, gonghui.ErrForbidden
	}
	w := &HonourWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one title, with the checks of the form.
func (w *HonourWriter) Save(ctx context.Context, in gonghui.HonourInput) (UpsertResult, error) {
	c, a := w.c, w.a
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v, c.s.today())
	r, err := c.checkRecipient(ctx, a, in.Kind, &in.Recipient, v, sealedHonourID)
	if err != nil {
		return 0, err
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	held, err := c.lockTitleHeld(ctx, r.key, in)
	if err != nil {
		return 0, err
	}
	if held {
		return Unchanged, w.saved(ctx)
	}
	if w.checking() {
		return Inserted, nil
	}
	id, err := c.insertHonour(ctx, a, in.Kind, in.Level, in.Year, in.Recipient, r, 0, in.AwardedOn)
	if err != nil {
		return 0, err
	}
	out, _, err := c.getHonour(ctx, a, id)
	if err != nil {
		return 0, err
	}
	if err := c.audit(ctx, a, auditEntry{action: "honour.register", recordType: "honour", recordID: id, orgPath: r.org.Path, summary: changeSummary(nil, out)}); err != nil {
		return 0, err
	}
	return Inserted, w.saved(ctx)
}
