package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/pii"
)

// SetKeys gives the store the keys that seal personal data; member methods
// refuse to work without them.
func (s *Store) SetKeys(k *pii.Keys) { s.keys = k }

var errNoKeys = errors.New("no personal-data key configured")

// Blind-index kinds.
const (
	indexID    = "id"
	indexPhone = "phone"
)

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.FirstLetter
	return a
}()

// nameInitials returns the pinyin initials of a name ("张伟" -> "zw"); Latin
// letters are kept lower-cased, so mixed names stay searchable.
func nameInitials(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Han, r):
			b.WriteString(hanInitial(r))
		}
	}
	return b.String()
}

// hanInitials caches each character's initial: the pinyin library spells
// a character out through regular expressions, and a city's names draw on
// a few thousand characters millions of times.
var hanInitials = struct {
	sync.RWMutex
	m map[rune]string
}{m: map[rune]string{}}

// hanInitial is the first letter of a Han character's pinyin ("" when it
// has none).
func hanInitial(r rune) string {
	hanInitials.RLock()
	in, ok := hanInitials.m[r]
	hanInitials.RUnlock()
	if ok {
		return in
	}
	if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 && p[0] != "" {
		in = p[0][:1]
	}
	hanInitials.Lock()
	hanInitials.m[r] = in
	hanInitials.Unlock()
	return in
}

const memberColumns = `m.id, p.id, p.name, p.id_masked, p.birth_date, p.sex, p.province, p.phone_masked,
	p.ethnicity, p.education, p.political, p.household, p.employment,
	m.org_id, o.name, COALESCE(m.unit_id, 0), COALESCE(u.name, ''), m.status, m.joined_on, m.member_since, m.left_on, m.leave_reason,
	COALESCE(c.card_no, ''), c.issued_on, o.path, p.id_sealed, p.phone_sealed, p.id_index, m.version, p.address_masked, p.address_sealed`

// memberListColumns are memberColumns without the sealed values, which a
// page of the list never opens: the engine does not hand them over.
var memberListColumns = strings.Replace(memberColumns, "p.id_sealed, p.phone_sealed, p.id_index, m.version, p.address_masked, p.address_sealed",
	"NULL, NULL, NULL, m.version, p.address_masked, NULL", 1)

const memberFrom = ` FROM memberships m
	JOIN persons p ON p.id = m.person_id
	JOIN orgs o ON o.id = m.org_id
	LEFT JOIN units u ON u.id = m.unit_id
	LEFT JOIN cards c ON c.person_id = p.id AND c.status = 'active'`

// memberRow is a scanned member with the sealed values, the birth date
// (shown only with them) and the org path.
type memberRow struct {
	gonghui.Member
	path                string
	idSealed, phoneSeal []byte
	addressSeal         []byte
	idIndex             []byte
	birth               gonghui.Date
	// transferredOn is the day a transfer started the membership (zero
	// for a join): the span starts there, not at the join date.
	transferredOn gonghui.Date
}

// scanMember reads a member masked: its age band on today stands in for
// the birth date.
func scanMember(sc scanner, today gonghui.Date) (memberRow, error) {
	return newMemberScan().scan(sc, today)
}

// memberScan reads member rows one after another into one memberRow and
// its column pointers, built once (a list of fifty rows would otherwise
// allocate them fifty times), with extra columns after the member's.
type memberScan struct {
	r    memberRow
	dest []any
}

func newMemberScan(extra ...any) *memberScan {
	ms := &memberScan{}
	r := &ms.r
	m := &r.Member
	ms.dest = append([]any{&m.ID, &m.PersonID, &m.Name, &m.IDNumber, &r.birth, &m.Sex, &m.Province, &m.Phone,
		&m.Ethnicity, &m.Education, &m.Political, &m.Household, &m.Employment,
		&m.OrgID, &m.OrgName, &m.UnitID, &m.UnitName, &m.Status, &m.JoinedOn, &r.transferredOn, &m.LeftOn, &m.LeaveReason,
		&m.CardNo, &m.CardIssued, &r.path, &r.idSealed, &r.phoneSeal, &r.idIndex, &m.Version, &m.Address, &r.addressSeal}, extra...)
	return ms
}

