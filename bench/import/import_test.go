package importbench

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"sync"
	"testing"
	"time"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const (
	// benchRows is the size of the benchmark file: a large district's
	// register imported in one go.
	benchRows = 100_000
	// unionCount grassroots unions under the Chaoyang district union share
	// the rows evenly.
	unionCount = 50
	// districtCode is the district union the grassroots unions belong to
	// (朝阳区总工会).
	districtCode = "BJ05"
)

var actor = gonghui.SystemActor("bench")

// unionCode is the code of the n-th grassroots union, n from 1.
func unionCode(n int) string { return fmt.Sprintf("B-%03d", n) }

// Synthetic name parts: common surnames and given names, combined by row.
var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
		"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
		"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳", "司马"}
	givenNames = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
		"勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
		"刚", "桂英", "建华", "文", "华", "建国", "志强", "秀兰", "海燕", "晓东",
		"子涵", "浩然", "雨萱", "梓轩", "欣怡", "宇航", "思远", "佳怡", "俊杰", "嘉怡"}
	educations  = []string{"研究生", "大学本科", "大学专科", "中专/高中", "初中", "小学及以下"}
	eduWeights  = []int{6, 30, 25, 24, 12, 3} // percent, in the order of educations
	politicals  = []string{"群众", "群众", "群众", "中共党员", "共青团员"}
	households  = []string{"城镇", "城镇", "农业"}
	employments = []string{"劳动合同", "劳动合同", "劳动合同", "劳务派遣", "灵活就业", "新就业形态"}
)

// Beijing district-level area codes 110101..110119 used in the ID numbers.
var areas = func() []string {
	out := make([]string, 0, 19)
	for c := 110101; c <= 110119; c++ {
		out = append(out, strconv.Itoa(c))
	}
	return out
}()

var (
	birthFirst = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	birthDays  = int(time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC).Sub(birthFirst).Hours() / 24) // through 2004-12-31
)

