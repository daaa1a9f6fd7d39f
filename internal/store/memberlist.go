package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonghui"
	"gonghui/idcard"
)

// The member list finds every search inside its scope. Each membership
// keeps its search keys beside it (migration 16): the union's path, the
// union's ancestors at the district and the street level, and the
// person's name and pinyin initials. A district's or a street's search is
// then a range of the index on (that level's ancestor, status, name) and
// a union's one of (union, status, name): it reads its own matches, not
// the city's. Pages follow by key (the last row's sort key), never by
// OFFSET, so any later page costs what the first does. The person's form
// of employment is kept too (migration 35), so that the members in new
// forms of employment of a subtree are an index range (NewEmployment).

// memberKeyColumns are the search keys of a membership, in memberKeys'
// order. Every write that inserts a membership writes them; a person's
// new name or form of employment and a union's new path are carried to
// them (setPersonKeys, refreshSubtreeKeys).
var memberKeyColumns = []string{"org_path", "scope1_id", "scope2_id", "name", "name_initials", "employment"}

// memberKeys are the values of memberKeyColumns for a membership of the
// person named name (initials its pinyin initials, employment their form
// of employment) in the union at path.
func memberKeys(path, name, initials, employment string) []any {
	return append(pathKeys(path), name, initials, employment)
}

// pathKeys are the first three of memberKeys: those of the union.
func pathKeys(path string) []any {
	s1, s2 := scopeIDs(path)
	return []any{path, s1, s2}
}

// scopeIDs are a union's ancestors at the district (1) and the street (2)
// level of the tree, itself included; 0 when it lies above that level.
func scopeIDs(path string) (s1, s2 int64) {
	ids := gonghui.PathIDs(path)
	if len(ids) > 1 {
		s1 = ids[1]
	}
	if len(ids) > 2 {
		s2 = ids[2]
	}
	return s1, s2
}

// setPersonKeys carries a person's name and form of employment to the
// search keys of all their memberships.
func (c conn) setPersonKeys(ctx context.Context, personID int64, name, initials, employment string) error {
	_, err := c.exec(ctx, `UPDATE memberships SET name = ?, name_initials = ?, employment = ? WHERE person_id = ?`, name, initials, employment, personID)
	return err
}

// refreshSubtreeKeys sets the path keys of the memberships of every union
// in the subtree at path to the union's path, after the subtree moved.
func (c conn) refreshSubtreeKeys(ctx context.Context, path string) error {
	lo, hi := gonghui.PathRange(path)
	type org struct {
		id   int64
		path string
	}
	var orgs []org
	var o org
	if err := c.eachRow(ctx, `SELECT id, path FROM orgs WHERE path >= ? AND path < ?`, []any{lo, hi}, []any{&o.id, &o.path},
		func() { orgs = append(orgs, o) }); err != nil {
		return err
	}
	for _, o := range orgs {
		s1, s2 := scopeIDs(o.path)
		if _, err := c.exec(ctx, `UPDATE memberships SET org_path = ?, scope1_id = ?, scope2_id = ? WHERE org_id = ?`, o.path, s1, s2, o.id); err != nil {
			return err
		}
	}
	return nil
}

// MemberSearchCap bounds the count of a member search: a total above it
// means "more than MemberSearchCap".
const MemberSearchCap = 1000

// MemberJumpRows bounds a jump by page number: a page that starts past
// this many members is reached by its cursor ("next"), since skipping rows
// costs what they are.
const MemberJumpRows = 1000

// MemberSortCap bounds the lists that may be sorted in an order no index
// gives (join date, union name): each page sorts all the matches.
const MemberSortCap = 5000

// holdsCard keeps the members holding a valid service card (the cards
// figure's records).
const holdsCard = `EXISTS (SELECT 1 FROM cards k WHERE k.person_id = m.person_id AND k.status = 'active')`