// scan reads the next row; what it returns is a copy, the scanner's own
// row is overwritten by the next.
func (ms *memberScan) scan(sc scanner, today gonghui.Date) (memberRow, error) {
	ms.r = memberRow{}
	err := sc.Scan(ms.dest...)
	r := ms.r
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	r.AgeBand = gonghui.AgeBand(r.birth, today)
	r.MemberSince = r.JoinedOn
	if !r.transferredOn.IsZero() {
		r.MemberSince = r.transferredOn
	}
	return r, err
}

// reveal opens the member's ID number, phone and address and shows the
// birth date; the caller checks the permission and audits.
func (s *Store) reveal(r *memberRow) error {
	p, err := s.openPerson(*r)
	if err != nil {
		return err
	}
	r.IDNumber, r.Phone, r.Address = p.id, p.phone, p.address
	r.Birth, r.Revealed = r.birth, true
	return nil
}

// openedPerson is a member's sealed values, opened.
type openedPerson struct{ id, phone, address string }

// openPerson opens a member's ID number, phone and address.
func (s *Store) openPerson(r memberRow) (openedPerson, error) {
	var p openedPerson
	var err error
	if p.id, err = s.keys.Open(r.idSealed, personBinding(sealedID, r.idIndex)); err != nil {
		return p, err
	}
	if p.phone, err = s.keys.Open(r.phoneSeal, personBinding(sealedPhone, r.idIndex)); err != nil {
		return p, err
	}
	p.address, err = s.keys.Open(r.addressSeal, personBinding(sealedAddress, r.idIndex))
	return p, err
}

