package names

import (
	"fmt"
	"math"
	"sort"
	"sync"
)

// Entry is one person or organisation on a list, as the Index takes it.
type Entry struct {
	// ID identifies the entry in its list (e.g. the SDN ent_num).
	ID string `json:"id"`
	// Names holds the primary name first, then the aliases.
	Names []string `json:"names"`
	// BirthDates are as written in the list: "18 Sep 1972", "1972",
	// "circa 1960". Unreadable ones are ignored.
	BirthDates []string `json:"birth_dates,omitempty"`
	// Nationalities are country names or codes (nationality or citizenship).
	Nationalities []string `json:"nationalities,omitempty"`
	// Employers are organisations the person works for or is linked to.
	Employers []string `json:"employers,omitempty"`
}

// Query is a name to screen with the facts known about its bearer.
type Query struct {
	Name        string `json:"name"`
	BirthDate   string `json:"birth_date,omitempty"`
	Nationality string `json:"nationality,omitempty"`
	Employer    string `json:"employer,omitempty"`
}

// Level grades a candidate.
type Level int

const (
	// LevelNone: the name matched but a fact contradicts it (e.g. another
	// birth year).
	LevelNone Level = iota
	// LevelNeedsCorroboration: a name-only hit on a common name; a person
	// must check birth date, employer or nationality.
	LevelNeedsCorroboration
	// LevelProbable: the name matched and is uncommon, or one fact agrees.
	LevelProbable
	// LevelStrong: the name matched and the birth date agrees, with the full
	// date or with a further fact.
	LevelStrong
)

var levelNames = [...]string{"none", "needs-corroboration", "probable", "strong"}

// String returns "none", "needs-corroboration", "probable" or "strong".
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "none"
	}
	return levelNames[l]
}

// MarshalText encodes the level as its String.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes a level written by MarshalText.
func (l *Level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if string(b) == n {
			*l = Level(i)
			return nil
		}
	}
	return fmt.Errorf("names: unknown match level %q", b)
}

// Candidate is a list entry found for a query.
type Candidate struct {
	// EntryID is the Entry.ID.
	EntryID string `json:"entry_id"`
	// Alias is the entry's name that matched best, as written in the list.
	Alias string `json:"alias"`
	// Score is the name score moved up by agreeing facts and down by
	// contradicting ones, in [0, 1].
	Score float64 `json:"score"`
	// NameScore is the Compare score of the query name and Alias.
	NameScore float64 `json:"name_score"`
	// Level grades the candidate.
	Level Level `json:"level"`
	// Explanation lists how the name matched and what the facts said.
	Explanation []string `json:"explanation"`
}

// commonShare: a name that matches this many entries of the list is common.
const commonShare = 3

type alias struct {
	entry int32
	norm  Normalized
}

type entryRec struct {
	id        string
	dobs      []BirthDate
	nats      []string
	employers []orgKey
}

// Index finds list entries for a name by blocking keys (see
// Normalized.Keys), then scores each candidate. Add and Search may be called
// from several goroutines; Search runs concurrently with other Searches.
type Index struct {
	mu       sync.RWMutex
	entries  []entryRec
	aliases  []alias
	postings map[uint64][]uint32
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{postings: make(map[uint64][]uint32)}
}

// Len returns the number of entries.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.entries)
}

// Add adds an entry. It fails (with an *EntryError) when the entry has no
// name with at least one letter; unreadable birth dates are skipped.
func (ix *Index) Add(e Entry) error {
	rec := entryRec{id: e.ID}
	for _, d := range e.BirthDates {
		if bd, err := ParseBirthDate(d); err == nil {
			rec.dobs = append(rec.dobs, bd)
		}
	}
	for _, n := range e.Nationalities {
		if c := NormalizeCountry(n); c != "" && !contains(rec.nats, c) {
			rec.nats = append(rec.nats, c)
		}
	}
	for _, o := range e.Employers {
		if k := newOrgKey(o); k.han != "" || len(k.west) > 0 {
			rec.employers = append(rec.employers, k)
		}
	}
	type prepared struct {
		norm Normalized
		keys []string
	}
	var ps []prepared
	for _, name := range e.Names {
		n := Normalize(name)
		keys := n.Keys()
		if len(keys) == 0 {
			continue
		}
		ps = append(ps, prepared{n, keys})
	}
	if len(ps) == 0 {
		return &EntryError{ID: e.ID, Reason: "no usable name"}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if len(ix.aliases)+len(ps) > math.MaxUint32 {
		return &EntryError{ID: e.ID, Reason: "index full"}
	}
	ei := int32(len(ix.entries))
	ix.entries = append(ix.entries, rec)
	for _, p := range ps {
		ai := uint32(len(ix.aliases))
		ix.aliases = append(ix.aliases, alias{entry: ei, norm: p.norm})
		for _, k := range p.keys {
			h := hashKey(k)
			ix.postings[h] = append(ix.postings[h], ai)
		}
	}
	return nil
}

// hashKey is 64-bit FNV-1a; a collision only adds a candidate that Compare
// then rejects.
func hashKey(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// maxCandidates bounds the aliases one search compares.
const maxCandidates = 5000

// Search returns up to limit entries whose names match the query name,
// best first by level then score (limit <= 0 means all). Each entry appears
// once, with its best alias. Matches that a fact contradicts come back with
// LevelNone so that a reviewer sees why they were set aside.
func (ix *Index) Search(q Query, limit int) []Candidate {
	qn := Normalize(q.Name)
	keys := qn.Keys()
	if len(keys) == 0 {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	seen := make(map[uint32]struct{}, 64)
	var cands []uint32
	for _, k := range keys {
		for _, ai := range ix.postings[hashKey(k)] {
			if _, ok := seen[ai]; ok {
				continue
			}
			seen[ai] = struct{}{}
			if len(cands) < maxCandidates {
				cands = append(cands, ai)
			}
		}
	}
	type hit struct {
		ai  uint32
		res Result
	}
	best := map[int32]hit{}
	for _, ai := range cands {
		a := &ix.aliases[ai]
		r := compareNormalized(&qn, &a.norm, false)
		if !r.Match {
			continue
		}
		if h, ok := best[a.entry]; !ok || r.Score > h.res.Score {
			best[a.entry] = hit{ai, r}
		}
	}
	if len(best) == 0 {
		return nil
	}
	facts := newQueryFacts(q)
	common := len(best) >= commonShare || isCommonName(qn)
	out := make([]Candidate, 0, len(best))
	aliasOf := make([]uint32, 0, len(best))
	for ei, h := range best {
		a := &ix.aliases[h.ai]
		c := Candidate{
			EntryID:   ix.entries[ei].id,
			Alias:     a.norm.Original,
			NameScore: h.res.Score,
		}
		assess(&c, common || isCommonName(a.norm), len(best), facts, &ix.entries[ei])
		out = append(out, c)
		aliasOf = append(aliasOf, h.ai)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool {
		x, y := &out[order[i]], &out[order[j]]
		if x.Level != y.Level {
			return x.Level > y.Level
		}
		if x.Score != y.Score {
			return x.Score > y.Score
		}
		return x.EntryID < y.EntryID
	})
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	// Explain only what is returned: the name first, then the facts.
	res := make([]Candidate, len(order))
	for i, k := range order {
		c := out[k]
		name := compareNormalized(&qn, &ix.aliases[aliasOf[k]].norm, true).Explanation
		c.Explanation = append(name, c.Explanation...)
		res[i] = c
	}
	return res
}