// memberOrder is an order of the member list: its sort key, the
// membership's ID last, so that every row has its own key.
type memberOrder struct {
	key  string // names the order in a cursor
	cols []string
	desc bool
	// indexed: an index gives the order within any scope; the others sort
	// the matches, so they are refused past MemberSortCap.
	indexed bool
}

var (
	orderTree   = memberOrder{key: "tree", cols: []string{"m.org_path", "m.id"}, indexed: true}
	orderName   = memberOrder{key: "name", cols: []string{"m.name", "m.id"}, indexed: true}
	orderPinyin = memberOrder{key: "pinyin", cols: []string{"m.name_initials", "m.name", "m.id"}, indexed: true}
	orderJoined = memberOrder{key: "joined", cols: []string{"m.joined_on", "m.id"}}
	orderOrg    = memberOrder{key: "org", cols: []string{"o.name", "m.id"}}
)

func (o memberOrder) reversed() memberOrder { o.desc = !o.desc; return o }

// sql is the ORDER BY of the order.
func (o memberOrder) sql() string {
	if !o.desc {
		return strings.Join(o.cols, ", ")
	}
	return strings.Join(o.cols, " DESC, ") + " DESC"
}

// past is the condition that keeps the rows after key in the order (a
// row value comparison, which both engines seek in the index).
func (o memberOrder) past(k cursorKey) (string, []any) {
	op := ">"
	if o.desc {
		op = "<"
	}
	args := make([]any, 0, len(k.Vals)+1)
	for _, v := range k.Vals {
		args = append(args, v)
	}
	args = append(args, k.ID)
	return "(" + strings.Join(o.cols, ", ") + ") " + op + " (" + placeholders(len(args)) + ")", args
}

// memberSortOrders are the orders of gonghui.MemberSorts: only these reach
// the SQL, never what a user typed. Names sort by their pinyin initials,
// as a cadre looks them up (within a name search, by the name itself).
var memberSortOrders = map[string]memberOrder{
	"name": orderPinyin, "-name": orderPinyin.reversed(),
	"joined": orderJoined, "-joined": orderJoined.reversed(),
	"org": orderOrg, "-org": orderOrg.reversed(),
}

// searchKind is what a free-text query searches.
type searchKind int

const (
	searchNone searchKind = iota
	searchExact
	searchName
	searchInitials
)

// memberSearch turns a free-text query into a condition: for pinyin
// initials or a name prefix, the column and the range [lo, hi) of its
// values; for an exact ID number (through the blind index), phone or card
// number, the query of the people it finds.
func (s *Store) memberSearch(q string) (kind searchKind, cond string, args []any) {
	q = strings.TrimSpace(q)
	if q == "" {
		return searchNone, "", nil
	}
	if s.keys != nil {
		if id, err := idcard.Parse(q); err == nil {
			return searchExact, "SELECT id FROM persons WHERE id_index = ?", []any{s.keys.Index(indexID, id.Number)}
		}
	}
	isASCII := true
	for _, r := range q {
		if r >= unicode.MaxASCII {
			isASCII = false
		}
	}
	const card = `SELECT person_id FROM cards WHERE card_no = ? AND status = 'active'`
	upper := strings.ToUpper(q)
	if phone := gonghui.NormalizePhone(q); s.keys != nil && isASCII && strings.Trim(phone, "0123456789-") == "" && len(phone) >= 7 {
		return searchExact, "SELECT id FROM persons WHERE phone_index = ? UNION " + card, []any{s.keys.Index(indexPhone, phone), upper}
	}
	if isASCII && strings.IndexFunc(q, unicode.IsDigit) >= 0 {
		return searchExact, card, []any{upper}
	}
	if isASCII {
		lo := strings.ToLower(q)
		return searchInitials, "m.name_initials", []any{lo, lo + "\x7f"}
	}
	return searchName, "m.name", []any{q, q + "\U0010FFFF"}
}

