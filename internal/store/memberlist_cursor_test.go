package store

import (
	"errors"
	"strings"
	"testing"

	"gonghui"
)

// FuzzMemberCursor: a page token from anywhere either is refused as a
// field error or reads as a key of the list's own order, which encodes
// back to the same token.
func FuzzMemberCursor(f *testing.F) {
	p := memberPlan{order: orderPinyin, print: "0123456789ab"}
	good := encodeCursor(memberCursor{Order: p.order.key, Print: p.print, cursorKey: cursorKey{Vals: []string{"wj", "王军"}, ID: 7}})
	for _, seed := range []string{good, "", "e30", "eyJvIjoicGlueWluIn0", good[:len(good)-2], good + "A", "!!!!", "eyJvIjoicGlueWluIiwiZiI6IjAxMjM0NTY3ODlhYiIsImsiOlsiYSIsImIiXSwiaSI6LTF9"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		k, err := decodeCursor("after", token, p)
		if err != nil {
			var v *gonghui.ValidationError
			if !errors.As(err, &v) || v.Fields["after"].Zh == "" {
				t.Fatalf("%q: %v is not a field error on after", token, err)
			}
			return
		}
		if k.ID <= 0 || len(k.Vals) != len(p.order.cols)-1 {
			t.Fatalf("%q: accepted %+v", token, k)
		}
		again, err := decodeCursor("after", encodeCursor(memberCursor{Order: p.order.key, Print: p.print, cursorKey: k}), p)
		if err != nil || again.ID != k.ID || len(again.Vals) != len(k.Vals) {
			t.Fatalf("%q: %+v does not read back (%+v, %v)", token, k, again, err)
		}
	})
}

// TestMemberListColumns: a page of the list reads every member column but
// the sealed values, in the same places.
func TestMemberListColumns(t *testing.T) {
	all, list := strings.Split(memberColumns, ","), strings.Split(memberListColumns, ",")
	if len(all) != len(list) {
		t.Fatalf("memberListColumns has %d columns, memberColumns %d", len(list), len(all))
	}
	for i := range all {
		col := strings.TrimSpace(all[i])
		sealed := col == "p.id_index" || strings.HasSuffix(col, "_sealed")
		if got := strings.TrimSpace(list[i]); sealed && got != "NULL" || !sealed && got != col {
			t.Errorf("column %d: %q in the list, %q in full", i, got, col)
		}
	}
}
