package demo_test

import (
	"context"
	"testing"

	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The demo seed adds a co-convened dialogue, sessions in several states and places, and twenty
// participants per side; a second run adds nothing.
func TestDemoDialoguesSeedIdempotent(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		a := testkit.NewApp(t, testkit.Config(t, b))
		ctx := context.Background()
		for run := 0; run < 2; run++ {
			res, err := demo.Seed(ctx, a, "demo-passphrase-for-tests")
			if err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			us, cn := res.Users[demo.USOrganizer].Scope(), res.Users[demo.CNOrganizer].Scope()
			for _, sc := range []struct {
				name string
				ps   int
			}{{"us", 23}, {"cn", 22}} { // 20 each, plus one per side from the screening demo (screening.go) and 2 + 1 from screening_facts.go
				scope := us
				if sc.name == "cn" {
					scope = cn
				}
				ps, err := a.Participants.List(ctx, scope, participant.Filter{Limit: 100})
				if err != nil || len(ps) != sc.ps {
					t.Fatalf("run %d %s participants: %d %v", run, sc.name, len(ps), err)
				}
			}
			ds, _ := a.Dialogues.ListDialogues(ctx, cn, "", 10)
			if len(ds) != 1 {
				t.Fatalf("run %d: CN sees %d dialogues", run, len(ds))
			}
			ss, err := a.Dialogues.ListSessions(ctx, us, dialogue.SessionFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			// 6 sessions of the dialogue demo plus 2 of the screening demo (screening.go) and 1 of screening_facts.go
			statuses := map[string]bool{}
			places := map[string]bool{}
			for _, s := range ss {
				statuses[s.Status] = true
				places[s.City+s.Format] = true
			}
			if len(ss) != 9 || !statuses["scheduled"] || !statuses["proposed"] || !statuses["held"] || !statuses["cancelled"] || !statuses["draft"] {
				t.Fatalf("run %d sessions: %d %v", run, len(ss), statuses)
			}
			if !places["Washingtonin_person"] || !places["Beijingin_person"] || !places["Singaporehybrid"] || !places["online"] {
				t.Fatalf("places: %v", places)
			}
		}
	})
}