// ageBandCond keeps the people whose age today falls in the band, by the
// birth dates that bound it (the same cut-offs as MembersByAgeBand), so
// that no birth date leaves the database.
func ageBandCond(band string, on gonghui.Date) (string, []any, bool) {
	cut := func(n int) string { return ageCut(on, n) }
	switch band {
	case AgeUnder25:
		return "p.birth_date > ?", []any{cut(25)}, true
	case Age25to34:
		return "p.birth_date <= ? AND p.birth_date > ?", []any{cut(25), cut(35)}, true
	case Age35to44:
		return "p.birth_date <= ? AND p.birth_date > ?", []any{cut(35), cut(45)}, true
	case Age45to54:
		return "p.birth_date <= ? AND p.birth_date > ?", []any{cut(45), cut(55)}, true
	case Age55Plus:
		return "p.birth_date <= ?", []any{cut(55)}, true
	}
	return "", nil, false
}

// memberPlan is how a filter is read: its condition, its order and
// whether it keeps fewer members than the scope holds.
type memberPlan struct {
	where    string
	args     []any
	order    memberOrder
	narrowed bool
	// index is the index of memberships that bounds the rows.
	index string
	// person: the condition reads the person's record (a count without
	// it reads the index alone).
	person bool
	// print is the filter's fingerprint: a cursor is good for the list it
	// came from only.
	print string
	// conds and condArgs are where's conditions, each with its arguments;
	// ranges are those that bound a column of an order from below or
	// above, which a cursor's bound may make redundant (pagedWhere).
	conds    []string
	condArgs [][]any
	ranges   []keyRange
}

// keyRange is a range condition of a plan on one column: conds[lower] is
// col >= lo, conds[upper] col < hi.
type keyRange struct {
	col          string
	lo, hi       string
	lower, upper int
}

// pagedWhere is the plan's condition with the rows past a cursor's key in
// order. A range on the order's first column that the key's bound implies
// is left out: SQLite would seek the range's bound instead of the key's
// and read every row before the cursor (a deep page of a district cost
// what skipping its first half did), and PostgreSQL is spared a bound too.
func (p memberPlan) pagedWhere(order memberOrder, k cursorKey) (string, []any) {
	skip := -1
	for _, r := range p.ranges {
		if r.col != order.cols[0] || len(k.Vals) == 0 {
			continue
		}
		switch v := k.Vals[0]; {
		case !order.desc && v >= r.lo:
			skip = r.lower
		case order.desc && v < r.hi:
			skip = r.upper
		}
	}
	var conds []string
	var args []any
	for i, c := range p.conds {
		if i != skip {
			conds, args = append(conds, c), append(args, p.condArgs[i]...)
		}
	}
	past, a := order.past(k)
	return " WHERE " + strings.Join(append(conds, past), " AND "), append(args, a...)
}

// memberScopeKey is the condition that keeps a scope's memberships
// through their search keys, and the prefix of the names of the indexes
// that lead with it: the ancestor at the scope's level for a district or
// a street, the union itself for a grassroots union, none for the city.
// Deeper federations (rare, and small) keep their paths' range ("").
func (c conn) memberScopeKey(ctx context.Context, path string) (cond string, args []any, index string, err error) {
	ids := gonghui.PathIDs(path)
	if !strings.HasPrefix(path, "/") { // no union's path (a partner's scope): no member at all
		return "1 = 0", nil, "memberships", nil
	}
	switch len(ids) {
	case 0, 1:
		return "", nil, "memberships", nil
	case 2:
		return "m.scope1_id = ?", []any{ids[1]}, "memberships_s1", nil
	case 3:
		return "m.scope2_id = ?", []any{ids[2]}, "memberships_s2", nil
	}
	var kind gonghui.OrgKind
	if err := c.row(ctx, `SELECT kind FROM orgs WHERE path = ?`, path).Scan(&kind); err != nil {
		return "", nil, "", err
	}
	if kind.IsGrassroots() {
		return "m.org_id = ?", []any{ids[len(ids)-1]}, "memberships_org", nil
	}
	return "", nil, "", nil
}

