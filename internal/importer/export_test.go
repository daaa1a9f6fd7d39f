package importer

// MapHeaderForTest exposes the header mapping to the fuzz test: the file
// column of each template column, or -1.
func MapHeaderForTest(cells []string) []int {
	h := mapHeader(cells)
	return h.index[:]
}
