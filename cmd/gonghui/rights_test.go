package main

import (
	"strings"
	"testing"

	"gonghui/internal/store/storetest"
)

func TestCLIRightsCalendar(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			db := storetest.DSN(t, engine)
			out, _, err := runCLI("", "rights", "calendar", "--db", db, "--year", "2017")
			if err != nil || !strings.Contains(out, "2017-01-22 Sun workday 春节") || !strings.Contains(out, "2017: 31 days listed") {
				t.Fatalf("2017: %q %v", out, err)
			}
			out, _, err = runCLI("", "rights", "calendar", "--db", db, "--set", "2027-01-01", "--name", "元旦")
			if err != nil || !strings.Contains(out, "2027-01-01 Fri holiday 元旦") || !strings.Contains(out, "2027: 1 days listed") {
				t.Fatalf("set: %q %v", out, err)
			}
			if _, _, err := runCLI("", "rights", "calendar", "--db", db, "--set", "2027-01-02", "--kind", "nap"); err == nil {
				t.Errorf("a bad kind was set")
			}
			out, _, err = runCLI("", "rights", "calendar", "--db", db, "--remove", "2027-01-01")
			if err != nil || !strings.Contains(out, "2027: 0 days listed") {
				t.Errorf("remove: %q %v", out, err)
			}
		})
	}
}
