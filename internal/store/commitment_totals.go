package store

import (
	"context"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// The register's per-party totals (table commitment_party_totals, migration 00009): per dialogue,
// party and progress level, how many commitments bind the party, how many score it and how. Every
// write that changes a commitment's progress, parties or scores goes through withTotals, which
// adds the difference the write made, in the write's transaction; the summary then reads a
// handful of rows instead of aggregating every party row of the register.

// totalsKey and totalsCount are one row of the totals.
type totalsKey struct{ dialogue, party, progress string }

type totalsCount struct{ bound, assessed, full, partial, non int }

func (c totalsCount) minus(o totalsCount) totalsCount {
	return totalsCount{c.bound - o.bound, c.assessed - o.assessed, c.full - o.full, c.partial - o.partial, c.non - o.non}
}

// totalsOf is what commitment id contributes to the totals now: nothing while it is withdrawn
// (migration 00011), so withdrawing and reinstating go through withTotals like any other write.
func totalsOf(tx *gorm.DB, id string) (map[totalsKey]totalsCount, error) {
	var rows []struct {
		DialogueID, Progress, Party string
		Score                       *int
	}
	err := tx.Raw(`SELECT c.dialogue_id, c.progress, cp.party, cp.score FROM commitments c
		JOIN commitment_parties cp ON cp.commitment_id = c.id WHERE c.id = ? AND c.withdrawn_at IS NULL`, id).Scan(&rows).Error
	out := make(map[totalsKey]totalsCount, len(rows))
	for _, r := range rows {
		k := totalsKey{r.DialogueID, r.Party, r.Progress}
		c := out[k]
		c.bound++
		if r.Score != nil {
			c.assessed++
			switch *r.Score {
			case 1:
				c.full++
			case 0:
				c.partial++
			case -1:
				c.non++
			}
		}
		out[k] = c
	}
	return out, err
}

// withTotals runs change (which writes commitment id in tx) and adds to the totals the difference
// it made.
func withTotals(tx *gorm.DB, id string, change func() error) error {
	before, err := totalsOf(tx, id)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, err := totalsOf(tx, id)
	if err != nil {
		return err
	}
	delta := map[totalsKey]totalsCount{}
	for k, c := range after {
		delta[k] = c.minus(before[k])
	}
	for k, c := range before {
		if _, ok := after[k]; !ok {
			delta[k] = totalsCount{}.minus(c)
		}
	}
	keys := make([]totalsKey, 0, len(delta))
	for k, d := range delta {
		if d != (totalsCount{}) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool { // a fixed order: concurrent writers lock rows alike
		a, b := keys[i], keys[j]
		return a.dialogue+"\x00"+a.party+"\x00"+a.progress < b.dialogue+"\x00"+b.party+"\x00"+b.progress
	})
	values := make([]string, len(keys))
	args := make([]any, 0, 8*len(keys))
	for i, k := range keys {
		d := delta[k]
		values[i] = "(?, ?, ?, ?, ?, ?, ?, ?)"
		args = append(args, k.dialogue, k.party, k.progress, d.bound, d.assessed, d.full, d.partial, d.non)
	}
	return tx.Exec(`INSERT INTO commitment_party_totals (dialogue_id, party, progress, bound, assessed, full_count, partial_count, non_count)
		VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (dialogue_id, party, progress) DO UPDATE SET
			bound = commitment_party_totals.bound + excluded.bound,
			assessed = commitment_party_totals.assessed + excluded.assessed,
			full_count = commitment_party_totals.full_count + excluded.full_count,
			partial_count = commitment_party_totals.partial_count + excluded.partial_count,
			non_count = commitment_party_totals.non_count + excluded.non_count`, args...).Error
}

// PartyTotals aggregates the scores in force per party over the filtered commitments: from the
// maintained totals when the filter is by dialogue and progress only (the register's usual
// view; the totals leave withdrawn commitments out), else (overdue, due by, party, withdrawn)
// over the commitments themselves.
func (s *Commitments) PartyTotals(ctx context.Context, sc tenant.Scope, f commitment.Filter) ([]commitment.PartyTotals, error) {
	var out []commitment.PartyTotals
	if f.Overdue || f.DueBy != "" || f.Party != "" || f.Withdrawn {
		q := s.db.read(ctx).Table("commitment_parties cp").Joins("JOIN commitments ON commitments.id = cp.commitment_id").
			Where(convenedDialogues, sc.OrgID)
		err := applyFilter(q, f).
			Select(`cp.party AS party, COUNT(cp.score) AS assessed,
			SUM(CASE WHEN cp.score = 1 THEN 1 ELSE 0 END) AS "full",
			SUM(CASE WHEN cp.score = 0 THEN 1 ELSE 0 END) AS partial,
			SUM(CASE WHEN cp.score = -1 THEN 1 ELSE 0 END) AS non`).
			Group("cp.party").Order("cp.party").Scan(&out).Error
		return out, err
	}
	q := s.db.read(ctx).Table("commitment_party_totals t").
		Where("t.dialogue_id IN (SELECT m.dialogue_id FROM dialogue_orgs m WHERE m.org_id = ? AND m.status = 'active')", sc.OrgID)
	if f.DialogueID != "" {
		q = q.Where("t.dialogue_id = ?", f.DialogueID)
	}
	err := whereProgress(q, "t.progress", f.Status).Select(`t.party AS party, SUM(t.assessed) AS assessed, SUM(t.full_count) AS "full",
		SUM(t.partial_count) AS partial, SUM(t.non_count) AS non`).
		Group("t.party").Having("SUM(t.bound) > 0").Order("t.party").Scan(&out).Error
	return out, err
}
