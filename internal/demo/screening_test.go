package demo_test

import (
	"context"
	"testing"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The screening demo: a Beijing session by the US NGO without a filing (block), a late filing
// (high), a name-only SDN match (warn, needs corroboration) and one with the birth date (block);
// a second seed adds nothing.
func TestDemoScreening(t *testing.T) {
	seededTwice(t, func(t *testing.T, a *app.App, res *demo.Result, run int) {
		ctx := context.Background()
		us, cn := res.Users[demo.USOrganizer].Scope(), res.Users[demo.CNOrganizer].Scope()
		ss, err := a.Dialogues.ListSessions(ctx, us, dialogue.SessionFilter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{}
		n := 0
		for _, s := range ss {
			ids[s.Title] = s.ID
			if s.Title == demo.DemoUnfiledSession {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("run %d: %d unfiled demo sessions", run, n)
		}
		got := map[string]string{}
		fl, err := a.Screening.SessionFlags(ctx, us, ids[demo.DemoUnfiledSession])
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fl {
			got["us "+f.RuleID] = f.Severity
		}
		fl, err = a.Screening.SessionFlags(ctx, cn, ids[demo.DemoUnfiledSession])
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fl {
			got["cn "+f.RuleID] = f.Severity
		}
		fl, err = a.Screening.SessionFlags(ctx, us, ids[demo.DemoLateSession])
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fl {
			got["late "+f.RuleID] = f.Severity
		}
		for k, want := range map[string]string{"us CN-ONGO-UNREGISTERED": "block", "us US-OFAC-SDN": "warn",
			"cn US-OFAC-SDN": "block", "late CN-ONGO-LATE-FILING": "high"} {
			if got[k] != want {
				t.Errorf("run %d: %s = %q, want %q (all: %v)", run, k, got[k], want, got)
			}
		}
	})
}

// The demo raises US-FARA, US-FL-VISITING-RESEARCHER and US-DOD-1286 from the facts stored on its
// participants, attendances and co-host (nothing is computed for the demo's sake); a second
// seed adds nothing.
func TestDemoScreeningFacts(t *testing.T) {
	seededTwice(t, func(t *testing.T, a *app.App, res *demo.Result, run int) {
		ctx := context.Background()
		us, cn := res.Users[demo.USOrganizer].Scope(), res.Users[demo.CNOrganizer].Scope()
		ss, err := a.Dialogues.ListSessions(ctx, us, dialogue.SessionFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		sid, n := "", 0
		for _, s := range ss {
			if s.Title == demo.DemoFactsSession {
				sid, n = s.ID, n+1
			}
		}
		if n != 1 {
			t.Fatalf("run %d: %d facts sessions", run, n)
		}
		got := map[string]string{}
		for side, sc := range map[string]tenant.Scope{"us": us, "cn": cn} {
			fl, err := a.Screening.SessionFlags(ctx, sc, sid)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fl {
				if f.Active() {
					got[side+" "+f.RuleID+" "+f.SubjectName] = f.Severity
				}
			}
		}
		for _, want := range []string{"us US-FARA Robert HALE", "us US-DOD-1286 Sarah KIM", "cn US-FL-VISITING-RESEARCHER 陈宇 (CHEN Yu)",
			"cn PIPL-CROSS-BORDER 陈宇 (CHEN Yu)"} {
			if got[want] != "warn" {
				t.Errorf("run %d: %s not raised (all: %v)", run, want, got)
			}
		}
	})
}

// seededTwice seeds the demo twice on a fresh instance of each backend and checks the result after
// each seed (the second must add nothing).
func seededTwice(t *testing.T, check func(t *testing.T, a *app.App, res *demo.Result, run int)) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		a := testkit.NewApp(t, testkit.Config(t, b))
		for run := 0; run < 2; run++ {
			res, err := demo.Seed(context.Background(), a, "demo-passphrase-for-tests")
			if err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			check(t, a, res, run)
		}
	})
}
