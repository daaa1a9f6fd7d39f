package httpserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gonghui"
	"gonghui/internal/i18n"
	"gonghui/internal/importer"
	"gonghui/internal/store"
)

// maxUpload bounds an uploaded import file (a city district's members in
// CSV are about 100 MB).
const maxUpload = 512 << 20

// running keeps the live state of imports in progress: the database gets
// the final state only, as SQLite has one writer and it is busy importing.
type running struct {
	mu      sync.Mutex
	imports map[int64]store.Import
	wg      sync.WaitGroup
	// ctx is the imports' context, cancelled by Shutdown; closing refuses
	// new imports once Shutdown began.
	ctx     context.Context
	cancel  context.CancelFunc
	closing bool
}

func newRunning() running {
	ctx, cancel := context.WithCancel(context.Background())
	return running{imports: map[int64]store.Import{}, ctx: ctx, cancel: cancel}
}

// add counts an import about to run, unless the server is shutting down.
func (rn *running) add() bool {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if rn.closing {
		return false
	}
	rn.wg.Add(1)
	return true
}

func (rn *running) set(im store.Import) {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if im.Status == store.ImportRunning {
		rn.imports[im.ID] = im
	} else {
		delete(rn.imports, im.ID)
	}
}

func (rn *running) get(id int64) (store.Import, bool) {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	im, ok := rn.imports[id]
	return im, ok
}

// Wait blocks until imports in progress have finished.
func (s *Server) Wait() { s.running.wg.Wait() }

// interruptGrace is how long Shutdown waits for cancelled imports to stop:
// they stop between two batches of rows and record their state.
const interruptGrace = 10 * time.Second

// Shutdown refuses new imports and lets those in progress run until ctx
// ends; then it cancels them and waits for them to end interrupted, at
// most interruptGrace more. Call it after http.Server.Shutdown, before
// closing the store. An import that outlives the grace is marked
// interrupted at the next start.
func (s *Server) Shutdown(ctx context.Context) error {
	s.running.mu.Lock()
	s.running.closing = true
	s.running.mu.Unlock()
	done := make(chan struct{})
	go func() { s.running.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	s.running.mu.Lock()
	n := len(s.running.imports)
	s.running.mu.Unlock()
	s.log.Warn("interrupting imports in progress", "imports", n)
	s.running.cancel()
	select {
	case <-done:
		return nil
	case <-time.After(interruptGrace):
		return fmt.Errorf("%d import(s) still running %s after being interrupted", n, interruptGrace)
	}
}

// importRequest is an upload read from a multipart form.
type importRequest struct {
	job      importer.Job
	path     string
	filename string
	opt      importer.Options
	form     url.Values // the form's other fields, to show it again
}

// Bounds of the form fields beside the file.
const (
	maxFieldBytes = 64 << 10
	maxFields     = 32
)

// readImportUpload checks the permission, then streams the uploaded file
// straight into a work file (see workFile) and reads the options; errors
// name the form field. Nothing is read before the permission is checked,
// and nothing spills to $TMPDIR as ParseMultipartForm would: a refused or
// broken upload removes its work file before it answers.
func (s *Server) readImportUpload(r *http.Request, a gonghui.Actor) (req importRequest, err error) {
	if !a.Can(gonghui.PermEditMembers) {
		return req, gonghui.ErrForbidden
	}
	defer func() {
		if err != nil && req.path != "" {
			os.Remove(req.path)
			req.path = ""
		}
	}()
	r.Body = http.MaxBytesReader(nil, r.Body, maxUpload)
	unreadable := gonghui.Invalid("file", "请选择不超过512MB的文件", "choose a file of at most 512 MB")
	mr, err := r.MultipartReader()
	if err != nil {
		return req, unreadable
	}
	req.form = url.Values{}
	for fields := 0; ; fields++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return req, tooLarge
		}
		if err != nil || fields > maxFields {
			return req, unreadable
		}
		switch name := part.FormName(); {
		case name == "file" && part.FileName() != "" && req.path == "":
			req.filename = filepath.Base(part.FileName())
			req.path, err = s.saveWork(part, filepath.Ext(req.filename))
		case name != "" && part.FileName() == "":
			var b []byte
			if b, err = io.ReadAll(io.LimitReader(part, maxFieldBytes+1)); err == nil && len(b) > maxFieldBytes {
				err = unreadable
			}
			req.form.Add(name, string(b))
		}
		part.Close()
		if errors.As(err, &tooLarge) {
			return req, tooLarge
		}
		if err != nil {
			return req, unreadable
		}
	}
	kind := req.form.Get("kind")
	if kind == "" {
		kind = "members"
	}
	if req.job = importer.Jobs[kind]; req.job == nil {
		return req, gonghui.Invalid("kind", "请选择导入的数据类型", "choose what the file holds")
	}
	if req.path == "" {
		return req, gonghui.Invalid("file", "请选择要导入的文件", "choose a file to import")
	}
	req.opt.DryRun = formBool(req.form.Get("dry_run"))
	req.opt.AllOrNothing = formBool(req.form.Get("all_or_nothing"))
	if code := strings.TrimSpace(req.form.Get("org_code")); code != "" {
		o, err := s.store.ResolveOrgRef(r.Context(), a, code)
		if err != nil {
			return req, gonghui.Invalid("org_code", "找不到该代码的工会", "no union with this code in your scope")
		}
		req.opt.DefaultOrg = o.ID
	}
	return req, nil
}

