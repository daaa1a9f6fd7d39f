package importer

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
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
	// AllOrNothing saves no row when any row is refused, and makes every
	// row visible at once; it takes files of at most MaxAllOrNothingRows.
	AllOrNothing bool
	// Progress, when set, receives the import's state after the first
	// batch of rows, every few hundred milliseconds, after each pass over
	// the file (a check's last row counted, nothing written yet) and at
	// the end.
	Progress func(store.Import)
	// Today bounds dates (zero: the current Shanghai date).
	Today gonghui.Date
}

// batchRows is how many rows travel together between the stages, and how
// many rows a transaction holds when rows are committed as they go.
const batchRows = 1000

// MaxAllOrNothingRows bounds an all-or-nothing import, whose rows are
// written in one transaction (on SQLite, while it holds the only write
// lock: every other write waits for it). Chosen by measurement on the
// development machine (2 shared cores): on SQLite one transaction writes
// 10,000 new members in 0.7 s and 10,000 updated members — the slow path,
// a row at a time — in 2.2 s; with the cores busy (load 28) 1.6 s and
// 6.3 s, still within the 10 s other writers wait (TestAllOrNothingAtLimit
// logs both). Larger files are refused before any row is read: split them,
// or import without all-or-nothing, which commits batch by batch.
const MaxAllOrNothingRows = 10_000

// timedTransaction, when set (by a test), is told how long the one
// transaction of each all-or-nothing import stayed open.
var timedTransaction func(time.Duration)

// maxStoredErrors caps the refused rows kept for the report; all are counted.
const maxStoredErrors = 100_000

// maxStoredCellBytes caps the cells kept with refused rows over an import:
// past it the report still gives each row's line and reasons, not its cells.
var maxStoredCellBytes = 32 << 20

// maxBatchBytes bounds the text of a batch of rows, so that the batches in
// flight stay small whatever the rows hold.
const maxBatchBytes = 4 << 20

// Job is one kind of import: members, orgs, units, contracts, congresses or
// disclosures.
type Job interface {
	// Name is the kind's key ("members"), used in audit records and URLs.
	Name() string
	// Headers is the template's header row.
	Headers() []string
	// WriteTemplate writes the kind's XLSX template; unions, when given,
	// become the union column's drop-down (see UnionChoice).
	WriteTemplate(out io.Writer, unions []string) error
	run(ctx context.Context, st *store.Store, a gonghui.Actor, path string, im store.Import, opt Options) (store.Import, error)
}

// Jobs lists every kind of import by name; each kind's file registers
// its own.
var Jobs = map[string]Job{}

// ranks orders the kinds as forms offer them.
var ranks = map[string]int{}

// register adds a kind of import; rank places it in the forms (members,
// the default, first; each module's kinds in the module's order).
func register(rank int, jobs ...Job) {
	for _, j := range jobs {
		if _, dup := Jobs[j.Name()]; dup {
			panic("importer: kind " + j.Name() + " registered twice")
		}
		Jobs[j.Name()], ranks[j.Name()] = j, rank
	}
}

// Kinds names every kind of import in the order forms offer them.
func Kinds() []string {
	names := slices.Collect(maps.Keys(Jobs))
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(ranks[a], ranks[b]), cmp.Compare(a, b)) })
	return names
}

// Run imports the file at path as the actor, recording the import (im,
// created with st.CreateImport) and returning its final state. A
// file-level problem (unreadable file, missing required column) ends the
// import as failed with a message; refused rows are counted and stored for
// the error report. Cancelling ctx stops the import between two batches of
// rows: it ends interrupted, with the rows saved so far committed and
// counted (none when all-or-nothing or a dry run).
func Run(ctx context.Context, st *store.Store, a gonghui.Actor, job Job, path string, im store.Import, opt Options) (store.Import, error) {
	return job.run(ctx, st, a, path, im, opt)
}

// writer saves prepared rows of one kind, in transactions.
type writer[T any] interface {
	Save(ctx context.Context, v T) (store.UpsertResult, error)
	Commit() error
	Rollback() error
}

