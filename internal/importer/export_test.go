package importer

import (
	"time"

	"gonghui"
)

// MapHeaderForTest exposes the member header mapping to the fuzz test: the
// file column of each template column, or -1.
func MapHeaderForTest(cells []string) []int {
	return mapHeader(memberColumns, cells).index
}

// ParseDirectorForTest reads a director row in the template's column
// order, without the database.
func ParseDirectorForTest(cells []string) (gonghui.DirectorInput, string, *gonghui.ValidationError) {
	v := &gonghui.ValidationError{}
	in, code := parseDirector(mapHeader(directorColumns, headers(directorColumns)), cells, v)
	return in, code, v
}

// DirectorFieldsForTest are the fields the director template's columns
// stand for.
func DirectorFieldsForTest() []string {
	out := make([]string, len(directorColumns))
	for i, c := range directorColumns {
		out[i] = c.field
	}
	return out
}

// TimeTransactions tells fn how long the one transaction of each
// all-or-nothing import stays open, until the test ends.
func TimeTransactions(t interface{ Cleanup(func()) }, fn func(time.Duration)) {
	timedTransaction = fn
	t.Cleanup(func() { timedTransaction = nil })
}

// BoundCachedMisses sets how many unknown refs an import remembers, until
// the test ends.
func BoundCachedMisses(t interface{ Cleanup(func()) }, n int) {
	was := maxCachedMisses
	maxCachedMisses = n
	t.Cleanup(func() { maxCachedMisses = was })
}

// ParseHonourForTest reads an honours row in the template's column
// order, without the database.
func ParseHonourForTest(cells []string) (gonghui.HonourInput, *gonghui.ValidationError) {
	v := &gonghui.ValidationError{}
	in, _ := parseHonour(mapHeader(honourColumns, headers(honourColumns)), cells, v)
	in.Normalize()
	in.Validate(v, gonghui.NewDate(2026, 11, 24))
	return in, v
}

// ParseRightsIntakeForTest reads a hotline-log line in the template's
// column order, without the database.
func ParseRightsIntakeForTest(cells []string) (gonghui.RightsIntakeRow, *gonghui.ValidationError) {
	v := &gonghui.ValidationError{}
	r, _ := parseRightsIntake(mapHeader(rightsIntakeColumns, headers(rightsIntakeColumns)), cells, v)
	r.Normalize()
	r.Validate(v, gonghui.NewDate(2026, 11, 24))
	return r, v
}

// ParseRightsCaseForTest reads a case-register line in the template's
// column order, without the database.
func ParseRightsCaseForTest(cells []string) (gonghui.RightsCaseRow, *gonghui.ValidationError) {
	v := &gonghui.ValidationError{}
	r, _ := parseRightsCase(mapHeader(rightsCaseColumns, headers(rightsCaseColumns)), cells, v)
	r.Normalize()
	r.Validate(v, gonghui.NewDate(2026, 11, 24))
	return r, v
}

// NamesColumnForTest reports whether a reason on field is shown at a
// column of the job's template.
func NamesColumnForTest(job Job, field string) bool {
	cols := job.(interface{ fileColumns() []column }).fileColumns()
	return mapHeader(cols, headers(cols)).columnFor(field) != field
}