func formBool(v string) bool { return v == "on" || v == "1" || v == "true" }

// workPrefix begins the name of every import work file, so that the sweep
// at start removes them and nothing else.
const workPrefix = "import-"

// saveWork spools an upload to a new work file in the server's work
// directory (mode 0600, beside the database): the import removes it when
// it ends, however it ends, and the next start sweeps what a killed
// process left, so a re-run is a new upload.
func (s *Server) saveWork(src io.Reader, ext string) (string, error) {
	f, err := os.CreateTemp(s.workDir, workPrefix+"*"+ext)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// WorkDir is where a server over st keeps import work files when none is
// configured: a directory beside a SQLite database, for PostgreSQL one
// in $TMPDIR.
func WorkDir(st *store.Store) string {
	if st.Path != "" {
		return filepath.Join(filepath.Dir(st.Path), filepath.Base(st.Path)+".imports")
	}
	return filepath.Join(os.TempDir(), "gonghui-imports")
}

// openWorkDir makes the work directory (mode 0700) and removes the work
// files a stopped process left in it: one server works on a database.
func openWorkDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	left, err := filepath.Glob(filepath.Join(dir, workPrefix+"*"))
	for _, f := range left {
		os.Remove(f)
	}
	return err
}

// errShuttingDown refuses an upload that arrives while the server stops.
var errShuttingDown = gonghui.Invalid("file", "服务正在停止，请稍后重新上传", "gonghui is shutting down: upload the file again in a minute")

// startImport records the import and runs it in the background, on the
// server's imports' context. It owns the uploaded file from here on.
func (s *Server) startImport(ctx context.Context, a gonghui.Actor, req importRequest) (store.Import, error) {
	if !a.Can(gonghui.PermEditMembers) {
		os.Remove(req.path)
		return store.Import{}, gonghui.ErrForbidden
	}
	if !s.running.add() {
		os.Remove(req.path)
		return store.Import{}, errShuttingDown
	}
	im, err := s.store.CreateImport(ctx, a, req.job.Name(), req.filename, req.opt.DryRun, req.opt.AllOrNothing)
	if err != nil {
		s.running.wg.Done()
		os.Remove(req.path)
		return im, err
	}
	s.running.set(im)
	req.opt.Progress = s.running.set
	go s.runImport(a, req, im)
	return im, nil
}

// runImport runs a recorded import to its end; a failure or a panic ends
// it failed, and its file goes whatever happens.
func (s *Server) runImport(a gonghui.Actor, req importRequest, im store.Import) {
	defer s.running.wg.Done()
	defer os.Remove(req.path)
	final := im
	var err error
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
		if err != nil {
			s.log.Error("import", "id", im.ID, "err", err)
			final.Status, final.Message, final.FinishedAt = store.ImportFailed, "导入出错 / the import failed: "+err.Error(), time.Now()
			if uerr := s.store.UpdateImport(context.Background(), final); uerr != nil {
				s.log.Error("import", "id", im.ID, "err", uerr)
			}
		}
		s.running.set(final)
	}()
	final, err = importer.Run(s.running.ctx, s.store, a, req.job, req.path, im, req.opt)
}