func (c conn) getMember(ctx context.Context, a gonghui.Actor, id int64) (memberRow, error) {
	scope, args := scopeClause("o.path", a)
	return scanMember(c.row(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = ? AND "+scope, append([]any{id}, args...)...), c.s.today())
}

// GetMember returns a membership in the actor's subtree with personal data
// masked; reveal shows the ID number, phone and birth date in full, which
// needs the reveal permission and is audited.
func (s *Store) GetMember(ctx context.Context, a gonghui.Actor, id int64, reveal bool) (gonghui.Member, error) {
	r, err := s.conn().getMember(ctx, a, id) // scope first: outside it, "not found"
	if err != nil || !reveal {
		return r.Member, opErr(err, "get member %d", id)
	}
	if !a.Can(gonghui.PermRevealMembers) {
		return gonghui.Member{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.Member{}, errNoKeys
	}
	if err := s.reveal(&r); err != nil {
		return gonghui.Member{}, opErr(err, "get member %d", id)
	}
	return r.Member, s.Audit(ctx, a, "member.reveal", "member", id, r.path, `{"fields":["id_number","phone","address","birth_date"]}`, gonghui.OutcomeSuccess)
}

// activeMembers counts a subtree's active members from its aggregate; ok
// is false when the subtree keeps none (or it is stale). Every page of a
// district's or a street's list shows it: it is kept by the subtree's
// data version.
func (c conn) activeMembers(ctx context.Context, path string) (int, bool, error) {
	ids := gonghui.PathIDs(path)
	if len(ids) == 0 || len(ids) > aggregateDepth+1 {
		return 0, false, nil
	}
	org := gonghui.Org{ID: ids[len(ids)-1], Path: path, Depth: len(ids) - 1}
	type count struct {
		n  int64
		ok bool
	}
	day := gonghui.DateOf(c.s.now())
	compute := func() (count, error) {
		n, ok, err := c.aggregateValue(ctx, org.ID, day, "members_realname")
		return count{n, ok}, err
	}
	got, err := cached(ctx, c, &c.s.cache, org, "active members:"+day.String(), compute)
	return int(got.n), got.ok, err
}

// SealedMember is a checked member with its personal data sealed and
// indexed, ready to store. Imports prepare these on all cores.
type SealedMember struct {
	gonghui.CheckedMember
	initials            string
	idSealed, idIndex   []byte
	phoneSeal, phoneIdx []byte
	addressSeal         []byte
}

// Seal seals and indexes a checked member's personal data (safe for
// concurrent use).
func (s *Store) Seal(cm gonghui.CheckedMember) SealedMember {
	sp := SealedMember{CheckedMember: cm, initials: nameInitials(cm.Name)}
	sp.idIndex = s.keys.Index(indexID, cm.IDNumber)
	sp.idSealed = s.keys.Seal(cm.IDNumber, personBinding(sealedID, sp.idIndex))
	sp.phoneSeal = s.keys.Seal(cm.Phone, personBinding(sealedPhone, sp.idIndex))
	sp.phoneIdx = s.keys.Index(indexPhone, cm.Phone)
	sp.addressSeal = s.keys.Seal(cm.Address, personBinding(sealedAddress, sp.idIndex))
	return sp
}

// UpsertResult tells what saving a member did.
type UpsertResult int

const (
	Inserted UpsertResult = iota + 1
	Updated
	Unchanged
)

// existingPerson is what is stored of a person found by ID number.
type existingPerson struct {
	id                                        int64
	name, phoneMasked, eth, edu, pol, hh, emp string
	phoneIndex                                []byte
	membershipID, orgID, unitID               int64
	joined, transferredOn                     gonghui.Date
	orgName                                   string
	cardNo                                    string
}

// personColumns are the persons table's columns a new person fills, in
// personRow's order.
var personColumns = []string{"name", "name_initials", "id_sealed", "id_index", "id_masked", "birth_date", "sex", "province",
	"phone_sealed", "phone_index", "phone_masked", "address_sealed", "address_masked", "ethnicity", "education", "political", "household", "employment", "created_at", "updated_at"}

func (sp SealedMember) personRow(now int64) []any {
	return []any{sp.Name, sp.initials, sp.idSealed, sp.idIndex, idcard.Mask(sp.IDNumber), sp.BirthDate(), sp.SexKey(), sp.ID.Province,
		sp.phoneSeal, sp.phoneIdx, gonghui.MaskPhone(sp.Phone), sp.addressSeal, gonghui.MaskAddress(sp.Address), sp.Ethnicity, sp.Education, sp.Political, sp.Household, sp.Employment, now, now}
}

// auditEntry is the audit event of saving the member.
func (sp SealedMember) auditEntry(action string, membershipID int64, orgPath string) auditEntry {
	return auditEntry{action: action, recordType: "member", recordID: membershipID, orgPath: orgPath,
		summary: mustJSON(map[string]any{"name": sp.Name, "id_number": idcard.Mask(sp.IDNumber), "org_id": sp.OrgID})}
}

func (c conn) findPerson(ctx context.Context, idIndex []byte) (existingPerson, bool, error) {
	found, err := c.findPeople(ctx, []any{idIndex})
	e, ok := found[string(idIndex)]
	return e, ok, err
}

// findPeople reads what is stored of the people behind blind indexes, by
// index: one statement for a batch of rows.
func (c conn) findPeople(ctx context.Context, idIndexes []any) (map[string]existingPerson, error) {
	out := map[string]existingPerson{}
	var e existingPerson
	var idx []byte
	err := c.eachRow(ctx, `SELECT p.id_index, p.id, p.name, p.phone_masked, p.ethnicity, p.education, p.political, p.household, p.employment, p.phone_index,
			COALESCE(m.id, 0), COALESCE(m.org_id, 0), COALESCE(m.unit_id, 0), m.joined_on, m.member_since, COALESCE(o.name, ''), COALESCE(c.card_no, '')
		FROM persons p
		LEFT JOIN memberships m ON m.person_id = p.id AND m.status = 'active'
		LEFT JOIN orgs o ON o.id = m.org_id
		LEFT JOIN cards c ON c.person_id = p.id AND c.status = 'active'
		WHERE p.id_index IN (`+placeholders(len(idIndexes))+`)`, idIndexes, []any{&idx, &e.id, &e.name, &e.phoneMasked, &e.eth, &e.edu, &e.pol, &e.hh, &e.emp, &e.phoneIndex,
		&e.membershipID, &e.orgID, &e.unitID, &e.joined, &e.transferredOn, &e.orgName, &e.cardNo}, func() {
		out[string(idx)] = e
	})
	return out, err
}

// samePerson reports whether a row leaves the person's own fields as
// stored.
func (e existingPerson) samePerson(sp SealedMember) bool {
	return e.name == sp.Name && string(e.phoneIndex) == string(sp.phoneIdx) && e.eth == sp.Ethnicity && e.edu == sp.Education &&
		e.pol == sp.Political && e.hh == sp.Household && e.emp == sp.Employment
}

// unchangedBy reports whether saving the row would change nothing: the
// person as stored, active in the row's union with its unit and join
// date, holding the row's card (or the row names none).
func (e existingPerson) unchangedBy(sp SealedMember) bool {
	return e.orgID == sp.OrgID && memberResult(e, true, sp, sp.CardNo != "" && sp.CardNo != e.cardNo) == Unchanged
}

// upsertMember saves one member into the org named by sp.OrgID, which the
// caller has checked is in scope: a new person, a person returning to a
// union, or an update of the same active membership. A person active in
// another union is refused with that union named: a transfer is the way.
// It returns the membership ID and what it did; errors are validation
// errors naming the field. Both the form, the API and the import use it.
// A known person's address is left as stored (imports carry none):
// UpdateMember changes it.
func (c conn) upsertMember(ctx context.Context, sp SealedMember, orgPath string, a gonghui.Actor) (int64, UpsertResult, error) {
	if err := c.lockFor(ctx, lockPerson, personKey(sp.idIndex)); err != nil {
		return 0, 0, err
	}
	e, found, err := c.findPerson(ctx, sp.idIndex)
	if err != nil {
		return 0, 0, err
	}
	now := c.s.nowUnix()
	phoneMasked := gonghui.MaskPhone(sp.Phone)
	// Every refusal comes before the first write: a refused row must leave
	// nothing behind in a batch that goes on and commits.
	newCard, err := c.memberRefusal(ctx, e, found, sp)
	if err != nil {
		return 0, 0, err
	}
	// A known person's figures are read before the first write, and only
	// when there is one: an unchanged row costs nothing more.
	touch := func() error {
		if !found {
			return nil
		}
		return c.touchPersons(ctx, e.id)
	}
	var personID, membershipID int64
	result := memberResult(e, found, sp, newCard)
	switch {
	case !found:
		err = c.row(ctx, `INSERT INTO persons (`+strings.Join(personColumns, ", ")+`)
			VALUES (`+placeholders(len(personColumns))+`) RETURNING id`, sp.personRow(now)...).Scan(&personID)
		if err != nil {
			return 0, 0, err
		}
		c.touchNewPerson(personID)
	default:
		personID = e.id
		if !e.samePerson(sp) {
			if err := touch(); err != nil {
				return 0, 0, err
			}
			if _, err := c.exec(ctx, `UPDATE persons SET name = ?, name_initials = ?, phone_sealed = ?, phone_index = ?, phone_masked = ?,
					ethnicity = ?, education = ?, political = ?, household = ?, employment = ?, updated_at = ? WHERE id = ?`,
				sp.Name, sp.initials, sp.phoneSeal, sp.phoneIdx, phoneMasked, sp.Ethnicity, sp.Education, sp.Political, sp.Household, sp.Employment, now, personID); err != nil {
				return 0, 0, err
			}
			// A member is edited as a membership: its version covers the person.
			if _, err := c.exec(ctx, `UPDATE memberships SET version = version + 1 WHERE person_id = ? AND status = 'active'`, personID); err != nil {
				return 0, 0, err
			}
			if e.name != sp.Name || e.emp != sp.Employment {
				if err := c.setPersonKeys(ctx, personID, sp.Name, sp.initials, sp.Employment); err != nil {
					return 0, 0, err
				}
			}
		}
	}
	if found && e.membershipID != 0 {
		membershipID = e.membershipID
		if e.unitID != sp.UnitID || e.joined != sp.JoinedOn {
			if err := touch(); err != nil {
				return 0, 0, err
			}
			if _, err := c.exec(ctx, `UPDATE memberships SET unit_id = ?, joined_on = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
				nullInt(sp.UnitID), sp.JoinedOn, now, membershipID); err != nil {
				return 0, 0, err
			}
		}
	} else {
		if err := touch(); err != nil {
			return 0, 0, err
		}
		err = c.row(ctx, `INSERT INTO memberships (person_id, org_id, unit_id, status, joined_on, created_at, updated_at, `+strings.Join(memberKeyColumns, ", ")+`)
			VALUES (?, ?, ?, 'active', ?, ?, ?, `+placeholders(len(memberKeyColumns))+`) RETURNING id`,
			append([]any{personID, sp.OrgID, nullInt(sp.UnitID), sp.JoinedOn, now, now}, memberKeys(orgPath, sp.Name, sp.initials, sp.Employment)...)...).Scan(&membershipID)
		if err != nil {
			return 0, 0, err
		}
	}
	if newCard {
		if err := touch(); err != nil {
			return 0, 0, err
		}
		if err := c.insertCard(ctx, personID, sp.CardNo, sp.JoinedOn); err != nil {
			return 0, 0, err
		}
	}
	if result != Unchanged {
		action := "member.create"
		if result == Updated {
			action = "member.update"
		}
		err := c.audit(ctx, a, sp.auditEntry(action, membershipID, orgPath))
		if err != nil {
			return 0, 0, err
		}
	}
	return membershipID, result, nil
}

// memberRefusal refuses saving sp over the person found (e, found as
// findPerson gives them), or tells whether it issues a card. It writes
// nothing: a check asks it too.
func (c conn) memberRefusal(ctx context.Context, e existingPerson, found bool, sp SealedMember) (newCard bool, err error) {
	if found && e.membershipID != 0 && e.orgID != sp.OrgID {
		return false, gonghui.Invalid("id_number",
			"此人已是“"+e.orgName+"”的在册会员，请办理会员关系转接",
			"this person is an active member of \""+e.orgName+"\": start a membership transfer instead")
	}
	if found && (e.membershipID == 0 || e.joined != sp.JoinedOn) {
		if err := c.checkJoined(ctx, e.id, e.membershipID, sp.JoinedOn, e.transferredOn); err != nil {
			return false, err
		}
	}
	newCard = sp.CardNo != "" && sp.CardNo != e.cardNo
	if newCard {
		if e.cardNo != "" {
			return false, gonghui.Invalid("card_no", "此人已持有会员卡"+e.cardNo+"，换卡请在会员页面办理",
				"this person already holds card "+e.cardNo+": replace it on the member's page")
		}
		if err := c.cardFree(ctx, sp.CardNo); err != nil {
			return false, err
		}
	}
	return newCard, nil
}

// memberResult is what saving sp does to the person found: a new person,
// a change (of the person, the membership, a former member joining again,
// a card issued), or nothing.
func memberResult(e existingPerson, found bool, sp SealedMember, newCard bool) UpsertResult {
	switch {
	case !found:
		return Inserted
	case !e.samePerson(sp), e.membershipID == 0, e.unitID != sp.UnitID, e.joined != sp.JoinedOn, newCard:
		return Updated
	}
	return Unchanged
}

// cardInUse refuses a card number another card holds.
func cardInUse() error {
	return gonghui.Invalid("card_no", "该会员卡号已被使用", "this card number is already in use")
}

// cardFree takes a card number's lock and refuses it when it is in use. It
// runs before the insert, so that a taken number is a field error and not
// a failed statement (which would abort a PostgreSQL transaction).
func (c conn) cardFree(ctx context.Context, cardNo string) error {
	if err := c.lockFor(ctx, lockCardNo, textKey(cardNo)); err != nil {
		return err
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM cards WHERE card_no = ?`, cardNo).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return cardInUse()
	}
	return nil
}

// insertCard issues a card, on the given day or, when the person's last
// card ended later (a card given with a join dated back), on that day: a
// person holds at most one valid card on any day.
func (c conn) insertCard(ctx context.Context, personID int64, cardNo string, issued gonghui.Date) error {
	if err := c.cardFree(ctx, cardNo); err != nil {
		return err
	}
	lastEnd, err := c.lastCardEnd(ctx, personID)
	if err != nil {
		return err
	}
	if issued.Before(lastEnd) {
		issued = lastEnd
	}
	_, err = c.exec(ctx, `INSERT INTO cards (person_id, card_no, issued_on, status, created_at) VALUES (?, ?, ?, 'active', ?)`,
		personID, cardNo, issued, c.s.nowUnix())
	return err
}

// lastCardEnd is the day the person's last ended card stopped being
// valid (zero: none ended).
func (c conn) lastCardEnd(ctx context.Context, personID int64) (gonghui.Date, error) {
	var d gonghui.Date
	err := c.row(ctx, `SELECT MAX(ended_on) FROM cards WHERE person_id = ?`, personID).Scan(&d)
	return d, err
}

// lockMembership takes the person lock of a membership's person, before
// what a change of the membership checks is read. ErrNotFound when there
// is no such membership; the caller's read checks the scope.
func (c conn) lockMembership(ctx context.Context, id int64) error {
	var idIndex []byte
	err := c.row(ctx, `SELECT p.id_index FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.id = ?`, id).Scan(&idIndex)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.ErrNotFound
	}
	if err != nil {
		return err
	}
	return c.lockFor(ctx, lockPerson, personKey(idIndex))
}

// checkJoined refuses a join date that would hold a person in two
// memberships on one day. A membership a transfer started (transferredOn
// set) is held from the transfer, so its join date may be any day up to
// it; any other is held from its join date, which must then come no
// earlier than the end of the person's other memberships.
func (c conn) checkJoined(ctx context.Context, personID, membershipID int64, joined, transferredOn gonghui.Date) error {
	if !transferredOn.IsZero() {
		if transferredOn.Before(joined) {
			return gonghui.Invalid("joined_on", "入会日期不能晚于转入本会的日期"+transferredOn.String(),
				"the join date cannot be after the transfer into this union ("+transferredOn.String()+")")
		}
		return nil
	}
	var last gonghui.Date
	if err := c.row(ctx, `SELECT MAX(left_on) FROM memberships WHERE person_id = ? AND id <> ?`, personID, membershipID).Scan(&last); err != nil {
		return err
	}
	if joined.Before(last) {
		return gonghui.Invalid("joined_on", "入会日期早于此人上一段会籍的结束日期"+last.String(),
			"the join date is before the end of this person's previous membership ("+last.String()+")")
	}
	return nil
}

// memberTarget checks the union and unit a member is saved into: both in
// the actor's scope, the union active, the unit known.
func (c conn) memberTarget(ctx context.Context, a gonghui.Actor, orgID, unitID int64) (gonghui.Org, error) {
	o, err := c.getOrg(ctx, a, "o.id = ?", orgID)
	if errors.Is(err, gonghui.ErrNotFound) {
		return o, gonghui.Invalid("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
	}
	if err != nil {
		return o, err
	}
	if o.Status != gonghui.OrgActive {
		return o, gonghui.Invalid("org_id", "该工会已撤销或合并", "the union is dissolved or merged")
	}
	if unitID != 0 {
		if _, _, err := c.getUnit(ctx, a, unitID); errors.Is(err, gonghui.ErrNotFound) {
			return o, gonghui.Invalid("unit_id", "单位不存在或不在您的管辖范围内", "unit not found in your scope")
		} else if err != nil {
			return o, err
		}
	}
	return o, nil
}

// SaveMember adds a member by hand (or through the API), or updates the
// same person's active membership in the same union.
func (s *Store) SaveMember(ctx context.Context, a gonghui.Actor, in gonghui.MemberInput) (gonghui.Member, UpsertResult, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Member{}, 0, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.Member{}, 0, errNoKeys
	}
	cm, err := gonghui.CheckMember(in, gonghui.DateOf(s.now()))
	if err != nil {
		return gonghui.Member{}, 0, opErr(err, "save member")
	}
	sp := s.Seal(cm)
	var out gonghui.Member
	var result UpsertResult
	err = s.inTx(ctx, func(c conn) error {
		o, err := c.memberTarget(ctx, a, sp.OrgID, sp.UnitID)
		if err != nil {
			return err
		}
		id, res, err := c.upsertMember(ctx, sp, o.Path, a)
		if err != nil {
			return err
		}
		result = res
		r, err := c.getMember(ctx, a, id)
		out = r.Member
		return err
	})
	return out, result, opErr(err, "save member")
}

// UpdateMember changes the details of an active member in scope. The ID
// number may be corrected; the union changes only by transfer.
func (s *Store) UpdateMember(ctx context.Context, a gonghui.Actor, id int64, in gonghui.MemberInput) (gonghui.Member, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Member{}, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return gonghui.Member{}, errNoKeys
	}
	var out gonghui.Member
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockMembership(ctx, id); err != nil {
			return err
		}
		cur, err := c.getMember(ctx, a, id)
		if err != nil {
			return err
		}
		out, err = c.updateMember(ctx, a, cur, in)
		return err
	})
	return out, opErr(err, "update member %d", id)
}

