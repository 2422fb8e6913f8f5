package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The demo seed adds agreed minutes of the held session with statements at all three levels and
// twelve commitments with assessment histories; a second run adds nothing. The demo's chatham
// readout names no chatham or off-the-record speaker.
func TestDemoMinutesSeedIdempotent(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		a := testkit.NewApp(t, testkit.Config(t, b))
		ctx := context.Background()
		for run := 0; run < 2; run++ {
			res, err := demo.Seed(ctx, a, "demo-passphrase-for-tests")
			if err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			us, cn := res.Users[demo.USOrganizer].Scope(), res.Users[demo.CNOrganizer].Scope()
			held, err := a.Dialogues.ListSessions(ctx, cn, dialogue.SessionFilter{Status: "held", Limit: 5})
			if err != nil || len(held) != 1 {
				t.Fatalf("held sessions: %d %v", len(held), err)
			}
			m, err := a.Minutes.Get(ctx, cn, held[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			levels := map[minutes.Attribution]bool{}
			secret := map[string]bool{}
			names := map[string]minutes.SpeakerOption{}
			for _, sp := range m.Speakers {
				names[sp.ID] = sp
			}
			for _, it := range m.Doc.Items {
				for _, st := range it.Statements {
					levels[st.Attribution] = true
					if st.Attribution != minutes.AttributionAttributed {
						secret[names[st.SpeakerID].NameLatin] = true
					}
				}
			}
			if m.Doc.Status != minutes.StatusAgreed || len(levels) != 3 {
				t.Fatalf("run %d: minutes %s with levels %v", run, m.Doc.Status, levels)
			}
			revs, _ := a.Minutes.Revisions(ctx, us, held[0].ID)
			// empty draft, edit, circulate, two agreements, and the commitment link of act-contacts
			if len(revs) != 6 || revs[5].Action != minutes.ActionLinkCommitment {
				t.Fatalf("run %d: %d revisions", run, len(revs))
			}
			if _, a, err := minutes.FindActionItem(m.Doc, "act-contacts"); err != nil || a.CommitmentID == "" {
				t.Fatalf("run %d: act-contacts not linked to its commitment: %v", run, err)
			}
			ex, err := a.Minutes.Export(ctx, cn, held[0].ID, "md", "chatham", "both")
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(ex.Body), `\`, "")
			for n := range secret {
				// A speaker who also spoke on the record may be named; check only pure chatham speakers.
				attributed := false
				for _, it := range m.Doc.Items {
					for _, st := range it.Statements {
						if names[st.SpeakerID].NameLatin == n && st.Attribution == minutes.AttributionAttributed {
							attributed = true
						}
					}
				}
				if !attributed && strings.Contains(text, n) {
					t.Errorf("chatham readout names %s", n)
				}
			}
			cs, err := a.Commitments.List(ctx, us, commitment.Filter{Limit: 100}, nil)
			if err != nil || len(cs) != 12 {
				t.Fatalf("run %d: %d commitments %v", run, len(cs), err)
			}
			overdue, assessed := 0, 0
			for _, c := range cs {
				if c.Overdue {
					overdue++
				}
				if c.Progress != "" {
					assessed++
				}
			}
			if overdue == 0 || assessed != 11 {
				t.Errorf("overdue %d, assessed %d", overdue, assessed)
			}
			sum, err := a.Commitments.Summary(ctx, cn, commitment.Filter{}, nil, nil)
			if err != nil || len(sum) != 4 {
				t.Fatalf("summary: %v %v", sum, err)
			}
			// The register's SQL aggregate agrees with the pure Summarize over the full histories.
			var pure []commitment.Commitment
			hist := map[string][]commitment.Assessment{}
			var parties []commitment.Party
			for _, p := range sum {
				parties = append(parties, p.Party)
			}
			for _, c := range cs {
				d, err := a.Commitments.Get(ctx, us, c.ID, nil)
				if err != nil {
					t.Fatal(err)
				}
				pure = append(pure, d.Commitment.Pure())
				for _, x := range d.Assessments {
					hist[c.ID] = append(hist[c.ID], x.Assessment)
				}
			}
			for i, want := range commitment.Summarize(parties, pure, hist, "") {
				got := sum[i]
				if got.Assessed != want.Assessed || got.Full != want.Full || got.Partial != want.Partial || got.Non != want.Non {
					t.Errorf("party %s: SQL %+v, Summarize %+v", want.Party.ID, got, want)
				}
			}
			var svg bytes.Buffer
			if err := commitment.ComplianceChartSVG(&svg, sum, commitment.ChartOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
