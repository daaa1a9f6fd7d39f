package refdata

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedDataLoads(t *testing.T) {
	if _, err := load(dataFS); err != nil {
		t.Fatalf("load(embedded): %v", err)
	}
}

func TestCounts(t *testing.T) {
	sections, divisions := 0, 0
	for _, ind := range Industries() {
		switch ind.Level {
		case IndustrySection:
			sections++
		case IndustryDivision:
			divisions++
		}
	}
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"provinces", len(Provinces()), 31},
		{"cities", len(Cities()), 342},
		{"counties", len(Counties()), 2978},
		{"beijing districts", len(BeijingDistricts()), 16},
		{"beijing streets", len(BeijingStreets()), 349},
		{"industries", len(Industries()), 117},
		{"industry sections", sections, 20},
		{"industry divisions", divisions, 97},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name    string
		regions []Region
		level   RegionLevel
		codeLen int
	}{
		{"provinces", Provinces(), Province, 2},
		{"cities", Cities(), City, 4},
		{"counties", Counties(), County, 6},
		{"beijing districts", BeijingDistricts(), County, 6},
		{"beijing streets", BeijingStreets(), Street, 9},
	}
	for _, tt := range tests {
		for _, r := range tt.regions {
			if r.Level != tt.level || len(r.Code) != tt.codeLen {
				t.Errorf("%s: %+v: want level %s and %d-digit code", tt.name, r, tt.level, tt.codeLen)
			}
			if tt.level == Province && r.ParentCode != "" {
				t.Errorf("%s: %+v: province has a parent", tt.name, r)
			}
			if tt.level != Province && !strings.HasPrefix(r.Code, r.ParentCode) {
				t.Errorf("%s: %+v: code does not extend parent code", tt.name, r)
			}
		}
	}
}