// memberPlan builds the plan of a filter in the scope sa.
func (s *Store) memberPlan(ctx context.Context, c conn, sa gonghui.Actor, f gonghui.MemberFilter) (memberPlan, error) {
	var p memberPlan
	status := f.Status
	if status == "" {
		status = gonghui.MemberActive
	}
	kind, search, searchArgs := s.memberSearch(f.Query)
	switch {
	case f.Sort != "":
		o, ok := memberSortOrders[f.Sort]
		if !ok {
			return p, gonghui.Invalid("sort", "排序方式无效", "unknown sort order")
		}
		if o.key == orderPinyin.key && kind == searchName {
			// Within a name prefix the names' own order is the index's.
			o = memberOrder{key: orderName.key, cols: orderName.cols, desc: o.desc, indexed: true}
		}
		p.order = o
	case kind == searchName:
		p.order = orderName
	case kind == searchInitials:
		p.order = orderPinyin
	default:
		p.order = orderTree
	}
	// The scope: a search by name or initials reads the index of its
	// scope's key and of its order, and the key alone keeps the scope
	// (a district's or a street's ID, the union's own: kept with the
	// union's path in the same transactions), so that a count reads the
	// index alone. The rest keep the path of the membership's union: an
	// exact search reads the few people found and checks it (written so
	// that no engine reads it from an index), the others read the tree of
	// paths. (A condition on o.path would be read by PostgreSQL as a few
	// unions to start from.)
	lo, hi := gonghui.PathRange(sa.Path)
	conds := []string{"m.status = ?", "m.org_path >= ?", "m.org_path < ?"}
	args := [][]any{{status}, {lo}, {hi}}
	p.ranges = []keyRange{{col: "m.org_path", lo: lo, hi: hi, lower: 1, upper: 2}}
	p.index = "memberships_tree"
	switch {
	case kind == searchExact:
		p.index = "memberships_person"
		conds[1], conds[2] = "m.org_path || '' >= ?", "m.org_path || '' < ?"
		p.ranges = nil
	case kind == searchName || kind == searchInitials || p.order.key == orderPinyin.key:
		key, keyArgs, prefix, err := c.memberScopeKey(ctx, sa.Path)
		if err != nil {
			return p, err
		}
		if prefix == "" {
			break // a deeper federation: its tree, sorted
		}
		conds, args, p.ranges = conds[:1], args[:1], nil
		if key != "" {
			conds, args = append(conds, key), append(args, keyArgs)
		}
		p.index = prefix + "_initials"
		if kind == searchName {
			p.index = prefix + "_name"
		}
	}
	add := func(cond string, a ...any) {
		conds, args, p.narrowed = append(conds, cond), append(args, a), true
	}
	if kind == searchExact {
		// The few people an exact search finds are read first, and their
		// memberships kept in scope by their IDs: a plan the engine cannot
		// get wrong, whatever its statistics.
		var people []int64
		var id int64
		if err := c.eachRow(ctx, search, searchArgs, []any{&id}, func() { people = append(people, id) }); err != nil {
			return p, err
		}
		if len(people) == 0 {
			people = []int64{0} // no one: no person has ID 0
		}
		search, searchArgs = inList("m.person_id", people)
	}
	switch {
	case kind == searchName || kind == searchInitials:
		lo, hi := searchArgs[0].(string), searchArgs[1].(string)
		p.ranges = append(p.ranges, keyRange{col: search, lo: lo, hi: hi, lower: len(conds), upper: len(conds) + 1})
		add(search+" >= ?", lo)
		add(search+" < ?", hi)
	case search != "":
		add(search, searchArgs...)
	}
	if f.WithCard {
		add(holdsCard)
	}
	if f.NoCard {
		add("NOT " + holdsCard)
	}
	if f.UnitID != 0 {
		add("m.unit_id = ?", f.UnitID)
	}
	if f.AgeBand != "" {
		cond, a, ok := ageBandCond(f.AgeBand, s.today())
		if !ok {
			return p, gonghui.Invalid("age_band", "年龄段无效", "unknown age band")
		}
		add(cond, a...)
		p.person = true
	}
	if !f.JoinedFrom.IsZero() {
		add("m.joined_on >= ?", f.JoinedFrom.String())
	}
	if !f.JoinedTo.IsZero() {
		add("m.joined_on <= ?", f.JoinedTo.String())
	}
	if len(f.IDs) > 0 {
		cond, a := inList("m.id", f.IDs)
		add(cond, a...)
	}
	p.conds, p.condArgs = conds, args
	p.where = " WHERE " + strings.Join(conds, " AND ")
	for _, a := range args {
		p.args = append(p.args, a...)
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%s|%s|%v|%v|%d|%s|%s|%s|%v", sa.Path, status, strings.TrimSpace(f.Query), f.Sort,
		f.WithCard, f.NoCard, f.UnitID, f.AgeBand, f.JoinedFrom, f.JoinedTo, f.IDs))
	p.print = hex.EncodeToString(sum[:6])
	return p, nil
}

