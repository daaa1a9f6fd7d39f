package httpserver_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
)

// auditActionPatterns find the actions and record types the code audits.
var (
	auditActionPatterns = []*regexp.Regexp{
		regexp.MustCompile(`action:\s*"([a-z_.]+)"`),
		regexp.MustCompile(`action(?:, prior)?\s*:?=\s*"([a-z_.]+)"`),
		regexp.MustCompile(`\.Audit\([^,]+, [^,]+, "([a-z_.]+)"`),
		regexp.MustCompile(`ActionExport\w*\s*=\s*"([a-z_.]+)"`),
	}
	auditRecordPatterns = []*regexp.Regexp{
		regexp.MustCompile(`recordType:\s*"([a-z_]+)"`),
		regexp.MustCompile(`\.Audit\([^,]+, [^,]+, [^,]+, "([a-z_]+)"`),
		regexp.MustCompile(`StartExport\([^,]+, [^,]+, "([a-z_]+)"`),
		regexp.MustCompile(`export(?:CSV|XLSX)\(w, r, "([a-z_]+)"`),
	}
)

// TestAuditWordsForEveryAction: every action and record type the code
// writes to the audit log reads as words, so the log never shows a key.
func TestAuditWordsForEveryAction(t *testing.T) {
	actions, records := map[string]bool{}, map[string]bool{}
	root := filepath.Join("..", "..")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == "bench" || d.Name() == "e2e") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, re := range auditActionPatterns {
			for _, m := range re.FindAllSubmatch(b, -1) {
				actions[string(m[1])] = true
			}
		}
		for _, re := range auditRecordPatterns {
			for _, m := range re.FindAllSubmatch(b, -1) {
				records[string(m[1])] = true
			}
		}
		return nil
	})
	// The actions made of a prefix and a state.
	for _, k := range []string{"issue", "replace", "cancel"} {
		actions["card."+k] = true
	}
	for _, a := range []gonghui.CensusAction{gonghui.CensusSave, gonghui.CensusSubmit, gonghui.CensusApprove, gonghui.CensusSendBack, gonghui.CensusCorrect} {
		actions["census."+string(a)] = true
	}
	actions["census.open"] = true
	for _, c := range gonghui.ContractStatuses {
		actions["contract."+c.Key] = true
	}
	for _, st := range []gonghui.MemberStatus{gonghui.MemberLeft, gonghui.MemberDeceased, gonghui.MemberTransferred} {
		actions["member."+string(st)] = true
	}
	for _, st := range []gonghui.TransferStatus{gonghui.TransferAccepted, gonghui.TransferRejected, gonghui.TransferCancelled} {
		actions["transfer."+string(st)] = true
	}
	if len(actions) < 40 || len(records) < 15 {
		t.Fatalf("found %d actions and %d record types: the patterns are off", len(actions), len(records))
	}
	for a := range actions {
		if strings.HasSuffix(a, ".") || strings.HasPrefix(a, "import.") {
			continue // a prefix, completed above (imports read by their kind)
		}
		if !i18n.Has("audit.action." + a) {
			t.Errorf("action %s has no words (audit.action.%s)", a, a)
		}
	}
	for r := range records {
		if !i18n.Has("audit.record." + r) {
			t.Errorf("record type %s has no words (audit.record.%s)", r, r)
		}
	}
	for _, k := range importer.Kinds() {
		if !i18n.Has("import.kind." + k) {
			t.Errorf("import kind %s has no words", k)
		}
	}
}

// TestAuditLogReadsAsSentences: the audit page tells what happened in
// Chinese, without the stored keys.
func TestAuditLogReadsAsSentences(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.login("cy-admin")
		_, page := e.do(c, "GET", "/audit", "")
		for _, want := range []string{"<strong>cy-admin</strong> 登录", `<option value="unit.create"`, "登记了单位“朝阳示例公司”"} {
			if !strings.Contains(page, want) {
				t.Errorf("audit page lacks %s", want)
			}
		}
		for _, key := range []string{">unit.create<", ">login<", ">success<"} {
			if strings.Contains(page, key) {
				t.Errorf("audit page shows the key %s", key)
			}
		}
	})
}
