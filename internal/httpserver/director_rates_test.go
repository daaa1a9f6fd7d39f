package httpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"gonghui"
)

// The employee director rates and the small-firm congresses appear where
// the other rates do: the API's rates, the democracy overview with its
// unit lists, and the dashboard's catalogue.
func TestDirectorRatesThroughUIAndAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("test")
		// The register makes the Chaoyang unit a limited liability company.
		w, err := e.st.NewEmployerWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.Save(ctx, gonghui.EmployerInput{USCC: e.cyUnit.USCC, Name: e.cyUnit.Name, LegalForm: gonghui.LegalFormLLC,
			Ownership: gonghui.OwnershipPrivate, StaffCount: 30, Address: "北京市朝阳区某路1号", RegionCode: "110105001",
			IndustryCode: "65", RegisteredOn: gonghui.NewDate(2012, 3, 15)})
		if err == nil {
			err = w.Commit()
		}
		if err != nil {
			t.Fatal(err)
		}
		var dir gonghui.Director
		e.apiInto(e.cyToken, "POST", "/api/v1/directors", `{"unit_id":`+id(e.cyUnit.ID)+`,"role":"director","name":"李示例","since":"2017-03-01"}`, http.StatusCreated, &dir)
		var regional gonghui.Congress
		e.apiInto(e.cyToken, "POST", "/api/v1/congresses", `{"org_id":`+id(e.chaoyang.ID)+`,"name":"朝阳区区域性职代会","kind":"regional","established_on":"2017-01-01","unit_ids":[`+id(e.cyUnit.ID)+`]}`,
			http.StatusCreated, &regional)

		var rates []struct {
			Key                    string
			Numerator, Denominator int
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/rates?date=2017-09-30", "", http.StatusOK, &rates)
		got := map[string][2]int{}
		for _, r := range rates {
			got[r.Key] = [2]int{r.Numerator, r.Denominator}
		}
		if got["employee_director_rate"] != [2]int{1, 1} || got["employee_supervisor_rate"] != [2]int{0, 1} {
			t.Errorf("rates: %+v", got)
		}
		var st struct {
			Indicators map[string]float64 `json:"indicators"`
		}
		e.apiInto(e.cyToken, "GET", "/api/v1/stats?date=2017-09-30", "", http.StatusOK, &st)
		if st.Indicators["employee_director_rate"] != 100 || st.Indicators["congress_area_small_units"] != 1 {
			t.Errorf("stats: %v", st.Indicators)
		}

		c := e.login("cy-cadre")
		for _, tc := range []struct{ path, want string }{
			{"/democracy?date=2017-09-30", "职工董事建制率"},
			{"/democracy?date=2017-09-30", "职工监事建制率"},
			{"/democracy/rates/employee_director_rate?which=numerator&date=2017-09-30", e.cyUnit.Name},
			{"/democracy/rates/employee_supervisor_rate?which=missing&date=2017-09-30", e.cyUnit.Name},
			{"/dashboard?date=2017-09-30", "职工董事建制率"},
			{"/dashboard?date=2017-09-30", "区域、行业职代会覆盖的中小微企业数"},
		} {
			if code, page := e.do(c, "GET", tc.path, ""); code != http.StatusOK || !strings.Contains(page, tc.want) {
				t.Errorf("%s: %d, without %s", tc.path, code, tc.want)
			}
		}
	})
}
