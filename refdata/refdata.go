// Package refdata provides gonghui's built-in reference tables: Chinese
// administrative divisions (provinces, prefecture cities, counties, and the
// streets and townships of Beijing) and the GB/T 4754-2017 industry
// classification (sections and divisions).
//
// The tables are CSV files embedded from the data directory; data/README.md
// names their source. They are parsed once, on first use. Every accessor
// returns a fresh copy, so callers may modify the result freely.
package refdata

import (
	"embed"
	"slices"
	"sync"
)

//go:embed data/*.csv
var dataFS embed.FS

// RegionLevel is the administrative level of a Region.
type RegionLevel int

// Administrative levels, from the top down.
const (
	Province RegionLevel = iota + 1 // 省级: 2-digit code
	City                            // 地级: 4-digit code
	County                          // 县级 (including Beijing's districts): 6-digit code
	Street                          // 乡级 (街道/乡镇): 9-digit code
)

// String returns the English name of the level.
func (l RegionLevel) String() string {
	switch l {
	case Province:
		return "province"
	case City:
		return "city"
	case County:
		return "county"
	case Street:
		return "street"
	}
	return "unknown"
}

// codeLen is the length of a region code at the level.
func (l RegionLevel) codeLen() int {
	switch l {
	case Province:
		return 2
	case City:
		return 4
	case County:
		return 6
	case Street:
		return 9
	}
	return 0
}

// Region is one administrative division.
type Region struct {
	Code       string // statistical division code: 2, 4, 6 or 9 digits by level
	Name       string
	ParentCode string // code of the enclosing region; empty for provinces
	Level      RegionLevel
}

// Industry levels used in Industry.Level.
const (
	IndustrySection  = "section"  // 门类, code A–T
	IndustryDivision = "division" // 大类, code 01–97
)

// Industry is one entry of the GB/T 4754-2017 classification.
type Industry struct {
	Code    string // "A"–"T" for sections, "01"–"97" for divisions
	Section string // section letter; equal to Code for sections
	Name    string
	Level   string // IndustrySection or IndustryDivision
}

var (
	loadOnce   sync.Once
	loadedData *tables
	loadErr    error
)

// get returns the parsed embedded tables. The embedded data is part of the
// source tree and checked by the package tests, so a parse failure is a
// programming error and panics.
func get() *tables {
	loadOnce.Do(func() { loadedData, loadErr = load(dataFS) })
	if loadErr != nil {
		panic("refdata: malformed embedded reference data: " + loadErr.Error())
	}
	return loadedData
}

// Provinces returns the provincial-level divisions in file order.
func Provinces() []Region { return slices.Clone(get().provinces) }

// Cities returns the prefecture-level divisions in file order.
func Cities() []Region { return slices.Clone(get().cities) }

// Counties returns the county-level divisions in file order.
func Counties() []Region { return slices.Clone(get().counties) }

// BeijingDistricts returns the 16 districts of Beijing (county level).
func BeijingDistricts() []Region { return slices.Clone(get().beijingDistricts) }

// BeijingStreets returns the streets and townships of Beijing. The
// ParentCode of each is the code of its district.
func BeijingStreets() []Region { return slices.Clone(get().beijingStreets) }

// Industries returns the GB/T 4754-2017 sections and divisions in file
// order: each section is followed by its divisions.
func Industries() []Industry { return slices.Clone(get().industries) }

// RegionByCode looks up a region of any level by its code: 2 digits for a
// province, 4 for a city, 6 for a county and 9 for a Beijing street.
func RegionByCode(code string) (Region, bool) {
	r, ok := get().regionByCode[code]
	return r, ok
}

// IndustryByCode looks up a section ("C") or division ("13") by its code.
func IndustryByCode(code string) (Industry, bool) {
	ind, ok := get().industryByCode[code]
	return ind, ok
}

// IsProvinceCode reports whether code is the 2-digit code of a province in
// the provinces table (the 31 provincial-level divisions of the mainland).
//
// Use IsIDProvincePrefix to check the first two digits of a citizen ID or
// residence permit number.
func IsProvinceCode(code string) bool {
	r, ok := get().regionByCode[code]
	return ok && r.Level == Province
}

// IsIDProvincePrefix reports whether code is a valid first two digits of a
// resident identity card or residence permit number: a province code from
// the provinces table, or 81, 82 or 83 (residence permits for residents of
// Hong Kong, Macao and Taiwan).
//
// Only the province prefix should be validated: numbers issued long ago can
// carry county codes that no longer exist.
func IsIDProvincePrefix(code string) bool {
	switch code {
	case "81", "82", "83":
		return true
	}
	return IsProvinceCode(code)
}