func TestRegionByCode(t *testing.T) {
	tests := []struct {
		code   string
		ok     bool
		name   string
		level  RegionLevel
		parent string
	}{
		{"11", true, "北京市", Province, ""},
		{"65", true, "新疆维吾尔自治区", Province, ""},
		{"1101", true, "市辖区", City, "11"},
		{"110105", true, "朝阳区", County, "1101"},
		{"110101", true, "东城区", County, "1101"},
		{"110101001", true, "东华门街道", Street, "110101"},
		{"", false, "", 0, ""},
		{"99", false, "", 0, ""},
		{"110199", false, "", 0, ""},
		{"1101050", false, "", 0, ""},
	}
	for _, tt := range tests {
		r, ok := RegionByCode(tt.code)
		if ok != tt.ok {
			t.Errorf("RegionByCode(%q): ok = %v, want %v", tt.code, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		want := Region{Code: tt.code, Name: tt.name, ParentCode: tt.parent, Level: tt.level}
		if r != want {
			t.Errorf("RegionByCode(%q) = %+v, want %+v", tt.code, r, want)
		}
	}
}

func TestIndustryByCode(t *testing.T) {
	tests := []struct {
		code string
		ok   bool
		want Industry
	}{
		{"A", true, Industry{Code: "A", Section: "A", Name: "农、林、牧、渔业", Level: IndustrySection}},
		{"C", true, Industry{Code: "C", Section: "C", Name: "制造业", Level: IndustrySection}},
		{"T", true, Industry{Code: "T", Section: "T", Name: "国际组织", Level: IndustrySection}},
		{"01", true, Industry{Code: "01", Section: "A", Name: "农业", Level: IndustryDivision}},
		{"U", false, Industry{}},
		{"98", false, Industry{}},
		{"1", false, Industry{}},
		{"c", false, Industry{}},
	}
	for _, tt := range tests {
		got, ok := IndustryByCode(tt.code)
		if ok != tt.ok || got != tt.want {
			t.Errorf("IndustryByCode(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIndustryOrder(t *testing.T) {
	inds := Industries()
	if inds[0].Code != "A" || inds[len(inds)-1].Code != "97" {
		t.Errorf("first/last = %q/%q, want A/97", inds[0].Code, inds[len(inds)-1].Code)
	}
	// Manufacturing (C) holds divisions 13–43.
	for _, code := range []string{"13", "43"} {
		if ind, _ := IndustryByCode(code); ind.Section != "C" {
			t.Errorf("division %s: section %q, want C", code, ind.Section)
		}
	}
	section := ""
	for _, ind := range inds {
		if ind.Level == IndustrySection {
			section = ind.Code
		} else if ind.Section != section {
			t.Errorf("division %s in section %s follows section %s", ind.Code, ind.Section, section)
		}
	}
}

func TestStreetParentsAreDistricts(t *testing.T) {
	districts := map[string]bool{}
	for _, d := range BeijingDistricts() {
		if !strings.HasPrefix(d.Code, "11") || d.ParentCode != "1101" {
			t.Errorf("district %+v is not under 1101", d)
		}
		districts[d.Code] = true
	}
	perDistrict := map[string]int{}
	for _, s := range BeijingStreets() {
		if !districts[s.ParentCode] {
			t.Errorf("street %+v: parent is not a Beijing district", s)
		}
		p, ok := RegionByCode(s.ParentCode)
		if !ok || p.Level != County {
			t.Errorf("street %+v: parent lookup = %+v, %v", s, p, ok)
		}
		perDistrict[s.ParentCode]++
	}
	if len(perDistrict) != 16 {
		t.Errorf("streets cover %d districts, want 16", len(perDistrict))
	}
	if n := perDistrict["110105"]; n != 43 {
		t.Errorf("朝阳区 has %d streets, want 43", n)
	}
}

func TestIsProvinceCode(t *testing.T) {
	tests := []struct {
		code       string
		province   bool
		idProvince bool
	}{
		{"11", true, true},
		{"44", true, true},
		{"65", true, true},
		{"71", false, false},
		{"81", false, true},
		{"82", false, true},
		{"83", false, true},
		{"10", false, false},
		{"1101", false, false},
		{"", false, false},
		{"1", false, false},
	}
	for _, tt := range tests {
		if got := IsProvinceCode(tt.code); got != tt.province {
			t.Errorf("IsProvinceCode(%q) = %v, want %v", tt.code, got, tt.province)
		}
		if got := IsIDProvincePrefix(tt.code); got != tt.idProvince {
			t.Errorf("IsIDProvincePrefix(%q) = %v, want %v", tt.code, got, tt.idProvince)
		}
	}
}

func TestAccessorsReturnCopies(t *testing.T) {
	p := Provinces()
	p[0].Name = "changed"
	if got := Provinces(); got[0].Name != "北京市" || len(got) != 31 {
		t.Errorf("Provinces() affected by caller: first = %+v, len %d", got[0], len(got))
	}
	s := BeijingStreets()
	s[0].ParentCode = "x"
	if got := BeijingStreets(); got[0].ParentCode != "110101" {
		t.Errorf("BeijingStreets() affected by caller: %+v", got[0])
	}
	ind := Industries()
	ind[0].Name = "changed"
	if got, _ := IndustryByCode("A"); got.Name == "changed" {
		t.Error("IndustryByCode affected by caller")
	}
}

func TestRegionLevelString(t *testing.T) {
	for l, want := range map[RegionLevel]string{Province: "province", City: "city", County: "county", Street: "street", 0: "unknown"} {
		if got := l.String(); got != want {
			t.Errorf("RegionLevel(%d).String() = %q, want %q", int(l), got, want)
		}
	}
}

// validFS is a minimal consistent data set; tests break one file at a time.
func validFS() fstest.MapFS {
	return fstest.MapFS{
		provincesFile:        {Data: []byte("code,name\n11,\"北京市\"\n")},
		citiesFile:           {Data: []byte("code,name,provinceCode\n1101,\"市辖区\",11\n")},
		countiesFile:         {Data: []byte("code,name,cityCode,provinceCode\n110105,\"朝阳区\",1101,11\n")},
		beijingDistrictsFile: {Data: []byte("code,name,cityCode,provinceCode\n110105,\"朝阳区\",1101,11\n")},
		beijingStreetsFile:   {Data: []byte("code,name,areaCode,provinceCode,cityCode\n110105001,\"建外街道\",110105,11,1101\n")},
		industriesFile:       {Data: []byte("code,level,section,name\nC,section,C,\"制造业\"\n13,division,C,\"农副食品加工业\"\n")},
	}
}

func TestLoadValidFS(t *testing.T) {
	tb, err := load(validFS())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if r := tb.regionByCode["110105001"]; r.ParentCode != "110105" || r.Level != Street {
		t.Errorf("street = %+v", r)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		data    string // empty: remove the file
		wantErr string
	}{
		{"missing file", citiesFile, "", "china-cities.csv"},
		{"empty file", provincesFile, "\n", "empty file"},
		{"no rows", provincesFile, "code,name\n", "no rows"},
		{"bad header", provincesFile, "id,name\n11,x\n", "header"},
		{"wrong field count", provincesFile, "code,name\n11,x,y\n", "wrong number of fields"},
		{"short code", provincesFile, "code,name\n1,x\n", "not 2 digits"},
		{"non-digit code", citiesFile, "code,name,provinceCode\n11a1,x,11\n", "not 4 digits"},
		{"empty name", provincesFile, "code,name\n11,\"\"\n", "empty name"},
		{"duplicate region", provincesFile, "code,name\n11,a\n11,b\n", "duplicate region code"},
		{"code outside parent", citiesFile, "code,name,provinceCode\n1201,x,11\n", "does not start with"},
		{"unknown parent", citiesFile, "code,name,provinceCode\n1201,x,12\n", "unknown parent code 12"},
		{"district not in counties", beijingDistrictsFile, "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n", "does not match"},
		{"district renamed", beijingDistrictsFile, "code,name,cityCode,provinceCode\n110105,\"朝阳\",1101,11\n", "does not match"},
		{"street parent unknown", beijingStreetsFile, "code,name,areaCode,provinceCode,cityCode\n110106001,x,110106,11,1101\n", "unknown parent"},
		{"street city mismatch", beijingStreetsFile, "code,name,areaCode,provinceCode,cityCode\n110105001,x,110105,11,1102\n", "does not start with cityCode"},
		{"industry bad level", industriesFile, "code,level,section,name\nC,group,C,x\n", "unknown industry level"},
		{"industry bad section code", industriesFile, "code,level,section,name\nZ,section,Z,x\n", "not a letter A–T"},
		{"industry section mismatch", industriesFile, "code,level,section,name\nC,section,D,x\n", "section column"},
		{"division before section", industriesFile, "code,level,section,name\n13,division,C,x\n", "preceding section"},
		{"division wrong section", industriesFile, "code,level,section,name\nC,section,C,x\n13,division,D,y\n", "preceding section"},
		{"division out of range", industriesFile, "code,level,section,name\nC,section,C,x\n98,division,C,y\n", "not 01–97"},
		{"division out of order", industriesFile, "code,level,section,name\nC,section,C,x\n14,division,C,y\n13,division,C,z\n", "out of order"},
		{"section out of order", industriesFile, "code,level,section,name\nD,section,D,x\nC,section,C,y\n", "out of order"},
		{"duplicate industry", industriesFile, "code,level,section,name\nC,section,C,x\nC,section,C,y\n", "duplicate industry"},
		{"industry empty name", industriesFile, "code,level,section,name\nC,section,C, \n", "empty name"},
		{"bad quoting", industriesFile, "code,level,section,name\nC,section,C,\"x\n", "extraneous or missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validFS()
			if tt.data == "" {
				delete(fsys, tt.file)
			} else {
				fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			}
			_, err := load(fsys)
			if err == nil {
				t.Fatalf("load succeeded, want error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestHeaderBOMAccepted(t *testing.T) {
	fsys := validFS()
	fsys[provincesFile] = &fstest.MapFile{Data: []byte("\ufeffcode,name\n11,\"北京市\"\n")}
	if _, err := load(fsys); err != nil {
		t.Fatalf("load with BOM: %v", err)
	}
}