// from is the FROM of a plan's rows (for a count, only the tables its
// condition reads). SQLite keeps no statistics here, and its planner
// would take a city-wide index for a district's search: it is told the
// plan's index.
func (s *Store) from(p memberPlan, count bool) string {
	from := memberFrom
	switch {
	case count && p.person:
		from = ` FROM memberships m JOIN persons p ON p.id = m.person_id`
	case count:
		from = ` FROM memberships m`
	}
	if s.engine != SQLite {
		return from
	}
	return strings.Replace(from, "memberships m", "memberships m INDEXED BY "+p.index, 1)
}

// cursorKey is a row's place in an order: the values of its sort key but
// the last, then the membership's ID.
type cursorKey struct {
	Vals []string `json:"k"`
	ID   int64    `json:"i"`
}

// memberCursor is a page token: the order and the filter it belongs to,
// and the key of the row it pages from. It is opaque to clients; every
// field of one given back is checked, and it is only ever a bound of a
// query in the caller's own scope.
type memberCursor struct {
	Order string `json:"o"`
	Print string `json:"f"`
	cursorKey
}

// maxCursor bounds a cursor's length (a long name is a few hundred bytes).
const maxCursor = 2048

func encodeCursor(c memberCursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// errCursor is the answer to a page token that is not one of this list's.
func errCursor(field string) error {
	return gonghui.Invalid(field, "翻页位置无效或不属于当前名单，请从第一页重新开始",
		"this page position is invalid or belongs to another list: start again from the first page")
}

// decodeCursor reads a page token of the list with plan p in order o.
func decodeCursor(field, token string, p memberPlan) (cursorKey, error) {
	if len(token) > maxCursor {
		return cursorKey{}, errCursor(field)
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return cursorKey{}, errCursor(field)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c memberCursor
	if err := dec.Decode(&c); err != nil || dec.More() {
		return cursorKey{}, errCursor(field)
	}
	if c.Order != p.order.key || c.Print != p.print || c.ID <= 0 || len(c.Vals) != len(p.order.cols)-1 {
		return cursorKey{}, errCursor(field)
	}
	for _, v := range c.Vals {
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return cursorKey{}, errCursor(field)
		}
	}
	return c.cursorKey, nil
}

// MemberPage is one page of the member list.
type MemberPage struct {
	Members []gonghui.Member
	// Total counts the matches: from the aggregates for a whole scope's
	// active members, else up to MemberSearchCap (a total above it means
	// "more than MemberSearchCap").
	Total int
	// Next and Prev are the cursors of the pages after and before this
	// one ("" at either end).
	Next, Prev string
}

// ListMembers pages through memberships in the actor's subtree (or in
// f.OrgID's subtree), active ones unless f.Status says otherwise.
func (s *Store) ListMembers(ctx context.Context, a gonghui.Actor, f gonghui.MemberFilter) ([]gonghui.Member, int, error) {
	pg, err := s.MembersPage(ctx, a, f)
	return pg.Members, pg.Total, err
}

// MembersPage returns one page of the member list, with the cursors of its
// neighbours: f.After or f.Before pages from a cursor; without either,
// f.Page.Offset jumps (up to MemberJumpRows).
func (s *Store) MembersPage(ctx context.Context, a gonghui.Actor, f gonghui.MemberFilter) (MemberPage, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	var out MemberPage
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return out, opErr(err, "list members")
	}
	p, err := s.memberPlan(ctx, c, sa, f)
	if err != nil {
		return out, err
	}
	if out.Total, err = s.memberTotal(ctx, c, sa, f, p); err != nil {
		return out, err
	}
	if !p.order.indexed && out.Total > MemberSortCap {
		return out, gonghui.Invalid("sort", fmt.Sprintf("按入会日期或工会排序只用于不超过%d名会员的名单，请先缩小范围", MemberSortCap),
			fmt.Sprintf("sorting by join date or union is for lists of up to %d members: narrow the list first", MemberSortCap))
	}
	order, where, args := p.order, p.where, slices.Clone(p.args)
	offset, backward, paged := 0, false, f.After != "" || f.Before != ""
	switch {
	case f.After != "" && f.Before != "":
		return out, gonghui.Invalid("before", "不能同时给出向前和向后的翻页位置", "give either after or before, not both")
	case paged:
		field, token := "after", f.After
		if f.Before != "" {
			field, token, backward = "before", f.Before, true
			order = order.reversed()
		}
		k, err := decodeCursor(field, token, p)
		if err != nil {
			return out, err
		}
		where, args = p.pagedWhere(order, k)
	case f.Page.Offset > MemberJumpRows:
		return out, gonghui.Invalid("page", fmt.Sprintf("只能直接跳到前%d名会员以内的页，之后请用“下一页”翻页或缩小范围", MemberJumpRows),
			fmt.Sprintf("a page number reaches the first %d members only: go on with \"next\", or narrow the list", MemberJumpRows))
	default:
		offset = f.Page.Offset
	}
	// The page is read in two steps: the matches' IDs in order, from the
	// memberships alone (and the persons when the filter reads them),
	// then those rows with their people, unions, units and cards. One
	// query of the five tables costs PostgreSQL more to plan, at every
	// page, than both to run.
	keys := make([]string, len(order.cols)-1)
	var id int64
	dest := make([]any, 0, len(order.cols))
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	rowKeys := make([]cursorKey, 0, f.Page.Limit+1)
	ids := make([]int64, 0, f.Page.Limit+1)
	err = c.eachRow(ctx, "SELECT "+strings.Join(order.cols, ", ")+s.pageFrom(p, order)+where+
		" ORDER BY "+order.sql()+" LIMIT ? OFFSET ?", append(args, f.Page.Limit+1, offset), append(dest, &id), func() {
		rowKeys = append(rowKeys, cursorKey{Vals: slices.Clone(keys), ID: id})
		ids = append(ids, id)
	})
	if err != nil {
		return out, opErr(err, "list members")
	}
	more := len(ids) > f.Page.Limit
	if more {
		ids, rowKeys = ids[:f.Page.Limit], rowKeys[:f.Page.Limit]
	}
	if out.Members, rowKeys, err = s.listedMembers(ctx, c, ids, rowKeys); err != nil {
		return out, opErr(err, "list members")
	}
	if backward {
		slices.Reverse(out.Members)
		slices.Reverse(rowKeys)
	}
	token := func(k cursorKey) string {
		return encodeCursor(memberCursor{Order: p.order.key, Print: p.print, cursorKey: k})
	}
	if n := len(rowKeys); n > 0 {
		// Going forward, there is more ahead when the page came full and
		// something behind when it did not start at the top; backward,
		// the other way round.
		if backward && more || !backward && (paged || offset > 0) {
			out.Prev = token(rowKeys[0])
		}
		if !backward && more || backward {
			out.Next = token(rowKeys[n-1])
		}
	}
	return out, nil
}

