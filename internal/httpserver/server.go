// Package httpserver serves gonghui's web UI (server-rendered HTML), its
// JSON API under /api/v1, and the operational endpoints /healthz and
// /metrics. Handlers are thin: they parse input, call the store with the
// caller as actor, and render the result.
package httpserver

import (
	"context"
	"crypto/rand"
	"fmt"
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
	"gonghui/internal/sms"
	"gonghui/internal/store"
	"gonghui/web"
)

// modules are gonghui's modules, in the order of the navigation. A new
// module is one line here; everything else it brings lives in its own
// files (see docs/ARCHITECTURE.md).
func modules() []module {
	return []module{
		homeModule,
		statsModule, reportModule, censusModule,
		orgsModule, unitsModule, employersModule, campaignsModule,
		outreachModule,
		membersModule, importsModule,
		democracyModule,
		workerHomesModule, surveysModule, projectsModule, memberRequestsModule,
		hardshipModule, ledgerModule, programmesModule, rightsModule,
		honoursModule, innovationModule, subsidiesModule, competitionsModule,
		usersModule, auditModule, accountModule,
		portalModule, correctionsModule,
	}
}

// Server holds what the handlers share.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	modules []module
	// flashKey signs the flash messages of this process (flash.go).
	flashKey []byte
	pages    map[string]*template.Template
	openAPI  []byte // the merged OpenAPI document
	limiter  *auth.Backoff
	// sms sends the portal's one-time codes.
	sms     sms.Sender
	workDir string // import work files
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
	LoginLimit      int  // failed logins in a row a client address may make before it backs off (default 10)
	// WorkDir holds the uploaded files of imports while they run (default:
	// WorkDir(st)); it is swept of leftovers when the server starts.
	WorkDir string
	// SMS sends the member portal's one-time codes (default: to the log,
	// for development).
	SMS sms.Sender
}

// New builds a server over st.
func New(st *store.Store, opt Options) (*Server, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.LoginLimit == 0 {
		opt.LoginLimit = 10
	}
	if opt.SMS == nil {
		opt.SMS = &sms.LogSender{Log: opt.Logger}
	}
	if opt.WorkDir == "" {
		opt.WorkDir = WorkDir(st)
	}
	if err := openWorkDir(opt.WorkDir); err != nil {
		return nil, fmt.Errorf("import work directory: %w", err)
	}
	mods := modules()
	pages, err := parsePages(mods)
	if err != nil {
		return nil, err
	}
	doc, err := openAPIDocument(mods)
	if err != nil {
		return nil, err
	}
	s := &Server{
		store:         st,
		log:           opt.Logger,
		modules:       mods,
		flashKey:      randomKey(),
		pages:         pages,
		openAPI:       doc,
		limiter:       auth.NewBackoff(opt.LoginLimit, time.Second, 15*time.Minute),
		sms:           opt.SMS,
		running:       newRunning(),
		workDir:       opt.WorkDir,
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
	computed := prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "gonghui_stat_answers_computed_total", Help: "Figures and charts of subtrees without an aggregate computed from the records, none being kept.",
	}, func() float64 { return float64(st.ResultsComputed()) })
	s.registry.MustRegister(s.requests, s.durations, computed,
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

	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.Handle("POST /logout", s.ui(s.logout))
	mux.HandleFunc("GET /api/v1/openapi.json", s.serveOpenAPI)
	s.register(mux)

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

// randomKey is 32 random bytes, for keys that live as long as the process.
func randomKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}
