package importer

// MapHeaderForTest exposes the member header mapping to the fuzz test: the
// file column of each template column, or -1.
func MapHeaderForTest(cells []string) []int {
	return mapHeader(memberColumns, cells).index
}