// pageFrom is the FROM of a page's first step: the tables the filter and
// the order read.
func (s *Store) pageFrom(p memberPlan, o memberOrder) string {
	from := s.from(p, true)
	if slices.ContainsFunc(o.cols, func(col string) bool { return strings.HasPrefix(col, "o.") }) {
		from += " JOIN orgs o ON o.id = m.org_id"
	}
	return from
}

// listedMembers reads the page's memberships by ID, in the order of ids,
// with their cursor keys; one gone since its ID was read is left out.
func (s *Store) listedMembers(ctx context.Context, c conn, ids []int64, keys []cursorKey) ([]gonghui.Member, []cursorKey, error) {
	if len(ids) == 0 {
		return []gonghui.Member{}, keys, nil
	}
	byID := make(map[int64]gonghui.Member, len(ids))
	ms := newMemberScan()
	today := s.today()
	in, args := inList("m.id", ids)
	rows, err := c.query(ctx, "SELECT "+memberListColumns+memberFrom+" WHERE "+in, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := ms.scan(rows, today)
		if err != nil {
			return nil, nil, err
		}
		byID[r.ID] = r.Member
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	out := make([]gonghui.Member, 0, len(ids))
	kept := keys[:0]
	for i, id := range ids {
		if m, ok := byID[id]; ok {
			out = append(out, m)
			kept = append(kept, keys[i])
		}
	}
	return out, kept, nil
}

// memberTotal counts a list's matches: the active members of a whole
// district or the city from the aggregates (no join lies ahead and no
// leave is dated later than the day it is recorded, so they are its
// members on the day), anything else up to MemberSearchCap — a common
// surname in a large district costs a page, not the district.
func (s *Store) memberTotal(ctx context.Context, c conn, sa gonghui.Actor, f gonghui.MemberFilter, p memberPlan) (int, error) {
	if !p.narrowed && (f.Status == "" || f.Status == gonghui.MemberActive) {
		total, ok, err := c.activeMembers(ctx, sa.Path)
		if err != nil || ok {
			return total, opErr(err, "list members")
		}
	}
	limit := MemberSearchCap
	if !p.order.indexed {
		limit = MemberSortCap
	}
	var total int
	err := c.row(ctx, "SELECT count(*) FROM (SELECT 1"+s.from(p, true)+p.where+" LIMIT ?) x", append(slices.Clone(p.args), limit+1)...).Scan(&total)
	return total, opErr(err, "list members")
}

// EachMember streams the members of a filter in the list's order through
// fn, one row at a time, so an export of a whole district never holds it
// in memory. With reveal (which needs the permission) the ID number and
// phone are opened; the caller audits the export.
func (s *Store) EachMember(ctx context.Context, a gonghui.Actor, f gonghui.MemberFilter, reveal bool, fn func(gonghui.Member) error) error {
	if !a.Can(gonghui.PermExportMembers) || reveal && !a.Can(gonghui.PermRevealMembers) {
		return gonghui.ErrForbidden
	}
	if reveal && s.keys == nil {
		return errNoKeys
	}
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return opErr(err, "each member")
	}
	p, err := s.memberPlan(ctx, c, sa, f)
	if err != nil {
		return err
	}
	rows, err := c.query(ctx, "SELECT "+memberColumns+s.from(p, false)+p.where+" ORDER BY "+p.order.sql(), p.args...)
	if err != nil {
		return opErr(err, "each member")
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanMember(rows, s.today())
		if err != nil {
			return opErr(err, "each member")
		}
		if reveal {
			if err := s.reveal(&r); err != nil {
				return opErr(err, "each member")
			}
		}
		if err := fn(r.Member); err != nil {
			return opErr(err, "each member")
		}
	}
	return rows.Err()
}
