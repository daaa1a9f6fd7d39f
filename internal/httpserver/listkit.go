package httpserver

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/i18n"
)

// The list kit: what every list page shares with the member list — a sort
// from the store's whitelist by column, a page size, the pager with its
// page jump, a selection of rows for batch actions that go one row at a
// time through the store, and an export of the selection.

// listPageSizes are the page sizes a list offers.
var listPageSizes = []int{20, 50, 100, 200}

// listBatchMax bounds a selection: one page of the longest list at most.
const listBatchMax = 500

// listKit is what the list partials draw (sortcol, pagesize, pager).
type listKit struct {
	Pager     pager
	PageSizes []int
	Limit     int
	Sort      string
	// path and query are the list's address, which sort links keep.
	path  string
	query url.Values
}

// newListKit is the kit of a list drawn for r, of total rows.
func newListKit(r *http.Request, p gonghui.Page, total int) listKit {
	return listKitOf(r, p, newPager(r, p, total))
}

// listKitOf is the kit with a pager of its own (the member list's count
// stops at a bound: newCappedPager).
func listKitOf(r *http.Request, p gonghui.Page, pg pager) listKit {
	return listKit{Pager: pg, PageSizes: listPageSizes, Limit: p.Limit, Sort: r.URL.Query().Get("sort"), path: r.URL.Path, query: r.URL.Query()}
}

// SortURL is the list's address sorted by key, the reverse when it is
// sorted by key already; a new order starts at the first page.
func (k listKit) SortURL(key string) string {
	q := url.Values{}
	maps.Copy(q, k.query)
	if k.Sort == key {
		key = "-" + key
	}
	q.Set("sort", key)
	q.Del("page")
	q.Del("after") // a cursor belongs to its order (the member list's)
	q.Del("before")
	return k.path + "?" + q.Encode()
}

// sortCol is a sortable column header.
type sortCol struct {
	URL, Label, Mark string
	// Order is the header's aria-sort.
	Order string
}

// Col is the header of the column sorted by key.
func (k listKit) Col(key, label string) sortCol {
	c := sortCol{URL: k.SortURL(key), Label: label, Order: "none"}
	switch k.Sort {
	case key:
		c.Mark, c.Order = "▲", "ascending"
	case "-" + key:
		c.Mark, c.Order = "▼", "descending"
	}
	return c
}

// idsParam reads a selection (?id=…&id=…), at most listBatchMax rows.
func idsParam(q url.Values) []int64 {
	var ids []int64
	for _, v := range q["id"] {
		if id := atoi64(v); id > 0 && len(ids) < listBatchMax {
			ids = append(ids, id)
		}
	}
	return ids
}

// batchRow is one selected row as the result page names it.
type batchRow struct {
	ID         int64
	Name, Link string
	Org        string
}

// batchOutcome is what a batch action did to one row.
type batchOutcome struct {
	batchRow
	Done   bool
	Reason string
}

// batchResult is the result page's data.
type batchResult struct {
	Outcomes []batchOutcome
	// Missing counts the rows selected that the list no longer holds
	// (gone from the scope, or changed since): counted, never dropped in
	// silence.
	Missing int
	// Back is the list to return to, and its name.
	Back, BackLabel string
}

// runBatch runs do on each row, one at a time through the store's own
// transaction (checked and audited there), and shows what happened to
// each: done, or refused with the reason. A failure that is no refusal
// ends the batch.
func (s *Server) runBatch(w http.ResponseWriter, r *http.Request, res batchResult, rows []batchRow, selected int, do func(id int64) error) error {
	lang := i18n.FromRequest(r)
	res.Outcomes = make([]batchOutcome, 0, len(rows))
	for _, row := range rows {
		o := batchOutcome{batchRow: row, Done: true}
		if err := do(row.ID); err != nil {
			if o.Reason = batchRefusal(err, lang); o.Reason == "" {
				return err
			}
			o.Done = false
		}
		res.Outcomes = append(res.Outcomes, o)
	}
	res.Missing = selected - len(rows)
	s.render(w, r, http.StatusOK, "core/batch_result", page{Title: i18n.T(lang, "batch.result"), Data: res})
	return nil
}

// batchRefusal is the reason an action refused one row of a batch, ""
// when the error is no refusal. A row gone from the scope since the list
// was drawn is refused, not the whole batch.
func batchRefusal(err error, lang string) string {
	if errors.Is(err, gonghui.ErrNotFound) {
		return i18n.T(lang, "error.not_found")
	}
	msgs := formErrors(err, lang)
	fields := slices.Sorted(maps.Keys(msgs))
	reasons := make([]string, len(fields))
	for i, f := range fields {
		reasons[i] = msgs[f]
	}
	return strings.Join(reasons, "; ")
}

// batchForm reads a batch's posted selection; none selected is refused.
func batchForm(w http.ResponseWriter, r *http.Request) (url.Values, []int64, error) {
	if err := parseForm(w, r); err != nil {
		return nil, nil, err
	}
	ids := idsParam(r.PostForm)
	if len(ids) == 0 {
		return nil, nil, gonghui.Invalid("id", "请先勾选要操作的行", "select rows first")
	}
	return r.PostForm, ids, nil
}

// daysParam reads a count of days (?expiring=30); anything else is none.
func daysParam(q url.Values, name string) int {
	n, err := strconv.Atoi(strings.TrimSpace(q.Get(name)))
	if err != nil || n < 0 || n > 3660 {
		return 0
	}
	return n
}

// unionFilter narrows a list or its export to the subtree of the union
// picked in the filter form (?union=CODE, the picker's field) into orgID;
// a code not found in the caller's scope is refused on the field.
func (s *Server) unionFilter(r *http.Request, a gonghui.Actor, q url.Values, orgID *int64) error {
	code := strings.TrimSpace(q.Get("union"))
	if code == "" {
		return nil
	}
	o, err := s.orgByCodeField(r, a, code, "union")
	if err == nil {
		*orgID = o.ID
	}
	return err
}

// listUnion is unionFilter for a list page: a refused code is said beside
// the field and filters nothing.
func (s *Server) listUnion(r *http.Request, a gonghui.Actor, q url.Values, orgID *int64, lang string) (map[string]string, error) {
	err := s.unionFilter(r, a, q, orgID)
	if errs := fieldErrors(err, lang); errs != nil {
		return errs, nil
	}
	return nil, err
}
