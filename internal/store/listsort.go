package store

import (
	"maps"
	"slices"
	"strings"

	"gonghui"
)

// listSorts maps the sort keys a list offers to the columns they order by:
// only these strings reach the SQL, never what a user typed.
type listSorts map[string]string

// order is the ORDER BY of key ("-key" for the reverse; "" gives def),
// ending on tie so that no two pages overlap. A column that may be empty
// is written "(col IS NULL), col" by the list, so both engines put empty
// dates last.
func (ls listSorts) order(key, def, tie string) (string, error) {
	if key == "" {
		return def, nil
	}
	name, desc := strings.CutPrefix(key, "-")
	cols, ok := ls[name]
	if !ok {
		return "", gonghui.Invalid("sort", "排序方式无效", "unknown sort order")
	}
	parts := strings.Split(cols+", "+tie, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if desc {
			parts[i] += " DESC"
		}
	}
	return strings.Join(parts, ", "), nil
}

// keys are the keys a list sorts by, each also reversed with "-".
func (ls listSorts) keys() []string {
	out := make([]string, 0, 2*len(ls))
	for _, k := range slices.Sorted(maps.Keys(ls)) {
		out = append(out, k, "-"+k)
	}
	return out
}

// SortKeys are the sort keys of each list (named as its API path), for the
// API document and the tests that run every one on both engines.
func SortKeys() map[string][]string {
	return map[string][]string{
		"orgs": orgSorts.keys(), "units": unitSorts.keys(), "contracts": contractSorts.keys(),
		"congresses": congressSorts.keys(), "disclosures": disclosureSorts.keys(),
		"workerhomes": workerHomeSorts.keys(), "census": censusSorts.keys(),
		"hardship-files": hardshipSorts.keys(), "outreach-events": outreachSorts.keys(),
		"rights-cases": rightsSorts.keys(), "rights-intakes": rightsIntakeSorts.keys(),
	}
}
