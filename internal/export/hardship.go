package export

import (
	"strings"

	"gonghui"
)

// HardshipRow is a file in the hardship template's columns: unmasked, a
// row to import back; masked, a row of a list.
func HardshipRow(h gonghui.HardshipFile, org string) []string {
	var members, causes []string
	for _, m := range h.Members {
		p := []string{m.Name, gonghui.ChoiceName(gonghui.HardshipRelations, m.Relation).Zh, m.IDNumber}
		if m.Health != "" {
			p = append(p, m.Health)
		}
		members = append(members, strings.Join(p, "，"))
	}
	for _, c := range h.Causes {
		causes = append(causes, gonghui.ChoiceName(gonghui.HardshipCauses, c).Zh)
	}
	row := []string{org, h.Head.Name, h.Head.IDNumber, h.Head.Health, h.Address, h.RegionCode, strings.Join(members, "；"), strings.Join(causes, "、"), h.CauseNote}
	for _, list := range []struct {
		kinds   []gonghui.Choice
		amounts []gonghui.HardshipAmount
	}{{gonghui.HardshipIncomeKinds, h.Incomes}, {gonghui.HardshipExpenseKinds, h.Expenses}} {
		for _, k := range list.kinds {
			cell := ""
			for _, am := range list.amounts {
				if am.Kind == k.Key {
					cell = amountCell(am)
				}
			}
			row = append(row, cell)
		}
	}
	filed, kind := "", ""
	if !h.FiledOn.IsZero() {
		filed = h.FiledOn.String()
	}
	if h.FilingKind != "" {
		kind = gonghui.ChoiceName(gonghui.HardshipFilingKinds, h.FilingKind).Zh
	}
	return append(row, h.AppliedOn.String(), filed, kind)
}

// amountCell is an amount's cell: in yuan, or the mask when not revealed.
func amountCell(am gonghui.HardshipAmount) string {
	if am.AmountFen == nil {
		return "******"
	}
	return gonghui.FormatFixed(*am.AmountFen, 2)
}
