package screening

import (
	"context"
	"sync"
	"time"

	"github.com/tracktwo/tracktwo/internal/screening/names"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
)

// Hit is one list entry found by a search, with the list it is on and why it matched.
type Hit struct {
	WatchlistID   string      `json:"watchlist_id"`
	ListID        string      `json:"list_id"`
	ListTitle     string      `json:"list_title"`
	EntryID       string      `json:"entry_id"`
	Name          string      `json:"name"`
	Alias         string      `json:"matched_name"`
	Kind          string      `json:"kind"`
	Source        string      `json:"source,omitempty"`
	Programs      []string    `json:"programs,omitempty"`
	BirthDates    []string    `json:"birth_dates,omitempty"`
	Nationalities []string    `json:"nationalities,omitempty"`
	Score         float64     `json:"score"`
	NameScore     float64     `json:"name_score"`
	Level         names.Level `json:"level"`
	Explanation   []string    `json:"explanation"`
}

// entrySummary is what a hit shows of an entry (kept in memory beside the index).
type entrySummary struct {
	name, kind, source             string
	programs, births, nationalites []string
}

// listIndex is one list's name index.
type listIndex struct {
	meta    Watchlist
	ix      *names.Index
	entries map[string]*entrySummary
}

func newListIndex(w *Watchlist) *listIndex {
	return &listIndex{meta: *w, ix: names.NewIndex(), entries: map[string]*entrySummary{}}
}

// add indexes one entry; entries without a usable name are skipped (the importer already
// refuses entries without a name).
func (l *listIndex) add(e *watchlist.Entry) {
	ne := names.Entry{ID: e.EntryID, Names: make([]string, 0, 1+len(e.Aliases))}
	ne.Names = append(ne.Names, e.Name)
	for _, a := range e.Aliases {
		ne.Names = append(ne.Names, a.Name)
	}
	sum := &entrySummary{name: e.Name, kind: e.Kind, source: e.Source, programs: e.Programs}
	for _, b := range e.BirthDates {
		ne.BirthDates = append(ne.BirthDates, b.Text)
		sum.births = append(sum.births, b.Text)
	}
	ne.Nationalities = append(append(ne.Nationalities, e.Nationalities...), e.Citizenships...)
	if e.Kind != watchlist.KindIndividual {
		// An organization's country is where its addresses are: a screened employer's or
		// organizer's country corroborates a name match.
		for _, a := range e.Addresses {
			if a.Country != "" {
				ne.Nationalities = append(ne.Nationalities, a.Country)
			}
		}
	}
	sum.nationalites = ne.Nationalities
	if err := l.ix.Add(ne); err != nil {
		return
	}
	l.entries[e.EntryID] = sum
}

// indexSet holds the index of every list, swapped per list on import; safe for concurrent use.
type indexSet struct {
	mu        sync.RWMutex
	lists     map[string]*listIndex // by watchlist id
	every     time.Duration
	refreshMu sync.Mutex
	checked   time.Time
}

func newIndexSet(every time.Duration) *indexSet {
	return &indexSet{lists: map[string]*listIndex{}, every: every}
}

func (s *indexSet) put(l *listIndex) {
	s.mu.Lock()
	s.lists[l.meta.ID] = l
	s.mu.Unlock()
}

// refresh loads lists whose current import differs from the loaded one. Unless force, it runs at
// most once per interval and never makes a search wait for another search's refresh.
func (s *indexSet) refresh(ctx context.Context, st Store, force bool) error {
	if force {
		s.refreshMu.Lock()
	} else if !s.refreshMu.TryLock() {
		return nil
	}
	defer s.refreshMu.Unlock()
	if !force && time.Since(s.checked) < s.every {
		return nil
	}
	all, err := st.AllWatchlists(ctx)
	if err != nil {
		return err
	}
	s.checked = time.Now()
	present := map[string]bool{}
	for i := range all {
		w := &all[i]
		if w.CurrentImportID == nil {
			continue
		}
		present[w.ID] = true
		s.mu.RLock()
		cur := s.lists[w.ID]
		s.mu.RUnlock()
		if cur != nil && cur.meta.CurrentImportID != nil && *cur.meta.CurrentImportID == *w.CurrentImportID {
			continue
		}
		l := newListIndex(w)
		if err := st.EachEntry(ctx, *w.CurrentImportID, func(e *watchlist.Entry) error { l.add(e); return nil }); err != nil {
			return err
		}
		s.put(l)
	}
	s.mu.Lock()
	for id := range s.lists {
		if !present[id] {
			delete(s.lists, id)
		}
	}
	s.mu.Unlock()
	return nil
}

// visible returns the lists an organization screens against.
func (s *indexSet) visible(orgID string) []*listIndex {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*listIndex, 0, len(s.lists))
	for _, l := range s.lists {
		if l.meta.Shared() || (orgID != "" && *l.meta.OrgID == orgID) {
			out = append(out, l)
		}
	}
	return out
}

func (s *indexSet) count(orgID string) (lists, entries int) {
	for _, l := range s.visible(orgID) {
		lists++
		entries += len(l.entries)
	}
	return lists, entries
}

func (s *indexSet) search(orgID string, in SearchInput) []Hit {
	q := names.Query{Name: in.Name, BirthDate: in.BirthDate, Nationality: in.Nationality, Employer: in.Employer}
	hits := []Hit{}
	for _, l := range s.visible(orgID) {
		if in.ListID != "" && l.meta.ListID != in.ListID {
			continue
		}
		for _, c := range l.ix.Search(q, in.Limit) {
			sum := l.entries[c.EntryID]
			if sum == nil {
				continue
			}
			hits = append(hits, Hit{WatchlistID: l.meta.ID, ListID: l.meta.ListID, ListTitle: l.meta.Title,
				EntryID: c.EntryID, Name: sum.name, Alias: c.Alias, Kind: sum.kind, Source: sum.source,
				Programs: sum.programs, BirthDates: sum.births, Nationalities: sum.nationalites,
				Score: c.Score, NameScore: c.NameScore, Level: c.Level, Explanation: c.Explanation})
		}
	}
	sortHits(hits)
	if len(hits) > in.Limit {
		hits = hits[:in.Limit]
	}
	return hits
}
