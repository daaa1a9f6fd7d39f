package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// Options steer an import.
type Options struct {
	// DefaultOrg covers rows that name no union (the CLI's --org).
	DefaultOrg int64
	// DryRun checks every row and saves nothing.
	DryRun bool
	// AllOrNothing saves no row when any row is refused.
	AllOrNothing bool
	// Progress, when set, receives the import's state every few thousand
	// rows and at the end.
	Progress func(store.Import)
	// Today bounds dates (zero: the current Shanghai date).
	Today gonghui.Date
}

// batchRows is how many rows travel together between the stages, and how
// many rows a transaction holds when rows are committed as they go.
const batchRows = 1000

// maxStoredErrors caps the refused rows kept for the report; all are counted.
const maxStoredErrors = 100_000

// prepared is one row after the parallel stage.
type prepared struct {
	line   int
	cells  []string
	sealed store.SealedMember
	err    error // a row error (validation), or nil
}

// Run imports the members file at path as the actor, recording the import
// (im, created with st.CreateImport) and returning its final state. A
// file-level problem (unreadable file, missing required column) ends the
// import as failed with a message; refused rows are counted and stored for
// the error report.
func Run(ctx context.Context, st *store.Store, a gonghui.Actor, path string, im store.Import, opt Options) (store.Import, error) {
	if opt.Today.IsZero() {
		opt.Today = gonghui.Today()
	}
	report := func() {
		if opt.Progress != nil {
			opt.Progress(im)
		}
	}
	// The writer's transaction ends before anything else is written: on
	// SQLite it holds the only write lock.
	var w *store.MemberWriter
	finished := false
	finish := func(commit bool) error {
		if w == nil || finished {
			return nil
		}
		finished = true
		if commit {
			return w.Commit()
		}
		return w.Rollback()
	}
	defer finish(false)
	fail := func(msg string) (store.Import, error) {
		finish(false)
		im.Status, im.Message, im.FinishedAt = store.ImportFailed, msg, time.Now()
		report()
		err := st.UpdateImport(ctx, im)
		st.Audit(ctx, a, "import.members", "import", im.ID, a.Path, summary(im), gonghui.OutcomeFailure)
		return im, err
	}
	total, err := countRows(path)
	if err != nil {
		return fail(errText(err))
	}
	r, err := tabular.Open(path)
	if err != nil {
		return fail(errText(err))
	}
	defer r.Close()
	im.Format, im.Encoding = string(r.Format()), string(r.Encoding())
	head, err := r.Next()
	if errors.Is(err, io.EOF) {
		return fail("文件是空的 / the file is empty")
	}
	if err != nil {
		return fail(errText(err))
	}
	h := mapHeader(head.Cells)
	im.Header, im.Warnings = head.Cells, h.warnings
	var missing []string
	for i, c := range columns {
		if c.required && h.index[i] < 0 && !(i == colOrg && opt.DefaultOrg != 0) {
			missing = append(missing, c.header)
		}
	}
	if len(missing) > 0 {
		m := strings.Join(missing, "、")
		return fail("缺少必填列：" + m + " / missing required columns: " + m)
	}
	if total > 0 {
		total-- // the header
	}

	res := newResolver(st, a, opt.DefaultOrg)
	batchSize := batchRows
	if opt.DryRun || opt.AllOrNothing {
		batchSize = 0
	}
	if w, err = st.NewMemberWriter(ctx, a, batchSize); err != nil {
		return fail(err.Error())
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []prepared, 4)
	readErr := make(chan error, 1)
	go func() { readErr <- readBatches(ctx, r, batches) }()
	results := prepare(ctx, batches, func(p *prepared) { prepareRow(ctx, st, res, h, p, opt.Today) })

	var errs []store.ImportRowError
	seen := map[string]int{}
	lastReport := time.Now()
	for batch := range results {
		for _, p := range batch {
			im.RowsDone++
			if p.err == nil {
				if first, dup := seen[string(p.sealed.IDIndex())]; dup {
					p.err = gonghui.Invalid("id_number", fmt.Sprintf("与第%d行是同一人", first), fmt.Sprintf("same person as line %d", first))
				} else {
					seen[string(p.sealed.IDIndex())] = p.line
				}
			}
			if p.err == nil {
				var result store.UpsertResult
				result, p.err = w.Save(ctx, p.sealed)
				var v *gonghui.ValidationError
				if p.err != nil && !errors.As(p.err, &v) {
					return fail(errText(p.err))
				}
				switch result {
				case store.Inserted:
					im.Inserted++
				case store.Updated:
					im.Updated++
				case store.Unchanged:
					im.Unchanged++
				}
			}
			if p.err != nil {
				im.Failed++
				if len(errs) < maxStoredErrors {
					errs = append(errs, rowErrors(h, p)...)
				}
			}
		}
		if total > 0 {
			im.Progress = min(99, im.RowsDone*100/total)
		}
		if time.Since(lastReport) > 200*time.Millisecond {
			report()
			lastReport = time.Now()
		}
	}
	if err := <-readErr; err != nil {
		return fail(errText(err))
	}
	if im.Failed > maxStoredErrors {
		im.Warnings = append(im.Warnings, fmt.Sprintf("错误行过多，报告只列出前%d条 / too many refused rows: the report lists the first %d", maxStoredErrors, maxStoredErrors))
	}
	switch {
	case opt.DryRun:
		im.Message = "试运行：未保存任何数据 / dry run: nothing was saved"
		finish(false)
	case opt.AllOrNothing && im.Failed > 0:
		im.Message = "存在错误行，按“全部或全不”规则未保存任何数据 / rows were refused: nothing was saved (all or nothing)"
		finish(false)
	default:
		if err := finish(true); err != nil {
			return fail(errText(err))
		}
	}
	im.Status, im.Progress, im.FinishedAt = store.ImportDone, 100, time.Now()
	if err := st.AddImportErrors(ctx, im.ID, errs); err != nil {
		return im, err
	}
	if err := st.UpdateImport(ctx, im); err != nil {
		return im, err
	}
	report()
	return im, st.Audit(ctx, a, "import.members", "import", im.ID, a.Path, summary(im), gonghui.OutcomeSuccess)
}