// batchWriter is a writer that saves a batch of rows at once, with the
// same outcome per row as Save in turn but far fewer statements.
type batchWriter[T any] interface {
	SaveBatch(ctx context.Context, vs []T) ([]store.UpsertResult, []error, error)
}

// lineWriter is a batchWriter told the file's line of each row, which
// the audit event of its batch names.
type lineWriter[T any] interface {
	SaveBatchAt(ctx context.Context, vs []T, lines []int) ([]store.UpsertResult, []error, error)
}

// loadWriter is a writer told which import it saves for; with first, a
// first load into empty tables (their indexes deferred), which it may
// write without looking anything up.
type loadWriter interface {
	ForImport(ctx context.Context, importID int64, filename string, first bool) error
}

// saveBatch saves the rows not refused so far, setting each one's result
// or error; the error returned ends the import.
func saveBatch[T any](ctx context.Context, w writer[T], batch []prepared[T]) error {
	if bw, ok := w.(batchWriter[T]); ok {
		var vs []T
		var at, lines []int
		for i, p := range batch {
			if p.err == nil {
				vs = append(vs, p.value)
				at = append(at, i)
				lines = append(lines, p.line)
			}
		}
		save := bw.SaveBatch
		if lw, ok := w.(lineWriter[T]); ok {
			save = func(ctx context.Context, vs []T) ([]store.UpsertResult, []error, error) {
				return lw.SaveBatchAt(ctx, vs, lines)
			}
		}
		results, errs, err := save(ctx, vs)
		if err != nil {
			return err
		}
		for j, i := range at {
			batch[i].result, batch[i].err = results[j], errs[j]
		}
		return nil
	}
	for i := range batch {
		p := &batch[i]
		if p.err != nil {
			continue
		}
		p.result, p.err = w.Save(ctx, p.value)
		var v *gonghui.ValidationError
		if p.err != nil && !errors.As(p.err, &v) {
			return p.err
		}
	}
	return nil
}

// identityKey digests a row's identity to 128 bits: exact in practice, and
// a fixed size whatever the identity's length.
func identityKey(id string) [16]byte {
	sum := sha256.Sum256([]byte(id))
	return [16]byte(sum[:16])
}