// membersCSV returns a UTF-8 members CSV of n rows (plus the template
// header) that imports without a single refusal. It is deterministic: the
// same n gives the same bytes, and a smaller n gives a prefix of the rows.
// Every ID number is synthetic (storetest.CitizenID) and unique.
func membersCSV(n int) []byte {
	header := importer.Members.Headers()
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	rng := rand.New(rand.NewPCG(20170301, 100000))
	seen := make(map[string]struct{}, n)
	var buf bytes.Buffer
	buf.Grow(n * 160)
	w := csv.NewWriter(&buf)
	w.Write(header)
	row := make([]string, len(header))
	for i := range n {
		// A random area, birth date and sequence; drawn again on the rare
		// repeat so that every person is distinct.
		var id string
		var seq int
		for {
			area := areas[rng.IntN(len(areas))]
			birth := birthFirst.AddDate(0, 0, rng.IntN(birthDays)).Format("20060102")
			seq = rng.IntN(1000)
			id = storetest.CitizenID(area, birth, seq)
			if _, dup := seen[id]; !dup {
				seen[id] = struct{}{}
				break
			}
		}
		sex := "女"
		if seq%2 == 1 {
			sex = "男"
		}
		clear(row)
		row[col["姓名"]] = surnames[rng.IntN(len(surnames))] + givenNames[rng.IntN(len(givenNames))]
		row[col["公民身份号码"]] = id
		row[col["手机号码"]] = strconv.Itoa(13800000000 + i)
		row[col["性别"]] = sex
		row[col["民族"]] = "汉族"
		row[col["学历"]] = weighted(rng, educations, eduWeights)
		row[col["政治面貌"]] = politicals[rng.IntN(len(politicals))]
		row[col["户籍类型"]] = households[rng.IntN(len(households))]
		row[col["就业形态"]] = employments[rng.IntN(len(employments))]
		row[col["所属工会"]] = unionCode(i%unionCount + 1)
		row[col["入会日期"]] = "2017-03-01"
		if i%10 < 7 { // 70 % of members hold a service card
			row[col["会员卡号"]] = fmt.Sprintf("K%08d", i+1)
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func weighted(rng *rand.Rand, values []string, weights []int) string {
	x := rng.IntN(100)
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// writeFile writes data into a fresh temporary file for tb.
func writeFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// createUnions adds the grassroots unions the file names under BJ05.
func createUnions(tb testing.TB, st *store.Store) {
	tb.Helper()
	ctx := context.Background()
	district, err := st.GetOrgByCode(ctx, actor, districtCode)
	if err != nil {
		tb.Fatalf("district %s: %v", districtCode, err)
	}
	for n := 1; n <= unionCount; n++ {
		_, err := st.CreateOrg(ctx, actor, gonghui.OrgInput{
			Code: unionCode(n), Name: fmt.Sprintf("朝阳区第%d基层工会", n),
			Kind: gonghui.KindGrassroots, ParentID: district.ID,
		})
		if err != nil {
			tb.Fatalf("create union %s: %v", unionCode(n), err)
		}
	}
}

// importFile runs one import of path. The phase ("first" or "reimport")
// becomes a pprof label on every goroutine of the import, so a CPU profile
// can be narrowed to one phase (go tool pprof -tagfocus=phase=first).
func importFile(tb testing.TB, st *store.Store, path, phase string) store.Import {
	tb.Helper()
	ctx := context.Background()
	im, err := st.CreateImport(ctx, actor, "members", filepath.Base(path), false, false)
	if err != nil {
		tb.Fatal(err)
	}
	pprof.Do(ctx, pprof.Labels("phase", phase), func(ctx context.Context) {
		im, err = importer.Run(ctx, st, actor, importer.Members, path, im, importer.Options{})
	})
	if err != nil {
		tb.Fatalf("%s: %v", phase, err)
	}
	return im
}

// checkImport fails unless every one of rows rows ended as want.
func checkImport(tb testing.TB, im store.Import, rows int, want store.UpsertResult) {
	tb.Helper()
	counts := map[store.UpsertResult]int{store.Inserted: im.Inserted, store.Updated: im.Updated, store.Unchanged: im.Unchanged}
	ok := im.Status == store.ImportDone && im.RowsDone == rows && im.Failed == 0 && counts[want] == rows
	for r, c := range counts {
		if r != want && c != 0 {
			ok = false
		}
	}
	if !ok {
		tb.Fatalf("import %d: status %s, message %q, rows %d, inserted %d, updated %d, unchanged %d, failed %d (want all %d rows %v)",
			im.ID, im.Status, im.Message, im.RowsDone, im.Inserted, im.Updated, im.Unchanged, im.Failed, rows, want)
	}
}

// checkMembers fails unless the store holds exactly rows active members,
// counted in the table (the member list's total is capped outside the
// aggregates' scopes).
func checkMembers(tb testing.TB, st *store.Store, rows int) {
	tb.Helper()
	var total int
	if err := st.DB().QueryRow(`SELECT count(*) FROM memberships WHERE status = 'active'`).Scan(&total); err != nil {
		tb.Fatal(err)
	}
	if total != rows {
		tb.Fatalf("store holds %d active members, want %d", total, rows)
	}
}

var (
	benchOnce sync.Once
	benchCSV  []byte
)

// BenchmarkImportMembers100k imports a 100,000-row CSV into a fresh store
// per op. One op is one first import (the timed part, giving ns/op and
// rows/s); the re-import of the same file into the same store, which must
// leave every row unchanged, is timed separately as reimport-rows/s. Store
// creation, union setup and the checks are outside both. Run it with
// -benchtime=1x: an op takes seconds.
func BenchmarkImportMembers100k(b *testing.B) {
	benchOnce.Do(func() { benchCSV = membersCSV(benchRows) })
	path := writeFile(b, "members-100k.csv", benchCSV)
	for _, engine := range storetest.Engines {
		b.Run(string(engine), func(b *testing.B) { benchImport(b, engine, path, benchRows) })
	}
}

func benchImport(b *testing.B, engine store.Engine, path string, rows int) {
	b.StopTimer()
	var reimport, longest time.Duration
	for range b.N {
		st := storetest.Open(b, engine)
		createUnions(b, st)

		b.StartTimer()
		first := importFile(b, st, path, "first")
		b.StopTimer()
		checkImport(b, first, rows, store.Inserted)
		longest = max(longest, first.LongestWrite)

		start := time.Now()
		again := importFile(b, st, path, "reimport")
		reimport += time.Since(start)
		checkImport(b, again, rows, store.Unchanged)
		checkMembers(b, st, rows)
		st.Close() // storetest closes it again at cleanup, harmlessly
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(rows*b.N)/reimport.Seconds(), "reimport-rows/s")
	// What other writers wait for at most while a load runs.
	b.ReportMetric(float64(longest.Milliseconds()), "longest-tx-ms")
}

// TestImportSmoke checks the generator on 200 rows and imports them on
// SQLite twice, as the benchmark does with 100,000: quick enough for every
// go test run.
func TestImportSmoke(t *testing.T) {
	const rows = 200
	data := membersCSV(rows)
	if !bytes.Equal(data, membersCSV(rows)) {
		t.Fatal("generator is not deterministic")
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != rows+1 {
		t.Fatalf("%d records, want %d", len(records), rows+1)
	}
	header := importer.Members.Headers()
	col := map[string]int{}
	for i, h := range records[0] {
		if h != header[i] {
			t.Fatalf("header %v, want %v", records[0], header)
		}
		col[h] = i
	}
	ids, cards, unions := map[string]bool{}, 0, map[string]bool{}
	for line, r := range records[1:] {
		id, err := idcard.Parse(r[col["公民身份号码"]])
		if err != nil {
			t.Fatalf("row %d: %v", line+1, err)
		}
		if ids[id.Number] {
			t.Fatalf("row %d: ID repeated", line+1)
		}
		ids[id.Number] = true
		if id.Sex.Zh() != r[col["性别"]] {
			t.Errorf("row %d: sex %s, ID says %s", line+1, r[col["性别"]], id.Sex.Zh())
		}
		if y := id.Birth.Year; y < 1960 || y > 2004 {
			t.Errorf("row %d: born %d", line+1, y)
		}
		if r[col["会员卡号"]] != "" {
			cards++
		}
		unions[r[col["所属工会"]]] = true
	}
	if cards != rows*7/10 || len(unions) != unionCount {
		t.Errorf("%d cards, %d unions", cards, len(unions))
	}

	st := storetest.Open(t, store.SQLite)
	createUnions(t, st)
	path := writeFile(t, "members.csv", data)
	checkImport(t, importFile(t, st, path, "first"), rows, store.Inserted)
	checkImport(t, importFile(t, st, path, "reimport"), rows, store.Unchanged)
	checkMembers(t, st, rows)
}
