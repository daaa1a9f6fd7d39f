package refdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// Embedded file names, relative to the embedded file system.
const (
	provincesFile        = "data/china-provinces.csv"
	citiesFile           = "data/china-cities.csv"
	countiesFile         = "data/china-areas.csv"
	beijingDistrictsFile = "data/beijing-districts.csv"
	beijingStreetsFile   = "data/beijing-streets.csv"
	industriesFile       = "data/gbt4754-2017-divisions.csv"
)

// tables is the parsed, validated reference data.
type tables struct {
	provinces        []Region
	cities           []Region
	counties         []Region
	beijingDistricts []Region
	beijingStreets   []Region
	industries       []Industry

	regionByCode   map[string]Region
	industryByCode map[string]Industry
}

// load parses and cross-checks every table in fsys.
func load(fsys fs.FS) (*tables, error) {
	t := &tables{
		regionByCode:   map[string]Region{},
		industryByCode: map[string]Industry{},
	}
	var err error

	if t.provinces, err = parseRegionFile(fsys, provincesFile, Province,
		[]string{"code", "name"}, nil); err != nil {
		return nil, err
	}
	if err := t.index(provincesFile, t.provinces); err != nil {
		return nil, err
	}

	if t.cities, err = parseRegionFile(fsys, citiesFile, City,
		[]string{"code", "name", "provinceCode"},
		[]ancestor{{col: "provinceCode", level: Province, parent: true}}); err != nil {
		return nil, err
	}
	if err := t.index(citiesFile, t.cities); err != nil {
		return nil, err
	}

	countyCols := []string{"code", "name", "cityCode", "provinceCode"}
	countyAnc := []ancestor{
		{col: "cityCode", level: City, parent: true},
		{col: "provinceCode", level: Province},
	}
	if t.counties, err = parseRegionFile(fsys, countiesFile, County, countyCols, countyAnc); err != nil {
		return nil, err
	}
	if err := t.index(countiesFile, t.counties); err != nil {
		return nil, err
	}

	if t.beijingDistricts, err = parseRegionFile(fsys, beijingDistrictsFile, County, countyCols, countyAnc); err != nil {
		return nil, err
	}
	for _, d := range t.beijingDistricts {
		if !strings.HasPrefix(d.Code, "11") {
			return nil, fmt.Errorf("%s: district %s %s is not in Beijing", beijingDistrictsFile, d.Code, d.Name)
		}
		// The districts repeat rows of the county table; they must agree.
		if c, ok := t.regionByCode[d.Code]; !ok || c != d {
			return nil, fmt.Errorf("%s: district %s %s does not match %s", beijingDistrictsFile, d.Code, d.Name, countiesFile)
		}
	}

	if t.beijingStreets, err = parseRegionFile(fsys, beijingStreetsFile, Street,
		[]string{"code", "name", "areaCode", "provinceCode", "cityCode"},
		[]ancestor{
			{col: "areaCode", level: County, parent: true},
			{col: "provinceCode", level: Province},
			{col: "cityCode", level: City},
		}); err != nil {
		return nil, err
	}
	if err := t.index(beijingStreetsFile, t.beijingStreets); err != nil {
		return nil, err
	}
	for _, s := range t.beijingStreets {
		if !slices.ContainsFunc(t.beijingDistricts, func(d Region) bool { return d.Code == s.ParentCode }) {
			return nil, fmt.Errorf("%s: street %s %s: parent %s is not a Beijing district", beijingStreetsFile, s.Code, s.Name, s.ParentCode)
		}
	}

	if t.industries, err = parseIndustryFile(fsys, industriesFile); err != nil {
		return nil, err
	}
	for _, ind := range t.industries {
		t.industryByCode[ind.Code] = ind
	}
	return t, nil
}

// index adds regions to regionByCode, checking that codes are unique and
// that each region's parent is already known.
func (t *tables) index(file string, regions []Region) error {
	for _, r := range regions {
		if _, dup := t.regionByCode[r.Code]; dup {
			return fmt.Errorf("%s: duplicate region code %s", file, r.Code)
		}
		if r.ParentCode != "" {
			p, ok := t.regionByCode[r.ParentCode]
			if !ok {
				return fmt.Errorf("%s: region %s %s: unknown parent code %s", file, r.Code, r.Name, r.ParentCode)
			}
			if p.Level != r.Level-1 {
				return fmt.Errorf("%s: region %s %s: parent %s is a %s", file, r.Code, r.Name, p.Code, p.Level)
			}
		}
		t.regionByCode[r.Code] = r
	}
	return nil
}

// ancestor describes a column holding the code of an enclosing region.
type ancestor struct {
	col    string
	level  RegionLevel
	parent bool // this column is the region's ParentCode
}