func summary(im store.Import) string {
	return fmt.Sprintf(`{"file":%q,"rows":%d,"inserted":%d,"updated":%d,"unchanged":%d,"failed":%d,"dry_run":%t,"all_or_nothing":%t}`,
		im.Filename, im.RowsDone, im.Inserted, im.Updated, im.Unchanged, im.Failed, im.DryRun, im.AllOrNothing)
}

// errText gives an error in both languages when it has them.
func errText(err error) string {
	var te *tabular.Error
	if errors.As(err, &te) {
		return te.Zh + " / " + te.En
	}
	return err.Error()
}

// countRows counts the data rows for the progress figure.
func countRows(path string) (int, error) {
	r, err := tabular.Open(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		if _, err := r.Next(); errors.Is(err, io.EOF) {
			return n, nil
		} else if err != nil {
			return n, err
		}
		n++
	}
}

// readBatches sends the file's rows in batches, in order.
func readBatches(ctx context.Context, r tabular.Reader, out chan<- []prepared) error {
	defer close(out)
	batch := make([]prepared, 0, batchRows)
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var te *tabular.Error
		switch {
		case errors.As(err, &te) && te.Line > 0:
			// A row that cannot be read (a broken encoding, say) is refused
			// alone; the rows after it still count.
			batch = append(batch, prepared{line: te.Line, err: gonghui.Invalid("row", te.Zh, te.En)})
		case err != nil:
			return err
		default:
			batch = append(batch, prepared{line: row.Line, cells: row.Cells})
		}
		if len(batch) == batchRows {
			select {
			case out <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]prepared, 0, batchRows)
		}
	}
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// prepare runs fn over every row on all cores and returns the batches in
// their original order.
func prepare(ctx context.Context, in <-chan []prepared, fn func(*prepared)) <-chan []prepared {
	type job struct {
		rows []prepared
		done chan struct{}
	}
	jobs := make(chan job, runtime.NumCPU()*2)
	ordered := make(chan job, runtime.NumCPU()*2)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for i := range j.rows {
					fn(&j.rows[i])
				}
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(jobs)
		defer close(ordered)
		for rows := range in {
			j := job{rows, make(chan struct{})}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
			select {
			case ordered <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	out := make(chan []prepared)
	go func() {
		defer close(out)
		for j := range ordered {
			<-j.done
			select {
			case out <- j.rows:
			case <-ctx.Done():
				return
			}
		}
		wg.Wait()
	}()
	return out
}

// prepareRow reads a row into a member, resolving the union and unit,
// validating, and sealing the personal data.
func prepareRow(ctx context.Context, st *store.Store, res *resolver, h headerMap, p *prepared, today gonghui.Date) {
	if p.err != nil {
		return // refused while reading
	}
	v := &gonghui.ValidationError{}
	in := gonghui.MemberInput{
		Name: h.cell(p.cells, colName), IDNumber: h.cell(p.cells, colID), Phone: h.cell(p.cells, colPhone),
		Sex: h.cell(p.cells, colSex), Ethnicity: h.cell(p.cells, colEthnicity), Education: h.cell(p.cells, colEducation),
		Political: h.cell(p.cells, colPolitical), Household: h.cell(p.cells, colHousehold), Employment: h.cell(p.cells, colEmployment),
		CardNo: h.cell(p.cells, colCard),
	}
	if d := h.cell(p.cells, colJoined); d != "" {
		y, m, day, err := tabular.ParseDate(d)
		if err != nil {
			var te *tabular.Error
			if errors.As(err, &te) {
				v.Add("joined_on", te.Zh, te.En)
			} else {
				v.Add("joined_on", "日期无效", "invalid date")
			}
		} else {
			in.JoinedOn = gonghui.NewDate(y, m, day)
		}
	}
	// Every problem of the row is reported at once: lookups first, then
	// the member's own rules.
	for _, look := range []struct {
		id   *int64
		find func() (int64, error)
	}{
		{&in.OrgID, func() (int64, error) { return res.org(ctx, h.cell(p.cells, colOrg)) }},
		{&in.UnitID, func() (int64, error) { return res.unit(ctx, h.cell(p.cells, colUnit)) }},
	} {
		id, err := look.find()
		var ve *gonghui.ValidationError
		switch {
		case errors.As(err, &ve):
			for f, m := range ve.Fields {
				v.Add(f, m.Zh, m.En)
			}
		case err != nil:
			p.err = err
			return
		}
		*look.id = id
	}
	cm, err := gonghui.CheckMember(in, today)
	if err != nil {
		var ve *gonghui.ValidationError
		if errors.As(err, &ve) {
			for f, m := range ve.Fields {
				v.Add(f, m.Zh, m.En)
			}
		} else {
			p.err = err
			return
		}
	}
	if err := v.Err(); err != nil {
		p.err = err
		return
	}
	p.sealed = st.Seal(cm)
}

// rowErrors turns a row's error into report lines, one per bad column, in
// template column order.
func rowErrors(h headerMap, p prepared) []store.ImportRowError {
	var v *gonghui.ValidationError
	if !errors.As(p.err, &v) {
		return []store.ImportRowError{{Line: p.line, Zh: p.err.Error(), En: p.err.Error(), Cells: p.cells}}
	}
	fields := make([]string, 0, len(v.Fields))
	for f := range v.Fields {
		fields = append(fields, f)
	}
	order := map[string]int{}
	for i, c := range columns {
		order[c.field] = i
	}
	sort.Slice(fields, func(i, j int) bool { return order[fields[i]] < order[fields[j]] })
	out := make([]store.ImportRowError, len(fields))
	for i, f := range fields {
		out[i] = store.ImportRowError{Line: p.line, Field: h.columnFor(f), Zh: v.Fields[f].Zh, En: v.Fields[f].En, Cells: p.cells}
	}
	return out
}

// resolver finds unions and units named in rows, once each, safely from
// every worker.
type resolver struct {
	st         *store.Store
	a          gonghui.Actor
	defaultOrg int64
	mu         sync.Mutex
	orgs       map[string]lookup
	units      map[string]lookup
}

type lookup struct {
	id  int64
	err error
}

func newResolver(st *store.Store, a gonghui.Actor, defaultOrg int64) *resolver {
	return &resolver{st: st, a: a, defaultOrg: defaultOrg, orgs: map[string]lookup{}, units: map[string]lookup{}}
}

func (r *resolver) org(ctx context.Context, ref string) (int64, error) {
	if ref == "" {
		if r.defaultOrg == 0 {
			return 0, gonghui.Invalid("org_id", "请填写所属工会（工会代码或统一社会信用代码）", "the union is required (its code or USCC)")
		}
		return r.defaultOrg, nil
	}
	return r.cached(r.orgs, ref, func() (int64, error) {
		o, err := r.st.ResolveOrgRef(ctx, r.a, ref)
		if errors.Is(err, gonghui.ErrNotFound) {
			return 0, gonghui.Invalid("org_id", "找不到工会“"+ref+"”，或不在您的管辖范围内", "no union \""+ref+"\" in your scope")
		}
		return o.ID, err
	})
}

func (r *resolver) unit(ctx context.Context, code string) (int64, error) {
	if code == "" {
		return 0, nil
	}
	return r.cached(r.units, code, func() (int64, error) {
		u, err := r.st.UnitByUSCC(ctx, r.a, code)
		if errors.Is(err, gonghui.ErrNotFound) {
			return 0, gonghui.Invalid("unit_id", "找不到统一社会信用代码为“"+code+"”的单位，请先登记单位", "no unit with USCC \""+code+"\" in your scope: register it first")
		}
		return u.ID, err
	})
}

func (r *resolver) cached(m map[string]lookup, key string, find func() (int64, error)) (int64, error) {
	r.mu.Lock()
	l, ok := m[key]
	r.mu.Unlock()
	if ok {
		return l.id, l.err
	}
	id, err := find()
	var v *gonghui.ValidationError
	if err != nil && !errors.As(err, &v) {
		return 0, err // not cached: a database error may pass
	}
	r.mu.Lock()
	m[key] = lookup{id, err}
	r.mu.Unlock()
	return id, err
}
