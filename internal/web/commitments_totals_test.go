package web_test

import (
	"context"
	"testing"

	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestRegisterSummaryFollowsEveryChange: the register's per-party summary, read from the totals
// the store maintains on every write (migration 00009), equals the pure Summarize over the full
// assessment histories after creations, assessments, a recalibration and party changes, for the
// unfiltered register and the dialogue, status and unassessed filters (and the overdue filter,
// which aggregates the commitments themselves), and after a withdrawal and a reinstatement.
func TestRegisterSummaryFollowsEveryChange(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env := w.env
		ctx, sc := context.Background(), w.us.Organizer.Scope()
		create := func(parties []string, due string) string {
			r := env.Do("POST", "/api/v1/commitments", w.usTok, map[string]any{"session_id": w.sessionID, "title_en": "c",
				"parties": parties, "due": due})
			mustStatus(t, r, 201)
			return str(r.JSON(), "id")
		}
		assess := func(id, progress string, scores map[string]int, extra map[string]any) string {
			var comp []map[string]any
			for p, s := range scores {
				comp = append(comp, map[string]any{"party": p, "score": s})
			}
			body := map[string]any{"progress": progress, "compliance": comp, "evidence": "e", "assessor": "a", "assessed_at": "2025-06-01"}
			for k, v := range extra {
				body[k] = v
			}
			r := env.Do("POST", "/api/v1/commitments/"+id+"/assessments", w.usTok, body)
			mustStatus(t, r, 201)
			return str(r.JSON(), "id")
		}
		check := func(step string) {
			t.Helper()
			for _, f := range []commitment.Filter{{}, {DialogueID: w.dialogueID}, {Status: "substantial"}, {Status: "unassessed"},
				{Status: "complete"}, {Overdue: true}} {
				got, err := env.App.Commitments.Summary(ctx, sc, f, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				f.Limit = 200
				rows, err := env.App.Commitments.List(ctx, sc, f, nil)
				if err != nil {
					t.Fatal(err)
				}
				var pure []commitment.Commitment
				hist := map[string][]commitment.Assessment{}
				var parties []commitment.Party
				seen := map[string]bool{}
				for _, r := range rows {
					d, err := env.App.Commitments.Get(ctx, sc, r.ID, nil)
					if err != nil {
						t.Fatal(err)
					}
					pure = append(pure, d.Commitment.Pure())
					for _, a := range d.Assessments {
						hist[r.ID] = append(hist[r.ID], a.Assessment)
					}
					for _, p := range r.Parties {
						if !seen[p] {
							seen[p] = true
							parties = append(parties, commitment.Party{ID: p})
						}
					}
				}
				want := map[string]commitment.PartySummary{}
				for _, s := range commitment.Summarize(parties, pure, hist, "") {
					want[s.Party.ID] = s
				}
				if len(got) != len(want) {
					t.Fatalf("%s %+v: %d parties, want %d: %+v", step, f, len(got), len(want), got)
				}
				for _, g := range got {
					w, ok := want[g.Party.ID]
					if !ok || g.Assessed != w.Assessed || g.Full != w.Full || g.Partial != w.Partial || g.Non != w.Non {
						t.Errorf("%s %+v: party %s got %d/%d/%d/%d, want %d/%d/%d/%d", step, f, g.Party.ID, g.Assessed, g.Full, g.Partial, g.Non,
							w.Assessed, w.Full, w.Partial, w.Non)
					}
				}
			}
		}
		cnOrg := w.cn.Org.ID
		c1 := create([]string{"US", "CN"}, "2020-01-01")
		c2 := create([]string{"US", cnOrg}, "2099-01-01")
		create([]string{"CN"}, "")
		check("created")
		a1 := assess(c1, "limited", map[string]int{"US": 1, "CN": 0}, nil)
		assess(c2, "complete", map[string]int{"US": -1, cnOrg: 1}, map[string]any{"stage": "final"})
		check("assessed")
		assess(c1, "substantial", map[string]int{"US": 1, "CN": 1}, map[string]any{"supersedes": a1, "reason": "recalibrated"})
		check("recalibrated")
		mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+c1, w.usTok, map[string]any{"parties": []string{"US", cnOrg}}), 200)
		check("party replaced")
		mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+c2, w.usTok, map[string]any{"parties": []string{cnOrg}}), 200)
		check("party removed")
		assess(c1, "complete", map[string]int{"US": 0, cnOrg: -1}, map[string]any{"stage": "final"})
		check("final")
		mustStatus(t, env.Do("POST", "/api/v1/commitments/"+c2+"/withdrawal", w.usTok, map[string]any{"reason": "duplicate"}), 200)
		check("withdrawn")
		mustStatus(t, env.Do("DELETE", "/api/v1/commitments/"+c2+"/withdrawal", w.usTok, nil), 200)
		check("reinstated")
	})
}