// getImport returns the live state of an import in scope.
func (s *Server) getImport(ctx context.Context, a gonghui.Actor, id int64) (store.Import, error) {
	im, err := s.store.GetImport(ctx, a, id)
	if err != nil {
		return im, err
	}
	if live, ok := s.running.get(id); ok {
		return live, nil
	}
	return im, nil
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	recent, err := s.store.ListImports(r.Context(), a, gonghui.Page{Limit: 20})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "imports/form", page{Title: i18n.T(i18n.FromRequest(r), "member.import"), Form: r.URL.Query(), Data: recent})
	return nil
}

func (s *Server) importCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	req, err := s.readImportUpload(r, a)
	if err == nil {
		var im store.Import
		if im, err = s.startImport(context.WithoutCancel(r.Context()), a, req); err == nil {
			http.Redirect(w, r, "/imports/"+itoa(im.ID), http.StatusSeeOther)
			return nil
		}
	}
	if errs := fieldErrors(err, lang); errs != nil {
		recent, _ := s.store.ListImports(r.Context(), a, gonghui.Page{Limit: 20})
		s.renderForm(w, r, "imports/form", page{Title: i18n.T(lang, "member.import"), Errors: errs, Form: req.form, Data: recent})
		return nil
	}
	return err
}

type importView struct {
	Import store.Import
	Errors []store.ImportRowError
	// Expired: the refused rows were deleted after the retention period.
	Expired bool
}

func (s *Server) importShow(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	im, err := s.getImport(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := importView{Import: im}
	if im.Status != store.ImportRunning && im.Failed > 0 {
		if v.Errors, err = s.store.ImportErrors(r.Context(), a, id); err != nil {
			return err
		}
		if len(v.Errors) > 200 {
			v.Errors = v.Errors[:200]
		}
		if len(v.Errors) == 0 {
			if v.Expired, err = s.store.ErrorsExpired(r.Context(), im); err != nil {
				return err
			}
		}
	}
	s.render(w, r, http.StatusOK, "imports/show", page{Title: i18n.T(i18n.FromRequest(r), "import.status"), Data: v})
	return nil
}

// importErrorReport serves the refused rows of an import as XLSX: personal
// data masked unless the reader may reveal it, every download audited
// before its first byte.
func (s *Server) importErrorReport(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	im, errs, err := s.importReport(r.Context(), a, id)
	if err != nil {
		return err
	}
	reveal := a.Can(gonghui.PermRevealMembers)
	if !reveal {
		importer.MaskErrorCells(im, errs)
	}
	ex, err := s.store.StartExport(r.Context(), a, "import_errors", id, a.Path, map[string]any{"format": "xlsx", "revealed": reveal})
	if err != nil {
		return err
	}
	d := newDownload(w, xlsxType, "import-"+itoa(id)+"-errors.xlsx")
	err = importer.WriteErrorReport(d, im, errs)
	if aerr := ex.End(len(errs), err); err == nil {
		err = aerr
	}
	return s.finish(d, "import_errors", err)
}

// importReport loads a finished import and its refused rows.
func (s *Server) importReport(ctx context.Context, a gonghui.Actor, id int64) (store.Import, []store.ImportRowError, error) {
	im, err := s.getImport(ctx, a, id)
	if err != nil {
		return im, nil, err
	}
	if im.Status == store.ImportRunning {
		return im, nil, gonghui.Invalid("status", "导入尚未完成", "the import is still running")
	}
	errs, err := s.store.ImportErrors(ctx, a, id)
	return im, errs, err
}

// maxTemplateUnions caps the unions a template's drop-down offers: past
// it a list is no help, and the column takes a typed code.
const maxTemplateUnions = 500

// importTemplate serves /templates/{kind}.xlsx, made for the user: its
// union column offers the active unions of the user's scope.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	job := importer.Jobs[strings.TrimSuffix(r.PathValue("file"), ".xlsx")]
	if job == nil || !strings.HasSuffix(r.PathValue("file"), ".xlsx") {
		return gonghui.ErrNotFound
	}
	orgs, total, err := s.store.ListOrgs(r.Context(), actorFrom(r), gonghui.OrgFilter{Status: gonghui.OrgActive, Page: gonghui.Page{Limit: maxTemplateUnions}})
	if err != nil {
		return err
	}
	var unions []string
	if total <= maxTemplateUnions {
		for _, o := range orgs {
			unions = append(unions, importer.UnionChoice(o.Code, o.Name))
		}
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+job.Name()+`-template.xlsx"`)
	if err := job.WriteTemplate(w, unions); err != nil {
		s.log.Error("template", "err", err)
	}
	return nil
}
