package importer

import "time"

// MapHeaderForTest exposes the member header mapping to the fuzz test: the
// file column of each template column, or -1.
func MapHeaderForTest(cells []string) []int {
	return mapHeader(memberColumns, cells).index
}

// TimeTransactions tells fn how long the one transaction of each
// all-or-nothing import stays open, until the test ends.
func TimeTransactions(t interface{ Cleanup(func()) }, fn func(time.Duration)) {
	timedTransaction = fn
	t.Cleanup(func() { timedTransaction = nil })
}