// updateMember writes an edit of the member cur (read in scope, under the
// person's lock) in the caller's transaction: the one path of every edit
// of the register, a member's confirmed correction too.
func (c conn) updateMember(ctx context.Context, a gonghui.Actor, cur memberRow, in gonghui.MemberInput) (gonghui.Member, error) {
	s, id := c.s, cur.ID
	if cur.Status != gonghui.MemberActive {
		return gonghui.Member{}, gonghui.Invalid("status", "只能修改在册会员", "only active members can be changed")
	}
	in.OrgID = cur.OrgID
	stored, err := s.openPerson(cur)
	if err != nil {
		return gonghui.Member{}, err
	}
	if strings.TrimSpace(in.IDNumber) == "" { // left empty: keep the stored number
		in.IDNumber = stored.id
	}
	if in.KeepPhone {
		in.Phone = stored.phone
	}
	if in.KeepAddress {
		in.Address = stored.address
	}
	cm, err := gonghui.CheckMember(in, gonghui.DateOf(s.now()))
	if err != nil {
		return gonghui.Member{}, err
	}
	if _, err := c.memberTarget(ctx, a, cm.OrgID, cm.UnitID); err != nil {
		return gonghui.Member{}, err
	}
	sp := s.Seal(cm)
	// A corrected ID number is the person's key too, and may belong
	// to another person.
	if err := c.lockFor(ctx, lockPerson, personKey(sp.idIndex)); err != nil {
		return gonghui.Member{}, err
	}
	var owner int64
	if err := c.row(ctx, `SELECT id FROM persons WHERE id_index = ?`, sp.idIndex).Scan(&owner); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return gonghui.Member{}, err
	}
	if owner != 0 && owner != cur.PersonID {
		return gonghui.Member{}, gonghui.Invalid("id_number", "该公民身份号码已属于另一名会员", "this ID number belongs to another member")
	}
	if sp.JoinedOn != cur.JoinedOn {
		if err := c.checkJoined(ctx, cur.PersonID, id, sp.JoinedOn, cur.transferredOn); err != nil {
			return gonghui.Member{}, err
		}
	}
	if err := c.touchPersons(ctx, cur.PersonID); err != nil {
		return gonghui.Member{}, err
	}
	now := s.nowUnix()
	_, err = c.exec(ctx, `UPDATE persons SET name = ?, name_initials = ?, id_sealed = ?, id_index = ?, id_masked = ?, birth_date = ?, sex = ?, province = ?,
			phone_sealed = ?, phone_index = ?, phone_masked = ?, address_sealed = ?, address_masked = ?,
			ethnicity = ?, education = ?, political = ?, household = ?, employment = ?, updated_at = ?
		WHERE id = ?`,
		sp.Name, sp.initials, sp.idSealed, sp.idIndex, idcard.Mask(sp.IDNumber), sp.BirthDate(), sp.SexKey(), sp.ID.Province,
		sp.phoneSeal, sp.phoneIdx, gonghui.MaskPhone(sp.Phone), sp.addressSeal, gonghui.MaskAddress(sp.Address),
		sp.Ethnicity, sp.Education, sp.Political, sp.Household, sp.Employment, now, cur.PersonID)
	if err != nil {
		return gonghui.Member{}, err
	}
	if err := c.setPersonKeys(ctx, cur.PersonID, sp.Name, sp.initials, sp.Employment); err != nil {
		return gonghui.Member{}, err
	}
	if err := c.updateVersioned(ctx, "memberships", `unit_id = ?, joined_on = ?, updated_at = ?`, []any{nullInt(sp.UnitID), sp.JoinedOn, now}, id, in.Version); err != nil {
		return gonghui.Member{}, err
	}
	if sp.CardNo != "" && cur.CardNo == "" {
		if err := c.insertCard(ctx, cur.PersonID, sp.CardNo, gonghui.DateOf(s.now())); err != nil {
			return gonghui.Member{}, err
		}
	}
	r, err := c.getMember(ctx, a, id)
	if err != nil {
		return gonghui.Member{}, err
	}
	return r.Member, c.audit(ctx, a, auditEntry{action: "member.update", recordType: "member", recordID: id, orgPath: r.path, summary: changeSummary(cur.Member, r.Member)})
}

