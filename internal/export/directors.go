package export

import "gonghui"

// DirectorRow is a director's or supervisor's term in the director
// import template's columns, the unit named by its USCC.
func DirectorRow(d gonghui.Director, unitUSCC string) []string {
	return []string{unitUSCC, gonghui.ChoiceName(gonghui.DirectorRoles, string(d.Role)).Zh, d.Name, d.Since.String(), d.Until.String()}
}
