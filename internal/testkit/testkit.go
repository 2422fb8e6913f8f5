// Package testkit builds what Tracktwo's tests stand on: a fresh real database per test (a SQLite
// file in a temporary directory, and a PostgreSQL schema of its own when
// TRACKTWO_TEST_DATABASE_URL is set), the wired application behind a real httptest server, tenant
// fixtures and an HTTP client. Every backend-dependent test runs once per backend via Each.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/config"
)

// Backend is a database kind the tests run on.
type Backend struct {
	Name string // "sqlite" or "postgres"
	URL  string // the PostgreSQL server URL (postgres only)
}

// Backends lists SQLite and, when TRACKTWO_TEST_DATABASE_URL is set, PostgreSQL. In CI
// (TRACKTWO_CI set) a missing PostgreSQL URL is a failure, not a skip.
func Backends(t testing.TB) []Backend {
	bs := []Backend{{Name: "sqlite"}}
	if u := os.Getenv("TRACKTWO_TEST_DATABASE_URL"); u != "" {
		bs = append(bs, Backend{Name: "postgres", URL: u})
	} else if os.Getenv("TRACKTWO_CI") != "" {
		t.Fatal("TRACKTWO_CI is set but TRACKTWO_TEST_DATABASE_URL is not: CI must run the suite on PostgreSQL too")
	}
	return bs
}

// Each runs fn as a subtest on every backend.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}

// RequireTool skips (or, in CI, fails) when an outside program the test needs is missing.
func RequireTool(t testing.TB, reason string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("TRACKTWO_CI") != "" {
		t.Fatalf("CI must provide %s", reason)
	}
	t.Skipf("skipped: %s is not available on this machine (CI installs it)", reason)
}

func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// DatabaseURL prepares a fresh database for b and returns the URL for config.DatabaseURL
// (sqlite:// path or a postgres URL with its own search_path); cleanup drops it.
func DatabaseURL(t testing.TB, b Backend) string {
	t.Helper()
	if b.Name == "sqlite" {
		return "sqlite://" + filepath.Join(t.TempDir(), "tracktwo.db")
	}
	schema := "t_" + randomName()
	admin, err := gorm.Open(postgres.Open(b.URL), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	sqlDB, _ := admin.DB()
	t.Cleanup(func() {
		_ = admin.Exec("DROP SCHEMA " + schema + " CASCADE").Error
		_ = sqlDB.Close()
	})
	u, err := url.Parse(b.URL)
	if err != nil {
		t.Fatalf("TRACKTWO_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Config returns a test configuration on a fresh database of backend b.
func Config(t testing.TB, b Backend) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = config.Secret(DatabaseURL(t, b))
	cfg.BaseURL = "http://tracktwo.test"
	cfg.CookieSecure = "false"
	cfg.LogLevel = "error"
	cfg.Auth.LoginPerMinute = 6000
	cfg.Auth.LoginBurst = 1000
	return cfg
}

// Logger is a quiet logger for tests (errors only, to the test log when verbose).
func Logger(t testing.TB) *slog.Logger {
	var w io.Writer = io.Discard
	if testing.Verbose() {
		w = os.Stderr
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelError}))
}

// NewApp opens, migrates and wires Tracktwo on cfg; it closes at cleanup.
func NewApp(t testing.TB, cfg config.Config) *app.App {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test config: %v", err)
	}
	log := Logger(t)
	db, err := app.OpenDB(cfg, log)
	if err != nil {
		t.Fatalf("open db: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	a, err := app.Build(context.Background(), cfg, db, log)
	if err != nil {
		t.Fatalf("build app: %v", err)
	}
	return a
}

// SQLitePath returns the file of a sqlite:// database URL.
func SQLitePath(cfg config.Config) string {
	return strings.TrimPrefix(cfg.DatabaseURL.Value(), "sqlite://")
}

// Fatalf is a helper for fixtures that fail the test with context.
func Fatalf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s", fmt.Sprintf(format, args...))
}

// RawDB opens a separate connection to the application's database, for tests that must reach
// under the application (tampering with the audit log, checking stored hashes).
func RawDB(t testing.TB, cfg config.Config) *gorm.DB {
	t.Helper()
	var d gorm.Dialector
	if cfg.Postgres() {
		d = postgres.Open(cfg.DatabaseURL.Value())
	} else {
		d = sqlite.Open("file:" + SQLitePath(cfg) + "?_busy_timeout=10000")
	}
	db, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("raw db: %v", err)
	}
	sqlDB, _ := db.DB()
	t.Cleanup(func() { _ = sqlDB.Close() })
	return db
}
