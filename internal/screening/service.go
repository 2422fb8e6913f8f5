package screening

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Service holds the screening rules: list imports, the name index and the loaded rule set.
type Service struct {
	store Store
	tx    Tx
	audit Auditor
	now   func() time.Time
	newID func() string
	log   *slog.Logger

	rules          atomic.Pointer[rules.RuleSet]
	storageCountry string
	idx            *indexSet

	flags        FlagStore
	sessions     SessionGate
	participants ParticipantGate
	kick         chan struct{}

	// importMu serialises imports in this process (a second import of the same list waits).
	importMu sync.Mutex
}

// Config configures the service.
type Config struct {
	// Rules is the loaded rule set (rules.Load or rules.LoadFS).
	Rules *rules.RuleSet
	// RefreshEvery is how often a search checks the database for lists imported by another
	// instance (0: 10 s).
	RefreshEvery time.Duration
	// StorageCountry is where the platform stores personal data (ISO 3166 alpha-2, empty when
	// not configured): the data-protection rules' viewer.storage_country.
	StorageCountry string
}

// NewService builds the service. Call Load before serving to build the name index.
func NewService(cfg Config, st Store, tx Tx, a Auditor, now func() time.Time, newID func() string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	every := cfg.RefreshEvery
	if every <= 0 {
		every = 10 * time.Second
	}
	s := &Service{store: st, tx: tx, audit: a, now: now, newID: newID, log: log, storageCountry: cfg.StorageCountry,
		idx: newIndexSet(every), kick: make(chan struct{}, 1)}
	s.rules.Store(cfg.Rules)
	return s
}

// UseFlags connects the flag store and the access checks of sessions and participants.
func (s *Service) UseFlags(fs FlagStore, sg SessionGate, pg ParticipantGate) {
	s.flags, s.sessions, s.participants = fs, sg, pg
}

// Rules returns the rule set in force.
func (s *Service) Rules() *rules.RuleSet { return s.rules.Load() }

// ruleSet is Rules for the service's own use: one evaluation loads it once and uses that set
// throughout, whatever a reload swaps in meanwhile.
func (s *Service) ruleSet() *rules.RuleSet { return s.rules.Load() }

// Load builds the in-memory name index from every stored list. It is called at start; later
// imports (here or, with PostgreSQL, by another instance) update it.
func (s *Service) Load(ctx context.Context) error {
	return s.idx.refresh(ctx, s.store, true)
}

// ImportInput describes a list import.
type ImportInput struct {
	// Format is ofac, csl or csv.
	Format string
	// Shared makes (or replaces) a platform-wide list; only a platform admin may.
	Shared bool
	// ListID and Title name the list; defaults come from the format or the column map.
	ListID, Title string
	// Map is the column map of a csv import (a built-in name or a parsed map).
	Map *watchlist.ColumnMap
	// Files holds the uploaded files; Names lists them (for ofac: sdn.csv, alt.csv, add.csv).
	Files fs.FS
	Names []string
}

// ImportResult tells what an import did.
type ImportResult struct {
	Watchlist *Watchlist      `json:"watchlist"`
	Import    *Import         `json:"import"`
	Stats     watchlist.Stats `json:"stats"`
}

var listIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

const stageBatch = 500

// Import reads a list's files, stages every entry and, only when the whole file set is read
// without error, swaps the staged entries in as the list's current content in one transaction
// and updates the name index. A malformed file leaves the list in force and returns a
// validation error naming the file and line.
func (s *Service) Import(ctx context.Context, sc tenant.Scope, in ImportInput) (*ImportResult, error) {
	if in.Shared && !sc.PlatformAdmin {
		return nil, fmt.Errorf("%w: only a platform admin may import a platform-wide list", apperr.ErrForbidden)
	}
	if !in.Shared && !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may import a list", apperr.ErrForbidden)
	}
	var v apperr.Validator
	switch in.Format {
	case FormatOFAC:
		in.ListID, in.Title = or(in.ListID, watchlist.MapOFACSDN), or(in.Title, "OFAC Specially Designated Nationals")
		v.Check(hasFile(in.Names, "sdn.csv"), "file", "required", "an OFAC import needs sdn.csv (with alt.csv and add.csv when available)")
	case FormatCSL:
		in.ListID, in.Title = or(in.ListID, "csl"), or(in.Title, "US Consolidated Screening List")
		v.Check(len(in.Names) == 1, "file", "required", "a CSL import takes exactly one CSV file")
	case FormatCSV:
		if in.Map == nil {
			v.Add("map", "required", "a csv import needs a column map")
		} else {
			in.ListID, in.Title = or(in.ListID, in.Map.ListID), or(in.Title, in.Map.Title)
		}
		v.Check(len(in.Names) >= 1, "file", "required", "give the list file")
	default:
		v.Add("format", "enum", "must be one of %s", strings.Join(Formats, ", "))
	}
	if in.Format != "" && in.ListID != "" {
		v.Check(listIDRe.MatchString(in.ListID), "list_id", "format", "use 2–63 lowercase letters, digits and hyphens")
	}
	v.Check(len([]rune(in.Title)) <= 200, "title", "length", "at most 200 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	orgID := sc.OrgID
	if in.Shared {
		orgID = ""
	}
	s.importMu.Lock()
	defer s.importMu.Unlock()

	w, err := s.store.EnsureWatchlist(ctx, orgID, in.ListID, in.Title, in.Format, s.now(), s.newID)
	if err != nil {
		return nil, err
	}
	im := &Import{ID: s.newID(), WatchlistID: w.ID, Status: ImportStaging, Files: strings.Join(in.Names, ","),
		ImportedBy: sc.UserID, StartedAt: s.now()}
	if err := s.store.CreateImport(ctx, im); err != nil {
		return nil, err
	}
	built := newListIndex(w)
	batch := make([]StoredEntry, 0, stageBatch)
	seq := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.store.StageEntries(ctx, im.ID, batch)
		batch = batch[:0]
		return err
	}
	handle := func(e *watchlist.Entry) error {
		e.ListID = in.ListID
		seq++
		batch = append(batch, StoredEntry{Seq: seq, Entry: e})
		built.add(e)
		if len(batch) == stageBatch {
			return flush()
		}
		return nil
	}
	stats, err := s.read(ctx, in, handle)
	if err == nil {
		err = flush()
	}
	if err != nil {
		if ferr := s.store.FailImport(context.WithoutCancel(ctx), im.ID, err.Error(), s.now()); ferr != nil {
			s.log.ErrorContext(ctx, "watchlist import cleanup failed", "import", im.ID, "err", ferr)
		}
		return nil, importError(err)
	}
	im.Entries, im.Aliases = stats.Entries, stats.Aliases
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.ActivateImport(ctx, w, im, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "watchlist.import", OrgID: orgID, TargetType: "watchlist", TargetID: w.ID,
			Details: map[string]any{"list_id": w.ListID, "import_id": im.ID, "entries": stats.Entries, "files": im.Files, "shared": in.Shared}})
	})
	if err != nil {
		_ = s.store.FailImport(context.WithoutCancel(ctx), im.ID, err.Error(), s.now())
		return nil, err
	}
	built.meta = *w
	s.idx.put(built)
	s.Kick() // list matches may have changed: re-screen in the background
	return &ImportResult{Watchlist: w, Import: im, Stats: stats}, nil
}

