package commitment

import (
	"context"
	"sort"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// The register: a filtered page of commitments marked overdue for the viewer, the per-party
// compliance summary over the filtered set, and the dashboard's commitments falling due.

func (s *Service) today(loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return s.clock.Now().In(loc).Format(time.DateOnly)
}

func (s *Service) mark(r *Record, loc *time.Location) {
	if r.Due == "" || r.Progress == ProgressComplete {
		return
	}
	c := r.Pure()
	var hist []Assessment
	if r.Progress != "" {
		hist = []Assessment{{Stage: StageFinal, Progress: r.Progress}}
	}
	r.DaysOverdue = DaysOverdue(&c, hist, s.clock, loc)
	r.Overdue = r.DaysOverdue > 0
}

// List returns a page of the register, marked overdue for the viewer's zone.
func (s *Service) List(ctx context.Context, sc tenant.Scope, f Filter, loc *time.Location) ([]Record, error) {
	if err := s.normalize(&f, loc); err != nil {
		return nil, err
	}
	rows, err := s.store.ListCommitments(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		s.mark(&rows[i], loc)
	}
	return rows, nil
}

func (s *Service) normalize(f *Filter, loc *time.Location) error {
	f.Today = s.today(loc)
	var v apperr.Validator
	if f.Status == "withdrawn" {
		f.Status, f.Withdrawn = "", true
	}
	if f.Status != "" && f.Status != "unassessed" && !Progress(f.Status).Valid() {
		v.Add("status", "unknown_value", "status must be a progress level, unassessed or withdrawn")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return v.Err()
}

// Summary is the register's per-party compliance over the filtered commitments.
func (s *Service) Summary(ctx context.Context, sc tenant.Scope, f Filter, names []Party, loc *time.Location) ([]PartySummary, error) {
	if err := s.normalize(&f, loc); err != nil {
		return nil, err
	}
	f.Party = "" // the summary shows every party of the filtered commitments
	tot, err := s.store.PartyTotals(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	nm := map[string]string{}
	for _, p := range names {
		nm[p.ID] = p.Name
	}
	out := make([]PartySummary, 0, len(tot))
	for _, t := range tot {
		n := nm[t.Party]
		if n == "" {
			n = SideName(t.Party)
		}
		ps := PartySummary{Party: Party{ID: t.Party, Name: n}, Assessed: t.Assessed, Full: t.Full, Partial: t.Partial, Non: t.Non, Progress: map[Progress]int{}}
		if t.Assessed > 0 {
			ps.Average = float64(t.Full-t.Non) / float64(t.Assessed)
		}
		ps.Percent = Percent(ps.Average)
		out = append(out, ps)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Party.Name < out[j].Party.Name })
	return out, nil
}

// DueWithin lists commitments not complete that are due within days (overdue ones included).
func (s *Service) DueWithin(ctx context.Context, sc tenant.Scope, days, limit int, loc *time.Location) ([]Record, error) {
	if loc == nil {
		loc = time.UTC
	}
	f := Filter{DueBy: s.clock.Now().In(loc).AddDate(0, 0, days).Format(time.DateOnly), Limit: limit}
	return s.List(ctx, sc, f, loc)
}

// SideName names a side party ("US" → "US side"); other ids are returned as they are.
func SideName(id string) string {
	switch id {
	case "US":
		return "US side"
	case "CN":
		return "Chinese side"
	}
	return id
}
