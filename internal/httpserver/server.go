// Package httpserver serves gonghui's web UI (server-rendered HTML), its
// JSON API under /api/v1, and the operational endpoints /healthz and
// /metrics. Handlers are thin: they parse input, call the store with the
// caller as actor, and render the result.
package httpserver

import (
	"context"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"gonghui"
	"gonghui/internal/auth"
	"gonghui/internal/store"
	"gonghui/web"
)

// Server holds what the handlers share.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	pages   map[string]*template.Template
	limiter *auth.Limiter
	// SecureCookies marks cookies Secure (on by default; browsers accept
	// Secure cookies from http://localhost too).
	secureCookies bool
	running       running
	registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	durations     *prometheus.HistogramVec
}

// Options configure a Server.
type Options struct {
	Logger          *slog.Logger
	InsecureCookies bool // only for plain-HTTP deployments behind nothing
	LoginLimit      int  // login attempts per client address per minute (default 10)
}

// New builds a server over st.
func New(st *store.Store, opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.LoginLimit == 0 {
		opt.LoginLimit = 10
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{
		store:         st,
		log:           opt.Logger,
		pages:         pages,
		limiter:       auth.NewLimiter(opt.LoginLimit, time.Minute),
		running:       newRunning(),
		secureCookies: !opt.InsecureCookies,
		registry:      prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gonghui_http_requests_total", Help: "HTTP requests by route pattern and status class.",
		}, []string{"route", "code"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "gonghui_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	s.registry.MustRegister(s.requests, s.durations,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(st.DB(), string(st.Engine())))
	return s, nil
}

// Handler returns the whole HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(web.Static, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.metricsAuth(promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})))
	mux.HandleFunc("GET /lang/{lang}", s.switchLang)

	// UI
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.Handle("POST /logout", s.ui(s.logout))
	mux.Handle("GET /{$}", s.ui(s.home))
	mux.Handle("GET /orgs", s.ui(s.orgSearch))
	mux.Handle("GET /orgs/new", s.ui(s.orgNewForm))
	mux.Handle("POST /orgs/new", s.ui(s.orgCreate))
	mux.Handle("GET /orgs/{id}", s.ui(s.orgShow))
	mux.Handle("GET /orgs/{id}/edit", s.ui(s.orgEditForm))
	mux.Handle("POST /orgs/{id}/edit", s.ui(s.orgUpdate))
	mux.Handle("POST /orgs/{id}/move", s.ui(s.orgMove))
	mux.Handle("POST /orgs/{id}/dissolve", s.ui(s.orgDissolve))
	mux.Handle("POST /orgs/{id}/merge", s.ui(s.orgMerge))
	mux.Handle("GET /orgs.csv", s.ui(s.orgExport))
	mux.Handle("GET /units", s.ui(s.unitList))
	mux.Handle("GET /units.csv", s.ui(s.unitExport))
	mux.Handle("GET /units/new", s.ui(s.unitNewForm))
	mux.Handle("POST /units/new", s.ui(s.unitCreate))
	mux.Handle("GET /units/{id}", s.ui(s.unitShow))
	mux.Handle("GET /units/{id}/edit", s.ui(s.unitEditForm))
	mux.Handle("POST /units/{id}/edit", s.ui(s.unitUpdate))
	mux.Handle("GET /users", s.ui(s.userList))
	mux.Handle("GET /users/new", s.ui(s.userNewForm))
	mux.Handle("POST /users/new", s.ui(s.userCreate))
	mux.Handle("GET /users/{id}/edit", s.ui(s.userEditForm))
	mux.Handle("POST /users/{id}/edit", s.ui(s.userUpdate))
	mux.Handle("POST /users/{id}/tokens/{token}/revoke", s.ui(s.tokenRevoke))
	mux.Handle("GET /audit", s.ui(s.auditList))
	mux.Handle("GET /members", s.ui(s.memberList))
	mux.Handle("GET /members/new", s.ui(s.memberNewForm))
	mux.Handle("POST /members/new", s.ui(s.memberCreate))
	mux.Handle("GET /members/quality", s.ui(s.memberQuality))
	mux.Handle("GET /templates/{file}", s.ui(s.importTemplate))
	mux.Handle("GET /members.csv", s.ui(s.memberExport))
	mux.Handle("GET /members.xlsx", s.ui(s.memberExport))
	mux.Handle("GET /members/{id}", s.ui(s.memberShow))
	mux.Handle("POST /members/{id}/reveal", s.ui(s.memberReveal))
	mux.Handle("GET /members/{id}/edit", s.ui(s.memberEditForm))
	mux.Handle("POST /members/{id}/edit", s.ui(s.memberUpdate))
	mux.Handle("POST /members/{id}/end", s.ui(s.memberEnd))
	mux.Handle("POST /members/{id}/card", s.ui(s.memberCard))
	mux.Handle("POST /members/{id}/transfer", s.ui(s.memberTransfer))
	mux.Handle("GET /transfers", s.ui(s.transferList))
	mux.Handle("POST /transfers/{id}/decide", s.ui(s.transferDecide))
	mux.Handle("GET /dashboard", s.ui(s.dashboard))
	mux.Handle("GET /dashboard.xlsx", s.ui(s.dashboardExport))
	mux.Handle("GET /report", s.ui(s.reportPage))
	for _, f := range []string{"html", "json", "xlsx", "pdf"} {
		mux.Handle("GET /report."+f, s.ui(s.reportDownload(f)))
	}
	mux.Handle("GET /census", s.ui(s.censusList))
	mux.Handle("POST /census/open", s.ui(s.censusOpen))
	mux.Handle("GET /census/{id}", s.ui(s.censusShow))
	mux.Handle("GET /census/{id}/return.xlsx", s.ui(s.censusExport))
	for _, act := range []gonghui.CensusAction{gonghui.CensusSave, gonghui.CensusSubmit, gonghui.CensusApprove, gonghui.CensusSendBack, gonghui.CensusCorrect} {
		mux.Handle("POST /census/{id}/"+string(act), s.ui(s.censusAction(act)))
	}
	mux.Handle("GET /democracy", s.ui(s.democracy))
	mux.Handle("GET /democracy/rates/{key}", s.ui(s.rateUnits))
	mux.Handle("GET /democracy/rates/{key}/edit", s.ui(s.rateEditForm))
	mux.Handle("POST /democracy/rates/{key}/edit", s.ui(s.rateSave))
	mux.Handle("GET /democracy/topics", s.ui(s.topicsForm))
	mux.Handle("POST /democracy/topics", s.ui(s.topicsSave))
	mux.Handle("GET /contracts", s.ui(s.contractList))
	mux.Handle("GET /contracts/new", s.ui(s.contractNewForm))
	mux.Handle("POST /contracts/new", s.ui(s.contractCreate))
	mux.Handle("GET /contracts/{id}", s.ui(s.contractShow))
	mux.Handle("GET /contracts/{id}/edit", s.ui(s.contractEditForm))
	mux.Handle("POST /contracts/{id}/edit", s.ui(s.contractUpdate))
	mux.Handle("POST /contracts/{id}/step", s.ui(s.contractStep))
	mux.Handle("GET /congresses", s.ui(s.congressList))
	mux.Handle("GET /congresses/new", s.ui(s.congressNewForm))
	mux.Handle("POST /congresses/new", s.ui(s.congressCreate))
	mux.Handle("GET /congresses/{id}", s.ui(s.congressShow))
	mux.Handle("GET /congresses/{id}/edit", s.ui(s.congressEditForm))
	mux.Handle("POST /congresses/{id}/edit", s.ui(s.congressUpdate))
	mux.Handle("POST /congresses/{id}/sittings", s.ui(s.congressSitting))
	mux.Handle("POST /congresses/{id}/dissolve", s.ui(s.congressDissolve))
	mux.Handle("GET /disclosures", s.ui(s.disclosureList))
	mux.Handle("POST /disclosures/new", s.ui(s.disclosureCreate))
	mux.Handle("GET /disclosures/{id}", s.ui(s.disclosureShow))
	mux.Handle("POST /disclosures/{id}/records", s.ui(s.disclosureRecord))
	mux.Handle("POST /disclosures/{id}/end", s.ui(s.disclosureEnd))
	mux.Handle("GET /directors", s.ui(s.directorList))
	mux.Handle("POST /directors/new", s.ui(s.directorCreate))
	mux.Handle("POST /directors/{id}/end", s.ui(s.directorEndAction))
	mux.Handle("GET /imports", s.ui(s.importForm))
	mux.Handle("POST /imports", s.ui(s.importCreate))
	mux.Handle("GET /imports/{id}", s.ui(s.importShow))
	mux.Handle("GET /imports/{id}/errors.xlsx", s.ui(s.importErrorReport))

	s.apiRoutes(mux)

	csrf := http.NewCrossOriginProtection()
	return s.observe(mux, securityHeaders(csrf.Handler(mux)))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.DB().PingContext(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// statusRecorder captures the status code for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe logs each request and records metrics by route pattern (never by
// raw path, to keep label cardinality bounded); it also turns panics into 500s.
func (s *Server) observe(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", p)
				http.Error(rec, "internal error", http.StatusInternalServerError)
			}
			_, pattern := mux.Handler(r)
			if pattern == "" {
				pattern = "unmatched"
			}
			d := time.Since(start)
			s.requests.WithLabelValues(pattern, statusClass(rec.code)).Inc()
			s.durations.WithLabelValues(pattern).Observe(d.Seconds())
			if r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
				s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.code, "duration_ms", d.Milliseconds(), "client", clientAddr(r))
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

func statusClass(code int) string {
	return string(rune('0'+code/100)) + "xx"
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the peer address of the request (without the port). Proxy
// headers are not trusted: a deployment behind a proxy sets it up there.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// actorKey carries the authenticated user in the request context.
type actorKey struct{}

func withUser(ctx context.Context, u gonghui.User) context.Context {
	return context.WithValue(ctx, actorKey{}, u)
}

func userFrom(ctx context.Context) (gonghui.User, bool) {
	u, ok := ctx.Value(actorKey{}).(gonghui.User)
	return u, ok
}

func actorFrom(r *http.Request) gonghui.Actor {
	u, _ := userFrom(r.Context())
	return store.ActorFor(u, clientAddr(r))
}
