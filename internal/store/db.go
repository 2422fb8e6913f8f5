// Package store implements the domain packages' Store interfaces with gorm, on SQLite (the
// embedded default) or PostgreSQL. Every method on tenant-owned data takes the tenant scope first
// and puts it in its WHERE clause; there is no unscoped getter for tenant data.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/tracktwo/tracktwo/migrations"
)

// Dialect names the database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options selects and tunes the database.
type Options struct {
	// PostgresURL selects PostgreSQL when non-empty.
	PostgresURL string
	// SQLitePath is the database file used otherwise.
	SQLitePath string
	// Readers is the size of the SQLite reader pool.
	Readers int
	// Logger receives slow-query and error logs; nil is silent.
	Logger *slog.Logger
}

// DB is the application's database: one writer and a reader pool on SQLite (WAL, immediate
// transactions), one pool for both on PostgreSQL.
type DB struct {
	dialect Dialect
	w       *gorm.DB
	r       *gorm.DB
	closers []*sql.DB
	path    string
	queries *queryCounter
}

// Now is the clock every store uses for timestamps: UTC, microsecond precision (PostgreSQL's).
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Open opens (creating the file when needed) the database described by o.
func Open(o Options) (*DB, error) {
	qc := &queryCounter{}
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                Now,
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		TranslateError:         true,
	}
	if o.PostgresURL != "" {
		db, err := gorm.Open(postgres.Open(o.PostgresURL), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, err := db.DB()
		if err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		if err := sqlDB.Ping(); err != nil {
			return nil, fmt.Errorf("connect postgres: %w", err)
		}
		d := &DB{dialect: Postgres, w: db, r: db, closers: []*sql.DB{sqlDB}, queries: qc}
		qc.install(db)
		return d, nil
	}
	if o.SQLitePath == "" {
		return nil, errors.New("store: no database configured")
	}
	if dir := filepath.Dir(o.SQLitePath); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	if o.Readers < 1 {
		o.Readers = 4
	}
	base := "file:" + (&url.URL{Path: o.SQLitePath}).EscapedPath() +
		"?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=on&_synchronous=NORMAL"
	w, err := gorm.Open(sqlite.Open(base+"&_txlock=immediate"), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := wdb.Ping(); err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", o.SQLitePath, err)
	}
	r, err := gorm.Open(sqlite.Open(base+"&_query_only=true"), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	rdb, err := r.DB()
	if err != nil {
		return nil, err
	}
	rdb.SetMaxOpenConns(o.Readers)
	rdb.SetMaxIdleConns(o.Readers)
	d := &DB{dialect: SQLite, w: w, r: r, closers: []*sql.DB{wdb, rdb}, path: o.SQLitePath, queries: qc}
	qc.install(w)
	qc.install(r)
	return d, nil
}

// Dialect reports which database this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// Close closes every pool.
func (d *DB) Close() error {
	var errs []error
	for _, c := range d.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers (for /readyz).
func (d *DB) Ping(ctx context.Context) error {
	for _, c := range d.closers {
		if err := c.PingContext(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Queries returns how many SQL statements have run since the DB was opened (for tests and
// benchmarks that check a page's query count stays constant).
func (d *DB) Queries() int64 { return d.queries.n.Load() }

type txKey struct{}

// InTx runs fn in one write transaction (immediate on SQLite). Store methods called with the ctx
// fn receives use that transaction; an error or panic rolls it back. Nested calls reuse the outer
// transaction. Do no network or file I/O inside fn.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	return d.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		moved := &movedRevisions{}
		if err := fn(context.WithValue(context.WithValue(ctx, txKey{}, tx), movedKey{}, moved)); err != nil {
			return err
		}
		return moved.apply(tx)
	})
}

// write returns the connection for writes: the caller's transaction, or the writer.
func (d *DB) write(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return d.w.WithContext(ctx)
}

// read returns the connection for reads: the caller's transaction (to see its own writes), or a
// reader.
func (d *DB) read(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return d.r.WithContext(ctx)
}

// Migrate applies every pending migration and returns what it applied.
func (d *DB) Migrate(ctx context.Context) ([]string, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	var applied []string
	for _, r := range res {
		applied = append(applied, r.Source.Path)
	}
	if err != nil {
		return applied, fmt.Errorf("migrate: %w", err)
	}
	for _, a := range applied {
		if strings.HasPrefix(filepath.Base(a), "00007_") { // the search terms of existing participants
			if _, err := d.RebuildParticipantTerms(ctx); err != nil {
				return applied, err
			}
		}
	}
	return applied, nil
}

// MigrationStatus describes one migration.
type MigrationStatus struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// MigrationStatuses lists every known migration and whether it is applied.
func (d *DB) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{Version: s.Source.Version, Name: filepath.Base(s.Source.Path),
			Applied: s.State == goose.StateApplied, AppliedAt: s.AppliedAt})
	}
	return out, nil
}

func (d *DB) provider() (*goose.Provider, error) {
	sqlDB, err := d.w.DB()
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if d.dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	// Out-of-order application: migrations are append-only and independent, and areas developed in
	// parallel may land a lower number after a higher one was applied somewhere.
	return goose.NewProvider(dialect, sqlDB, migrations.FS, goose.WithAllowOutofOrder(true))
}

// Backup writes an online, consistent snapshot of the SQLite database to dest (VACUUM INTO). It
// runs on a reader connection, so writers continue during the copy.
func (d *DB) Backup(ctx context.Context, dest string) error {
	if d.dialect != SQLite {
		return errors.New("backup: on PostgreSQL use pg_dump (see README, Backups)")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return err
	}
	// VACUUM INTO needs a connection that may write the new file; the writer is the one that can,
	// and SQLite lets readers and the WAL writer go on meanwhile.
	return d.w.WithContext(ctx).Exec("VACUUM INTO ?", dest).Error
}

// IntegrityCheck runs PRAGMA integrity_check on SQLite and returns its verdict ("ok").
func (d *DB) IntegrityCheck(ctx context.Context) (string, error) {
	if d.dialect != SQLite {
		return "ok", nil
	}
	var res string
	err := d.r.WithContext(ctx).Raw("PRAGMA integrity_check").Row().Scan(&res)
	return res, err
}

// notFound converts gorm's record-not-found into the caller's not-found error.
func notFound(err, nf error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nf
	}
	return err
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "unique constraint") || strings.Contains(s, "duplicate key")
}