// refuseDuplicates passes the batches on, refusing each row whose
// identity an earlier row of the file had, naming that row's line. The
// identities are kept in a store.KeySet: memory that does not grow with
// the file. An error of the set stops the stage; it is left in *err
// before done is closed.
func (k *kind[T]) refuseDuplicates(ctx context.Context, in <-chan []prepared[T], err *error, done chan<- struct{}) <-chan []prepared[T] {
	out := make(chan []prepared[T])
	go func() {
		defer close(done)
		defer close(out)
		seen := store.NewKeySet()
		defer seen.Close()
		for {
			var batch []prepared[T]
			select {
			case b, ok := <-in:
				if !ok {
					return
				}
				batch = b
			case <-ctx.Done():
				return
			}
			var keys [][16]byte
			var lines, at []int
			for i, p := range batch {
				if p.err != nil {
					continue
				}
				if id := k.identity(p.value); id != "" {
					keys, lines, at = append(keys, identityKey(id)), append(lines, p.line), append(at, i)
				}
			}
			firsts, e := seen.Add(ctx, keys, lines)
			if e != nil {
				*err = e
				return
			}
			for j, first := range firsts {
				if first != 0 {
					batch[at[j]].err = k.duplicate(first)
				}
			}
			select {
			case out <- batch:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// writerOf adapts a store's NewXWriter method to kind.newWriter. A writer
// that could not start comes back as a nil interface, never as a nil
// pointer inside one, which the end of the import would roll back.
func writerOf[T any, W writer[T]](start func(*store.Store, context.Context, gonghui.Actor, int) (W, error)) func(context.Context, *store.Store, gonghui.Actor, int) (writer[T], error) {
	return func(ctx context.Context, st *store.Store, a gonghui.Actor, batchSize int) (writer[T], error) {
		w, err := start(st, ctx, a, batchSize)
		if err != nil {
			return nil, err
		}
		return w, nil
	}
}

// sameAs refuses a row naming the same record as an earlier line; zh and
// en take that line's number (%d).
func sameAs(field, zh, en string) func(firstLine int) error {
	return func(first int) error { return gonghui.Invalid(field, fmt.Sprintf(zh, first), fmt.Sprintf(en, first)) }
}

// checkable is a record's input with its form's checks.
type checkable[T any] interface {
	*T
	Normalize()
	Validate(v *gonghui.ValidationError, today gonghui.Date)
}

// checkedRow prepares a row the way most kinds do: read by parse (which
// returns the union's reference), the union found in the importer's
// scope and put where orgOf says, then checked as the form checks it.
func checkedRow[T any, P checkable[T]](parse func(headerMap, []string, *gonghui.ValidationError) (T, string), orgOf func(P) *int64) func(context.Context, *env, []string) (T, error) {
	return func(ctx context.Context, e *env, cells []string) (T, error) {
		v := &gonghui.ValidationError{}
		in, ref := parse(e.h, cells, v)
		var err error
		if *orgOf(&in), err = e.res.org(ctx, ref); addFieldErrors(v, err) != nil {
			return in, err
		}
		P(&in).Normalize()
		P(&in).Validate(v, e.today)
		return in, v.Err()
	}
}

// env is what preparing a row needs.
type env struct {
	st    *store.Store
	a     gonghui.Actor
	res   *resolver
	h     headerMap
	today gonghui.Date
}

// kind describes one kind of import; the engine does the rest.
type kind[T any] struct {
	name string
	// table is the table the kind fills, which a bulk load is weighed
	// against.
	table   string
	columns []column
	// orgColumn is the column --org may stand in for (-1: none), and
	// the one the template offers the user's unions in.
	orgColumn int
	// note is a remark the template's instructions end with.
	note string
	// prepare reads a row into a value to save (run on all cores).
	prepare func(ctx context.Context, e *env, cells []string) (T, error)
	// identity says which rows name the same record: a second row with
	// the same identity in one file is refused as a duplicate of the
	// first ("" = no check).
	identity  func(T) string
	duplicate func(firstLine int) error
	// newWriter starts saving; batchSize 0 = one transaction,
	// store.CheckOnly = a check that reads only.
	newWriter func(ctx context.Context, st *store.Store, a gonghui.Actor, batchSize int) (writer[T], error)
}

func (k *kind[T]) Name() string      { return k.name }
func (k *kind[T]) Headers() []string { return headers(k.columns) }

// prepared is one row after the parallel stage.
type prepared[T any] struct {
	line   int
	cells  []string
	value  T
	err    error // a row error (validation), or nil
	result store.UpsertResult
}

func (k *kind[T]) run(ctx context.Context, st *store.Store, a gonghui.Actor, path string, im store.Import, opt Options) (store.Import, error) {
	if opt.Today.IsZero() {
		opt.Today = gonghui.Today()
	}
	action := "import." + k.name
	report := func() {
		if opt.Progress != nil {
			opt.Progress(im)
		}
	}
	// The writer's transaction ends before anything else is written: on
	// SQLite it holds the only write lock.
	var w writer[T]
	finished := false
	checking := false // in a pass that saves nothing
	bulk := false     // the statistics are set aside for a rebuild
	finish := func(commit bool) error {
		if w == nil || finished {
			return nil
		}
		finished = true
		if !commit {
			return w.Rollback()
		}
		err := w.Commit()
		if l, ok := w.(interface{ LongestTransaction() time.Duration }); ok {
			im.LongestWrite = max(im.LongestWrite, l.LongestTransaction())
		}
		return err
	}
	defer finish(false)
	restoreIndexes := func() error { return nil }
	firstLoad := false // the indexes are deferred: the tables were empty
	// releaseStats ends the import's hold on the aggregates it set aside,
	// whatever becomes of it, so that a rebuild may mark them fresh again.
	releaseStats := func() error { return nil }
	// The import's own record is kept whatever became of ctx.
	keep := context.WithoutCancel(ctx)
	var errs []store.ImportRowError
	end := func(status, msg string) (store.Import, error) {
		im.Status, im.Message, im.FinishedAt = status, msg, time.Now()
		report()
		err := st.AddImportErrors(keep, im.ID, errs)
		if err == nil {
			err = st.UpdateImport(keep, im)
		}
		st.Audit(keep, a, action, "import", im.ID, a.Path, summary(im), gonghui.OutcomeFailure)
		return im, err
	}
	fail := func(msg string) (store.Import, error) {
		finish(false)
		restoreIndexes()
		releaseStats()
		st.RefreshStats(ctx) // batches committed before the failure may have set aggregates aside
		errs = nil           // rolled back with their rows, they would mislead
		return end(store.ImportFailed, msg)
	}
	// interrupt ends the import when ctx was cancelled, between batches:
	// what the writer holds is whole batches, kept unless nothing may be
	// saved. Deferred indexes and set-aside aggregates are left to the next
	// start (Migrate) and the next rebuild (RefreshStats): meanwhile the
	// figures are counted from the records, so they stay right.
	interrupt := func() (store.Import, error) {
		defer releaseStats()
		if checking || opt.AllOrNothing || w == nil {
			finish(false)
			return end(store.ImportInterrupted, "导入被中断，未保存任何数据；请重新上传文件再次导入 / the import was interrupted and saved nothing: upload the file again to run it")
		}
		if err := finish(true); err != nil {
			return fail(errText(err))
		}
		return end(store.ImportInterrupted, fmt.Sprintf("导入在第%d行后被中断，此前各行的结果已保存；请重新上传同一文件完成导入，已保存的行不会改变 / "+
			"the import was interrupted after %d rows, whose results are saved: upload the same file again to finish it — rows already saved stay unchanged", im.RowsDone, im.RowsDone))
	}
	// failOr fails with err, or is interrupted when err comes of ctx.
	failOr := func(err error) (store.Import, error) {
		if ctx.Err() != nil {
			return interrupt()
		}
		return fail(errText(err))
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
	h := mapHeader(k.columns, head.Cells)
	im.Header, im.Warnings = head.Cells, h.warnings
	var missing []string
	for i, c := range k.columns {
		if c.required && h.index[i] < 0 && !(i == k.orgColumn && opt.DefaultOrg != 0) {
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
	if opt.AllOrNothing && total > MaxAllOrNothingRows {
		return fail(fmt.Sprintf("“全部或全不”导入每次最多%d行，本文件有%d行：请拆分文件，或不勾选“全部或全不”按批导入 / "+
			"an all-or-nothing import takes at most %d rows and this file has %d: split the file, or import without all-or-nothing (rows are then saved batch by batch)",
			MaxAllOrNothingRows, total, MaxAllOrNothingRows, total))
	}

	r.Close() // each pass reads the file anew
	e := &env{st: st, a: a, res: newResolver(st, a, opt.DefaultOrg), h: h, today: opt.Today}
	keptCells := 0 // bytes of the cells kept with refused rows
	// pass runs every row into a new writer. A check pass (a dry run, the
	// first pass of an all-or-nothing import) reads the file through the
	// stages into a check, which reads the database and writes nothing:
	// it holds no transaction and, on SQLite, never the write lock. An
	// all-or-nothing check keeps the rows it prepared (their number is
	// bounded), and its second pass writes them in one transaction: no
	// reader sees part of the file, and nothing heavy happens while the
	// transaction holds the lock. Any other import commits batch by batch.
	// ended is set when the import ended early, with its final state.
	passes := 1
	if opt.AllOrNothing && !opt.DryRun {
		passes = 2
	}
	var kept [][]prepared[T] // an all-or-nothing check's rows, for its second pass
	var begun time.Time      // when the one transaction of all-or-nothing began
	pass := func(n int, check bool) (ended bool, out store.Import, err error) {
		checking = check
		im.RowsDone, im.Inserted, im.Updated, im.Unchanged = 0, 0, 0, 0
		size := batchRows
		switch {
		case check:
			size = store.CheckOnly
		case opt.AllOrNothing:
			size = 0 // one transaction
		}
		var results <-chan []prepared[T]
		readErr := func() error { return nil } // waits for the reader: what it met
		if check || !opt.AllOrNothing {
			pr, err := tabular.Open(path)
			if err == nil {
				defer pr.Close()
				_, err = pr.Next() // the header, read above
			}
			if err != nil {
				out, err = fail(errText(err))
				return true, out, err
			}
			// The stages stop with ctx, or when the pass ends early; the
			// reader is waited for, as it reads the file closed on return.
			stages, cancel := context.WithCancel(ctx)
			batches := make(chan []prepared[T], 4)
			var rerr error
			read := make(chan struct{})
			go func() {
				defer close(read)
				rerr = readBatches(stages, pr, len(head.Cells), batches)
			}()
			defer func() { cancel(); <-read }()
			readErr = func() error { <-read; return rerr }
			results = prepareAll(stages, batches, func(p *prepared[T]) {
				if p.err == nil { // not refused while reading
					p.value, p.err = k.prepare(stages, e, p.cells)
				}
			})
		} else {
			results = replay(kept)
			kept = nil
		}
		if k.identity != nil {
			// The duplicates are found beside the writer, on the other core.
			stages, cancel := context.WithCancel(ctx)
			var derr error
			deduped := make(chan struct{})
			in := results
			results = k.refuseDuplicates(stages, in, &derr, deduped)
			prevErr := readErr
			readErr = func() error {
				<-deduped
				if derr != nil {
					return derr
				}
				return prevErr()
			}
			defer func() { cancel(); <-deduped }()
		}
		// Not cancellable, as the saves below: on cancellation database/sql
		// would roll back the open transaction behind the writer's back.
		if w, err = k.newWriter(keep, st, a, size); err != nil {
			out, err = fail(err.Error())
			return true, out, err
		}
		finished = false
		if size == 0 {
			begun = time.Now()
		}
		if u, ok := w.(interface{ UntrackStats() }); ok && bulk && !check {
			u.UntrackStats()
		}
		if l, ok := w.(loadWriter); ok {
			if err := l.ForImport(keep, im.ID, im.Filename, firstLoad && !check); err != nil {
				out, err = fail(errText(err))
				return true, out, err
			}
		}
		var lastReport time.Time
		for batch := range results {
			if ctx.Err() != nil {
				out, err = interrupt()
				return true, out, err
			}
			im.RowsDone += len(batch)
			// Not cancellable: database/sql would watch a cancellable context
			// with a goroutine per statement; the loop itself stops on
			// cancellation.
			if err := saveBatch(keep, w, batch); err != nil {
				out, err = fail(errText(err))
				return true, out, err
			}
			for _, p := range batch {
				switch p.result {
				case store.Inserted:
					im.Inserted++
				case store.Updated:
					im.Updated++
				case store.Unchanged:
					im.Unchanged++
				}
				if p.err == nil {
					continue
				}
				if !check && opt.AllOrNothing {
					// Every row passed the check pass: the data changed since.
					// The one transaction is rolled back.
					out, err = fail(fmt.Sprintf("第%d行在检查通过后被拒绝（其间数据已被他人更改）：%s；未保存任何数据，请重新上传文件 / "+
						"line %d was refused after the check had passed (the data changed meanwhile): %s; nothing was saved: upload the file again",
						p.line, errText(p.err), p.line, errText(p.err)))
					return true, out, err
				}
				im.Failed++
				if len(errs) < maxStoredErrors {
					cells := p.cells
					if keptCells += rowBytes(cells); keptCells > maxStoredCellBytes {
						cells = nil
					}
					errs = append(errs, rowErrors(h, p.line, cells, p.err)...)
				}
			}
			if check && opt.AllOrNothing && !opt.DryRun {
				for i := range batch {
					batch[i].cells = nil // every row passed, or nothing is saved: no report needs them
				}
				kept = append(kept, batch)
			}
			if total > 0 {
				im.Progress = min(99, ((n-1)*total+im.RowsDone)*100/(passes*total))
			}
			if time.Since(lastReport) > 200*time.Millisecond {
				report()
				lastReport = time.Now()
			}
		}
		rerr := readErr()
		if ctx.Err() != nil {
			out, err = interrupt() // the stages may have stopped before the last rows
			return true, out, err
		}
		if rerr != nil {
			out, err = fail(errText(rerr))
			return true, out, err
		}
		if check {
			finish(false)
		}
		report() // every row of the pass is counted
		return false, im, nil
	}
	// prepareSave sets the statistics aside for a load larger than what
	// is kept, rebuilt once at the end instead of following every row
	// (outside any writer's transaction: on SQLite it holds the only write
	// lock), and defers a first load's secondary indexes.
	prepareSave := func() error {
		var err error
		if bulk, err = st.SetAsideStats(ctx, a, im.ID, k.table, total); err != nil {
			return err
		}
		if bulk {
			releaseStats = func() error { return st.ReleaseStats(keep, im.ID) }
		}
		if bulk && !opt.AllOrNothing {
			// A first load of members builds the secondary indexes once,
			// after its rows, whatever happens to the import.
			deferred, err := st.DeferIndexes(ctx, k.name)
			if err != nil {
				return err
			}
			if firstLoad = deferred; deferred {
				restoreIndexes = func() error {
					// An index build holds the member tables' writers off
					// like a transaction of the load.
					longest, err := st.RestoreIndexes(context.WithoutCancel(ctx))
					im.LongestWrite = max(im.LongestWrite, longest)
					return err
				}
			}
		}
		return nil
	}
	if opt.DryRun || opt.AllOrNothing {
		if ended, out, err := pass(1, true); ended {
			return out, err
		}
	}
	switch {
	case opt.DryRun:
		im.Message = "试运行：未保存任何数据 / dry run: nothing was saved"
	case opt.AllOrNothing && im.Failed > 0:
		im.Message = "存在错误行，按“全部或全不”规则未保存任何数据 / rows were refused: nothing was saved (all or nothing)"
	default:
		if err := prepareSave(); err != nil {
			return failOr(err)
		}
		if ended, out, err := pass(passes, false); ended {
			return out, err
		}
		if err := finish(true); err != nil {
			return fail(errText(err))
		}
		if !begun.IsZero() && timedTransaction != nil {
			timedTransaction(time.Since(begun))
		}
		if err := restoreIndexes(); err != nil {
			return fail(errText(err))
		}
		if err := releaseStats(); err != nil {
			return fail(errText(err))
		}
		// Rows that moved whole subtrees set their aggregates aside; a
		// load still running holds those it set aside, and rebuilds them
		// when it ends.
		if _, err := st.RefreshStats(ctx); err != nil && ctx.Err() == nil {
			return fail(errText(err))
		} else if err != nil {
			// Every row is saved; the figures are counted from the records
			// until the next rebuild.
			im.Warnings = append(im.Warnings, "统计数据将在下次导入时重建 / the statistics will be rebuilt by the next import")
		}
	}
	if keptCells > maxStoredCellBytes {
		im.Warnings = append(im.Warnings, fmt.Sprintf("错误行的内容超过 %d MiB，报告中此后的错误行只列出行号和原因 / the refused rows' cells exceed %d MiB: the report gives the rest by line and reason only", maxStoredCellBytes>>20, maxStoredCellBytes>>20))
	}
	if im.Failed > maxStoredErrors {
		im.Warnings = append(im.Warnings, fmt.Sprintf("错误行过多，报告只列出前%d条 / too many refused rows: the report lists the first %d", maxStoredErrors, maxStoredErrors))
	}
	im.Status, im.Progress, im.FinishedAt = store.ImportDone, 100, time.Now()
	if err := st.AddImportErrors(keep, im.ID, errs); err != nil {
		return im, err
	}
	if err := st.UpdateImport(keep, im); err != nil {
		return im, err
	}
	report()
	return im, st.Audit(keep, a, action, "import", im.ID, a.Path, summary(im), gonghui.OutcomeSuccess)
}

func summary(im store.Import) string {
	return fmt.Sprintf(`{"kind":%q,"file":%q,"rows":%d,"inserted":%d,"updated":%d,"unchanged":%d,"failed":%d,"dry_run":%t,"all_or_nothing":%t}`,
		im.Kind, im.Filename, im.RowsDone, im.Inserted, im.Updated, im.Unchanged, im.Failed, im.DryRun, im.AllOrNothing)
}

// errText gives an error in both languages when it has them.
func errText(err error) string {
	var te *tabular.Error
	if errors.As(err, &te) {
		return te.Zh + " / " + te.En
	}
	return err.Error()
}

// countRows counts the rows for the progress figure.
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
			var te *tabular.Error
			if !errors.As(err, &te) || te.Line == 0 {
				return n, err
			}
		}
		n++
	}
}

// replay sends batches kept in memory, as prepareAll sends the file's.
func replay[T any](batches [][]prepared[T]) <-chan []prepared[T] {
	out := make(chan []prepared[T], len(batches))
	for _, b := range batches {
		out <- b
	}
	close(out)
	return out
}

// readBatches sends the file's rows in batches, in order, each of at most
// batchRows rows and about maxBatchBytes of text. Cells beyond the header's
// width name no column and are dropped.
func readBatches[T any](ctx context.Context, r tabular.Reader, width int, out chan<- []prepared[T]) error {
	defer close(out)
	batch := make([]prepared[T], 0, batchRows)
	size := 0
	send := func() bool {
		select {
		case out <- batch:
			batch, size = make([]prepared[T], 0, batchRows), 0
			return true
		case <-ctx.Done():
			return false
		}
	}
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
			batch = append(batch, prepared[T]{line: te.Line, err: gonghui.Invalid("row", te.Zh, te.En)})
		case err != nil:
			return err
		default:
			cells := row.Cells
			if len(cells) > width {
				cells = slices.Clone(cells[:width])
			}
			size += rowBytes(cells)
			batch = append(batch, prepared[T]{line: row.Line, cells: cells})
		}
		if (len(batch) == batchRows || size > maxBatchBytes) && !send() {
			return ctx.Err()
		}
	}
	if len(batch) > 0 && !send() {
		return ctx.Err()
	}
	return nil
}

// rowBytes weighs a row's cells in memory.
func rowBytes(cells []string) int {
	n := 0
	for _, c := range cells {
		n += len(c) + 16 // the string header
	}
	return n
}

// prepareAll runs fn over every row on all cores and returns the batches
// in their original order.
func prepareAll[T any](ctx context.Context, in <-chan []prepared[T], fn func(*prepared[T])) <-chan []prepared[T] {
	type job struct {
		rows []prepared[T]
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
	out := make(chan []prepared[T])
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

// rowErrors turns a row's error into report lines, one per bad column, in
// template column order.
func rowErrors(h headerMap, line int, cells []string, err error) []store.ImportRowError {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return []store.ImportRowError{{Line: line, Zh: err.Error(), En: err.Error(), Cells: cells}}
	}
	fields := make([]string, 0, len(v.Fields))
	for f := range v.Fields {
		fields = append(fields, f)
	}
	order := map[string]int{}
	for i, c := range h.cols {
		order[c.field] = i
	}
	sort.Slice(fields, func(i, j int) bool { return order[fields[i]] < order[fields[j]] })
	out := make([]store.ImportRowError, len(fields))
	for i, f := range fields {
		out[i] = store.ImportRowError{Line: line, Field: h.columnFor(f), Zh: v.Fields[f].Zh, En: v.Fields[f].En, Cells: cells}
	}
	return out
}

// addFieldErrors merges a validation error into v; other errors return.
func addFieldErrors(v *gonghui.ValidationError, err error) error {
	var ve *gonghui.ValidationError
	if errors.As(err, &ve) {
		for f, m := range ve.Fields {
			v.Add(f, m.Zh, m.En)
		}
		return nil
	}
	return err
}

// dateCell reads a date column into dst, adding the reason to v when the
// cell cannot be read.
func dateCell(v *gonghui.ValidationError, field, cell string, dst *gonghui.Date) {
	if cell == "" {
		return
	}
	y, m, d, err := tabular.ParseDate(cell)
	if err != nil {
		var te *tabular.Error
		if errors.As(err, &te) {
			v.Add(field, te.Zh, te.En)
		} else {
			v.Add(field, "日期无效", "invalid date")
		}
		return
	}
	*dst = gonghui.NewDate(y, m, d)
}
