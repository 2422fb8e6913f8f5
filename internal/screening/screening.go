// Package screening is Tracktwo's restriction screening: the watchlists participants and their
// employers are screened against (imported, staged and swapped in atomically), the in-memory
// name index built from them, and the restriction rules loaded at start. It owns its Store
// interface and its errors; the pure matching, importing and rule evaluation live in the
// sub-packages names, watchlist and rules.
package screening

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// ErrWatchlistNotFound is returned for a missing or foreign watchlist.
var ErrWatchlistNotFound = fmt.Errorf("%w: watchlist", apperr.ErrNotFound)

// Formats of watchlist import.
const (
	FormatOFAC = "ofac" // OFAC SDN legacy CSV: sdn.csv + alt.csv + add.csv
	FormatCSL  = "csl"  // US Consolidated Screening List CSV
	FormatCSV  = "csv"  // any CSV / JSON Lines through a column map
)

// Formats lists the import formats.
var Formats = []string{FormatOFAC, FormatCSL, FormatCSV}

// Import statuses.
const (
	ImportStaging  = "staging"
	ImportActive   = "active"
	ImportReplaced = "replaced"
	ImportFailed   = "failed"
)

// Watchlist is an imported list of named persons and entities. OrgID is empty for a
// platform-wide list (screened for every tenant); otherwise the list is its organization's own.
type Watchlist struct {
	ID              string     `json:"id"`
	OrgID           *string    `json:"org_id,omitempty"`
	ScopeKey        string     `json:"-"`
	ListID          string     `json:"list_id"`
	Title           string     `json:"title"`
	Format          string     `json:"format"`
	CurrentImportID *string    `json:"current_import_id,omitempty"`
	EntryCount      int        `json:"entry_count"`
	Version         int        `json:"version"`
	ImportedAt      *time.Time `json:"imported_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Shared reports whether the list is platform-wide.
func (w *Watchlist) Shared() bool { return w.OrgID == nil || *w.OrgID == "" }

// Import is one attempt to load a list file set.
type Import struct {
	ID          string     `json:"id"`
	WatchlistID string     `json:"watchlist_id"`
	Status      string     `json:"status"`
	Files       string     `json:"files"`
	Entries     int        `json:"entries"`
	Aliases     int        `json:"aliases"`
	Error       string     `json:"error,omitempty"`
	ImportedBy  string     `json:"imported_by,omitempty"`
	StartedAt   time.Time  `json:"started_at"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
}

// StoredEntry is one list entry as staged: the importer's entry, kept whole.
type StoredEntry struct {
	Seq   int
	Entry *watchlist.Entry
}

// Store is what the screening service needs from storage.
type Store interface {
	// EnsureWatchlist returns the list (listID) of the scope key ("" for platform-wide lists, else
	// the organization id), creating it with title and format when absent.
	EnsureWatchlist(ctx context.Context, orgID, listID, title, format string, now time.Time, newID func() string) (*Watchlist, error)
	// CreateImport records a new staging import.
	CreateImport(ctx context.Context, im *Import) error
	// StageEntries adds entries to a staging import.
	StageEntries(ctx context.Context, importID string, entries []StoredEntry) error
	// ActivateImport makes a staged import the list's current one (marking the previous one
	// replaced and deleting its entries); run it in a transaction.
	ActivateImport(ctx context.Context, w *Watchlist, im *Import, now time.Time) error
	// FailImport marks an import failed and deletes its staged entries.
	FailImport(ctx context.Context, importID, reason string, now time.Time) error
	// VisibleWatchlists lists the platform-wide lists and the caller's organization's lists.
	VisibleWatchlists(ctx context.Context, sc tenant.Scope) ([]Watchlist, error)
	// AllWatchlists lists every list of every scope (to build the index; platform operation).
	AllWatchlists(ctx context.Context) ([]Watchlist, error)
	// EachEntry streams the entries of an import in order.
	EachEntry(ctx context.Context, importID string, fn func(*watchlist.Entry) error) error
	// Imports lists a visible list's imports, newest first.
	Imports(ctx context.Context, sc tenant.Scope, watchlistID string, limit int) ([]Import, error)
}

// Tx runs a function in one write transaction.
type Tx interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Auditor appends audit events inside the caller's transaction.
type Auditor interface {
	Append(ctx context.Context, en audit.Entry) error
}