// read runs the importer of the input's format.
func (s *Service) read(ctx context.Context, in ImportInput, fn watchlist.Handler) (watchlist.Stats, error) {
	switch in.Format {
	case FormatOFAC:
		return watchlist.ImportSDN(ctx, in.Files, fn)
	case FormatCSL:
		f, err := in.Files.Open(in.Names[0])
		if err != nil {
			return watchlist.Stats{}, err
		}
		defer f.Close()
		return watchlist.ImportCSL(ctx, f, in.Names[0], fn)
	default:
		return in.Map.Import(ctx, in.Files, in.Names[0], fn)
	}
}

// importError turns an importer's error into a validation error naming the place.
func importError(err error) error {
	var pe *watchlist.ParseError
	if errors.As(err, &pe) || errors.Is(err, watchlist.ErrEmpty) || errors.Is(err, fs.ErrNotExist) {
		return apperr.Invalid("file", "malformed", "%s; the list in force is unchanged", err.Error())
	}
	return err
}

// Watchlists lists the platform-wide lists and the caller's organization's own.
func (s *Service) Watchlists(ctx context.Context, sc tenant.Scope) ([]Watchlist, error) {
	return s.store.VisibleWatchlists(ctx, sc)
}

// SearchInput is a screening search.
type SearchInput struct {
	Name        string `json:"name"`
	BirthDate   string `json:"birth_date"`
	Nationality string `json:"nationality"`
	Employer    string `json:"employer"`
	// ListID restricts the search to one list (its list_id, e.g. "ofac-sdn").
	ListID string `json:"list_id"`
	Limit  int    `json:"limit"`
}

// Search finds list entries whose names match, with explanations, over the platform-wide lists
// and the caller's organization's lists. It reads the in-memory index, never the database (apart
// from a cheap periodic check for lists imported by another instance).
func (s *Service) Search(ctx context.Context, sc tenant.Scope, in SearchInput) ([]Hit, error) {
	var v apperr.Validator
	in.Name = strings.TrimSpace(in.Name)
	v.Check(in.Name != "", "name", "required", "give a name to search for")
	v.Check(len(in.Name) <= 1024, "name", "length", "at most 1024 bytes")
	if in.Limit == 0 {
		in.Limit = 20
	}
	v.Check(in.Limit >= 1 && in.Limit <= 200, "limit", "range", "limit must be from 1 to 200")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.idx.refresh(ctx, s.store, false); err != nil {
		s.log.WarnContext(ctx, "watchlist index refresh failed", "err", err)
	}
	return s.idx.search(sc.OrgID, in), nil
}

// Searchable reports how many lists and entries a search by sc covers.
func (s *Service) Searchable(sc tenant.Scope) (lists, entries int) {
	return s.idx.count(sc.OrgID)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func hasFile(names []string, want string) bool {
	for _, n := range names {
		if n == want {
			return true
		}
	}
	return false
}

// sortHits orders hits by level, then score, then list and entry id.
func sortHits(h []Hit) {
	sort.SliceStable(h, func(i, j int) bool {
		if h[i].Level != h[j].Level {
			return h[i].Level > h[j].Level
		}
		if h[i].Score != h[j].Score {
			return h[i].Score > h[j].Score
		}
		if h[i].ListID != h[j].ListID {
			return h[i].ListID < h[j].ListID
		}
		return h[i].EntryID < h[j].EntryID
	})
}
