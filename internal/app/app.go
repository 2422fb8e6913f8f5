// Package app wires Tracktwo together: it opens the store, builds the domain services on it and
// the web server on them. The command line and the tests both start from here.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	holidaydata "github.com/tracktwo/tracktwo/configs/holidays"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/files"
	"github.com/tracktwo/tracktwo/internal/holidays"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/minutes/export"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/privacy"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
	"github.com/tracktwo/tracktwo/internal/store"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/web"

	rulefiles "github.com/tracktwo/tracktwo/configs/rules"
)

// App is a wired Tracktwo.
type App struct {
	Config config.Config
	Log    *slog.Logger
	DB     *store.DB
	Audit  *audit.Log
	Auth   *auth.Service
	Orgs   *org.Service
	// Dialogues holds dialogues, sessions, attendance and calendar feeds.
	Dialogues *dialogue.Service
	// Participants holds each organization's participant registry.
	Participants *participant.Service
	// Minutes and Commitments are issue 5's services.
	Minutes     *minutes.Service
	Commitments *commitment.Service
	// Papers holds position papers; Files is their file store (<data_dir>/files).
	Papers *paper.Service
	Files  *files.LocalStore
	// Screening holds the watchlists, their name index and the restriction rules.
	Screening *screening.Service
	Web       *web.Server
}

// LoadRules loads the restriction rules from cfg.RulesDir, or the rules built into the binary
// when it is empty. A bad file is an error naming the file, line and reason.
func LoadRules(cfg config.Config) (*rules.RuleSet, error) {
	if cfg.RulesDir != "" {
		rs, err := rules.Load(cfg.RulesDir)
		if err != nil {
			return nil, fmt.Errorf("rules (%s): %w", cfg.RulesDir, err)
		}
		return rs, nil
	}
	rs, err := rules.LoadFS(rulefiles.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("built-in rules: %w", err)
	}
	return rs, nil
}

// WatchRules reloads the restriction rules from rules_dir when its files change (every
// rules_reload_interval) or hup delivers (SIGHUP), until ctx ends. With the built-in rules there
// is nothing to reload: a SIGHUP is logged as such.
func (a *App) WatchRules(ctx context.Context, hup <-chan os.Signal) {
	if a.Config.RulesDir == "" {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				a.Log.Warn("SIGHUP: the rules are the ones built into the binary; set rules_dir to reload rules without a restart")
			}
		}
	}
	a.Screening.WatchRules(ctx, screening.DirRules(a.Config.RulesDir), a.Config.RulesReloadInterval, hup)
}

// NewLogger builds the structured logger the configuration asks for.
func NewLogger(cfg config.Config) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

// OpenDB opens the configured database.
func OpenDB(cfg config.Config, log *slog.Logger) (*store.DB, error) {
	o := store.Options{SQLitePath: cfg.SQLitePath(), Readers: cfg.SQLiteReaders, Logger: log}
	if cfg.Postgres() {
		o.PostgresURL = cfg.DatabaseURL.Value()
	}
	return store.Open(o)
}

// Build wires the services and the web server on an open, migrated database.
func Build(ctx context.Context, cfg config.Config, db *store.DB, log *slog.Logger) (*App, error) {
	now := store.Now
	al := audit.New(store.NewAudit(db), now, id.New, log)
	accounts := store.NewAccounts(db)
	keys, err := auth.NewKeyring(ctx, accounts, now, cfg.Auth.KeyOverlap)
	if err != nil {
		return nil, err
	}
	authSvc := auth.NewService(auth.Config{
		Issuer: cfg.Auth.Issuer, Audience: cfg.Auth.Audience, AccessTTL: cfg.Auth.AccessTTL,
		RefreshTTL: cfg.Auth.RefreshTTL, InvitationTTL: cfg.Auth.InvitationTTL,
		MinPasswordLength: cfg.Auth.MinPasswordLength, BaseURL: cfg.BaseURL,
	}, accounts, db, keys, al, now, id.New)
	orgSvc := org.NewService(store.NewOrgs(db), al, now, id.New)
	rs, err := LoadRules(cfg)
	if err != nil {
		return nil, err
	}
	scr := screening.NewService(screening.Config{Rules: rs, StorageCountry: cfg.StorageCountry}, store.NewScreening(db), db, al, now, id.New, log)
	if err := scr.Load(ctx); err != nil {
		return nil, fmt.Errorf("screening index: %w", err)
	}
	cals, err := holidays.LoadFS(holidaydata.FS)
	if err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	partSvc := participant.NewService(store.NewParticipants(db), db, al, now, id.New)
	dstore := store.NewDialogues(db)
	dlgSvc := dialogue.NewService(dialogue.Config{BaseURL: cfg.BaseURL}, dstore, db, al, dstore, partSvc, cals, now, id.New)
	bridge := sessionBridge{d: dlgSvc}
	minSvc := minutes.NewService(store.NewMinutes(db), bridge, db, al, export.Exporter{}, now, id.New)
	comSvc := commitment.NewService(store.NewCommitments(db), bridge, minutesBridge{minSvc}, db, al, commitment.SystemClock{}, id.New)
	fileStore, err := files.NewLocalStore(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	if n, err := fileStore.Sweep(ctx, time.Hour); err != nil {
		log.Warn("files: sweeping temporary files failed", "err", err)
	} else if n > 0 {
		log.Info("files: removed abandoned temporary files", "count", n)
	}
	paperSvc := paper.NewService(store.NewPapers(db), db, al, fileStore,
		paper.Limits{MaxBytes: cfg.Limits.UploadMaxBytes, OrgQuotaBytes: cfg.Limits.OrgQuotaBytes}, now, id.New)
	scr.UseFlags(store.NewScreening(db), sessionGate{dlgSvc}, participantGate{partSvc})
	// Flags are recomputed when their inputs change (reads only show what is stored).
	orgSvc.Observe(scr)
	partSvc.Observe(scr)
	dlgSvc.Observe(scr)
	srv, err := web.New(web.Deps{Config: cfg, Log: log, DB: db, Auth: authSvc, Orgs: orgSvc, Audit: al,
		Dialogues: dlgSvc, Participants: partSvc, FeedUsers: dstore, Papers: paperSvc, Screening: scr,
		Minutes: minSvc, Commitments: comSvc, Privacy: privacy.NewService(store.NewPrivacy(db), fileStore, al)})
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return &App{Config: cfg, Log: log, DB: db, Audit: al, Auth: authSvc, Orgs: orgSvc, Dialogues: dlgSvc,
		Participants: partSvc, Papers: paperSvc, Files: fileStore, Screening: scr, Minutes: minSvc,
		Commitments: comSvc, Web: srv}, nil
}

// sessionGate lets screening check session access through the dialogue service's rule.
type sessionGate struct{ d *dialogue.Service }

func (g sessionGate) CanSeeSession(ctx context.Context, sc tenant.Scope, id string) error {
	_, err := g.d.SessionAccess(ctx, sc, id)
	return err
}

// participantGate lets screening check that a participant is in the caller's registry.
type participantGate struct{ p *participant.Service }

func (g participantGate) CanSeeParticipant(ctx context.Context, sc tenant.Scope, id string) error {
	_, err := g.p.Get(ctx, sc, id)
	return err
}