// EndMembership records a member leaving (退会, with a reason) or dying.
func (s *Store) EndMembership(ctx context.Context, a gonghui.Actor, id int64, status gonghui.MemberStatus, on gonghui.Date, reason string) (gonghui.Member, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return gonghui.Member{}, gonghui.ErrForbidden
	}
	reason = strings.TrimSpace(reason)
	var out gonghui.Member
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockMembership(ctx, id); err != nil {
			return err
		}
		cur, err := c.getMember(ctx, a, id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if cur.Status != gonghui.MemberActive {
			v.Add("status", "该会员已不在册", "the member is no longer active")
		}
		if status != gonghui.MemberLeft && status != gonghui.MemberDeceased {
			v.Add("status", "请选择退会或去世", "choose left or deceased")
		}
		if status == gonghui.MemberLeft && reason == "" {
			v.Add("reason", "请填写退会原因", "a reason for leaving is required")
		}
		if on.IsZero() {
			on = gonghui.DateOf(s.now())
		}
		if on.Before(cur.MemberSince) || gonghui.DateOf(s.now()).Before(on) {
			v.Add("date", "日期须在本会籍起始日期与今天之间", "the date must lie between the first day of this membership and today")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.touchPersons(ctx, cur.PersonID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE memberships SET status = ?, left_on = ?, leave_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			status, on, reason, s.nowUnix(), id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE transfers SET status = 'cancelled', decided_by = ?, decided_at = ? WHERE membership_id = ? AND status = 'pending'`,
			a.Username, s.nowUnix(), id); err != nil {
			return err
		}
		r, err := c.getMember(ctx, a, id)
		if err != nil {
			return err
		}
		out = r.Member
		return c.audit(ctx, a, auditEntry{action: "member." + string(status), recordType: "member", recordID: id, orgPath: r.path,
			summary: mustJSON(map[string]string{"date": on.String(), "reason": reason})})
	})
	return out, opErr(err, "end membership %d", id)
}

// MemberHistory lists every membership of the person behind a membership
// the actor can see, newest first, so a union sees where a member came
// from and went. Other unions' names are shown; their records stay closed.
func (s *Store) MemberHistory(ctx context.Context, a gonghui.Actor, id int64) ([]gonghui.Member, error) {
	c := s.conn()
	cur, err := c.getMember(ctx, a, id)
	if err != nil {
		return nil, opErr(err, "member history %d", id)
	}
	out, err := c.personMemberships(ctx, cur.PersonID)
	return out, opErr(err, "member history %d", id)
}

// IDIndex is the blind index of the member's ID number: equal indexes
// mean the same person.
func (sp SealedMember) IDIndex() []byte { return sp.idIndex }

// personInScope is the condition that a person (persons aliased p) holds
// or held a membership in the actor's subtree: the people a union may
// name in its records, past ones included.
func personInScope(a gonghui.Actor) (string, []any) {
	scope, args := scopeClause("o.path", a)
	return `EXISTS (SELECT 1 FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = p.id AND ` + scope + `)`, args
}

// personByNumber finds the person of a citizen ID number in the actor's
// scope (personInScope), adding field's error when there is none.
func (c conn) personByNumber(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, field, number string) (int64, error) {
	if c.s.keys == nil {
		return 0, errNoKeys
	}
	id, err := idcard.Parse(strings.TrimSpace(number))
	if err != nil {
		v.Add(field, "请填写有效的公民身份号码", "give a valid citizen ID number")
		return 0, nil
	}
	cond, args := personInScope(a)
	var person int64
	err = c.row(ctx, `SELECT p.id FROM persons p WHERE p.id_index = ? AND `+cond, append([]any{c.s.keys.Index(indexID, id.Number)}, args...)...).Scan(&person)
	if errors.Is(err, sql.ErrNoRows) {
		v.Add(field, "会员库中没有此人，或不在您的管辖范围内", "no person of the register in your scope has this ID number")
		return 0, nil
	}
	return person, err
}

// checkPersonInScope adds field's error when a person id names nobody in
// the actor's scope (personInScope).
func (c conn) checkPersonInScope(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, field string, person int64) error {
	if person == 0 {
		return nil // Validate named it
	}
	cond, args := personInScope(a)
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM persons p WHERE p.id = ? AND `+cond, append([]any{person}, args...)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add(field, "该人员不在会员名册中，或不在您的管辖范围内", "the person is not in the register in your scope")
	}
	return nil
}