func parseRegionFile(fsys fs.FS, name string, level RegionLevel, header []string, anc []ancestor) ([]Region, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	regions, err := parseRegions(f, level, header, anc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return regions, nil
}

// parseRegions reads a region CSV whose header must equal header. The code
// of each row must have the length of level and start with the code of every
// ancestor column.
func parseRegions(r io.Reader, level RegionLevel, header []string, anc []ancestor) ([]Region, error) {
	records, err := readCSV(r, header)
	if err != nil {
		return nil, err
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[h] = i
	}
	regions := make([]Region, 0, len(records))
	for i, rec := range records {
		line := i + 2 // 1-based, after the header
		reg := Region{Code: rec[col["code"]], Name: strings.TrimSpace(rec[col["name"]]), Level: level}
		if !isDigits(reg.Code, level.codeLen()) {
			return nil, fmt.Errorf("line %d: %s code %q is not %d digits", line, level, reg.Code, level.codeLen())
		}
		if reg.Name == "" {
			return nil, fmt.Errorf("line %d: region %s has an empty name", line, reg.Code)
		}
		for _, a := range anc {
			c, ok := col[a.col]
			if !ok {
				return nil, fmt.Errorf("ancestor column %q not in header", a.col)
			}
			v := rec[c]
			if !isDigits(v, a.level.codeLen()) {
				return nil, fmt.Errorf("line %d: %s %q is not %d digits", line, a.col, v, a.level.codeLen())
			}
			if !strings.HasPrefix(reg.Code, v) {
				return nil, fmt.Errorf("line %d: code %s does not start with %s %s", line, reg.Code, a.col, v)
			}
			if a.parent {
				reg.ParentCode = v
			}
		}
		regions = append(regions, reg)
	}
	if len(regions) == 0 {
		return nil, errors.New("no rows")
	}
	return regions, nil
}

func parseIndustryFile(fsys fs.FS, name string) ([]Industry, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inds, err := parseIndustries(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return inds, nil
}

// parseIndustries reads the GB/T 4754-2017 table. Sections (A–T) must come
// in order, each followed by its divisions (01–97, ascending).
func parseIndustries(r io.Reader) ([]Industry, error) {
	records, err := readCSV(r, []string{"code", "level", "section", "name"})
	if err != nil {
		return nil, err
	}
	inds := make([]Industry, 0, len(records))
	seen := map[string]bool{}
	current := ""   // section of the most recent section row
	lastDiv := "00" // most recent division code
	for i, rec := range records {
		line := i + 2
		ind := Industry{Code: rec[0], Level: rec[1], Section: rec[2], Name: strings.TrimSpace(rec[3])}
		if ind.Name == "" {
			return nil, fmt.Errorf("line %d: industry %q has an empty name", line, ind.Code)
		}
		if seen[ind.Code] {
			return nil, fmt.Errorf("line %d: duplicate industry code %q", line, ind.Code)
		}
		seen[ind.Code] = true
		switch ind.Level {
		case IndustrySection:
			if len(ind.Code) != 1 || ind.Code < "A" || ind.Code > "T" {
				return nil, fmt.Errorf("line %d: section code %q is not a letter A–T", line, ind.Code)
			}
			if ind.Section != ind.Code {
				return nil, fmt.Errorf("line %d: section %s has section column %q", line, ind.Code, ind.Section)
			}
			if current != "" && ind.Code <= current {
				return nil, fmt.Errorf("line %d: section %s out of order after %s", line, ind.Code, current)
			}
			current = ind.Code
		case IndustryDivision:
			if !isDigits(ind.Code, 2) || ind.Code < "01" || ind.Code > "97" {
				return nil, fmt.Errorf("line %d: division code %q is not 01–97", line, ind.Code)
			}
			if current == "" || ind.Section != current {
				return nil, fmt.Errorf("line %d: division %s has section %q, want the preceding section %q", line, ind.Code, ind.Section, current)
			}
			if ind.Code <= lastDiv {
				return nil, fmt.Errorf("line %d: division %s out of order after %s", line, ind.Code, lastDiv)
			}
			lastDiv = ind.Code
		default:
			return nil, fmt.Errorf("line %d: unknown industry level %q", line, ind.Level)
		}
		inds = append(inds, ind)
	}
	if len(inds) == 0 {
		return nil, errors.New("no rows")
	}
	return inds, nil
}

// readCSV reads all records after checking the header row.
func readCSV(r io.Reader, header []string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = false
	got, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file")
	}
	if err != nil {
		return nil, err
	}
	if len(got) > 0 {
		got[0] = strings.TrimPrefix(got[0], "\ufeff")
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("header %q, want %q", got, header)
	}
	records, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	return records, nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
