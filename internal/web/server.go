// Package web is Tracktwo's HTTP layer: one route table (routes.go), middleware, HTML handlers
// (ui_*.go) and JSON handlers (api_*.go), one error mapping (errors.go), templates parsed once
// (render.go) and the UI translations (locales/). Handlers parse, call a domain service and
// render; they import no gorm and no store.
package web

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/privacy"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/static"
)

// Pinger reports whether the database answers (for /readyz).
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the services the web layer calls.
type Deps struct {
	Config config.Config
	Log    *slog.Logger
	DB     Pinger
	Auth   *auth.Service
	Orgs   *org.Service
	Audit  *audit.Log
	// Screening is the watchlist, search and rules service.
	Screening *screening.Service
	// Dialogues and Participants are issue 3's services; FeedUsers re-checks a calendar feed's
	// owner on every use.
	Dialogues    *dialogue.Service
	Participants *participant.Service
	FeedUsers    dialogue.Users
	// Minutes and Commitments are issue 5's services.
	Minutes     *minutes.Service
	Commitments *commitment.Service
	// Papers is issue 4's position-paper service.
	Papers *paper.Service
	// Privacy answers data subjects' requests (SECURITY.md P3).
	Privacy *privacy.Service
}

// Server is the HTTP application.
type Server struct {
	cfg     config.Config
	log     *slog.Logger
	db      Pinger
	auth    *auth.Service
	orgs    *org.Service
	audit   *audit.Log
	screen  *screening.Service
	dlg     *dialogue.Service
	parts   *participant.Service
	feedUsr dialogue.Users
	minutes *minutes.Service
	commit  *commitment.Service
	papers  *paper.Service
	privacy *privacy.Service
	i18n    *I18n
	pages   *Renderer
	limiter *limiter
	metrics *metrics
	lists   *listCache
	engine  *gin.Engine
	routes  []route
}

// New builds the application: translations and templates are loaded once here.
func New(d Deps) (*Server, error) {
	x, err := LoadI18n()
	if err != nil {
		return nil, err
	}
	r, err := LoadRenderer(x)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: d.Config, log: d.Log, db: d.DB, auth: d.Auth, orgs: d.Orgs, audit: d.Audit, screen: d.Screening, i18n: x, pages: r,
		dlg: d.Dialogues, parts: d.Participants, feedUsr: d.FeedUsers, papers: d.Papers, privacy: d.Privacy, minutes: d.Minutes, commit: d.Commitments,
		limiter: newLimiter(d.Config.Auth.LoginPerMinute, d.Config.Auth.LoginBurst), metrics: newMetrics()}
	s.lists = newListCache(s.metrics.reg)
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(d.Config.TrustedProxies); err != nil {
		return nil, err
	}
	e.ForwardedByClientIP = len(d.Config.TrustedProxies) > 0
	e.Use(securityHeaders(), s.requestContext(), s.recoverPanics(), s.limitBody(), s.crossOrigin())
	e.NoRoute(func(c *gin.Context) { s.fail(c, errNoRoute) })
	e.NoMethod(func(c *gin.Context) {
		problem(c, http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed", "this method is not allowed here")
	})
	staticFS, _ := fs.Sub(static.FS, ".")
	e.StaticFS("/static", http.FS(staticFS))
	e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})))
	s.routes = s.routeTable()
	s.register(e)
	s.engine = e
	return s, nil
}

// Handler returns the http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Engine exposes the gin engine (the route-matrix test enumerates its Routes()).
func (s *Server) Engine() *gin.Engine { return s.engine }

// HTTPServer wraps h with the configured timeouts and header limit (R4).
func HTTPServer(cfg config.Config, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		ReadTimeout:       cfg.HTTP.ReadTimeout,
		WriteTimeout:      cfg.HTTP.WriteTimeout,
		IdleTimeout:       cfg.HTTP.IdleTimeout,
		MaxHeaderBytes:    cfg.HTTP.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		problem(c, http.StatusServiceUnavailable, "not-ready", "Not ready", "the database does not answer")
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
