package demo_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestDemoPapers: with a demo session that has attendees of both sides, the seed adds a call
// for papers and papers in both languages, some under review and one accepted; a second run
// adds nothing.
func TestDemoPapers(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		ctx := context.Background()
		const pw = "demo-passphrase-for-tests-1"
		res, err := demo.Seed(ctx, env.App, pw)
		if err != nil {
			t.Fatal(err)
		}
		login := func(email string) string {
			r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": pw})
			if r.Status != 200 {
				t.Fatalf("login %s: %d", email, r.Status)
			}
			return r.JSON()["access_token"].(string)
		}
		us, cn := login(demo.USOrganizer), login(demo.CNOrganizer)
		must := func(r *testkit.Response, want int) map[string]any {
			t.Helper()
			if r.Status != want {
				t.Fatalf("%d, want %d: %s", r.Status, want, r.Body)
			}
			return r.JSON()
		}
		did := must(env.Do("POST", "/api/v1/dialogues", us, map[string]any{"title": "Demo dialogue"}), 201)["id"].(string)
		inv := must(env.Do("POST", "/api/v1/dialogues/"+did+"/invitations", us, map[string]any{"org_id": res.CNOrg.ID}), 201)["id"].(string)
		must(env.Do("POST", "/api/v1/dialogue-invitations/"+inv+"/accept", cn, nil), 200)
		sid := must(env.Do("POST", "/api/v1/sessions", us, map[string]any{"dialogue_id": did, "title": "Round 1", "format": "online",
			"timezone": "UTC", "starts_at": "2031-01-10T12:00:00Z", "ends_at": "2031-01-10T14:00:00Z"}), 201)["id"].(string)
		must(env.Do("POST", "/api/v1/sessions/"+sid+"/transitions", us, map[string]any{"to": "proposed"}), 200)
		for tok, name := range map[string]string{us: "Ann Lee", cn: "Wang Fang"} {
			pid := must(env.Do("POST", "/api/v1/participants", tok, map[string]any{"name_latin": name, "nationality": []string{"US"},
				"employer": "X", "employer_kind": "ngo"}), 201)["id"].(string)
			must(env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", tok, map[string]any{"participant_id": pid, "role": "speaker", "status": "confirmed"}), 201)
		}
		count := func() (n, accepted, review int) {
			cn = login(demo.CNOrganizer) // the seed resets the demo passwords, ending sessions
			r := must(env.Do("GET", "/api/v1/sessions/"+sid+"/papers", cn, nil), 200)
			raw, _ := json.Marshal(r["items"])
			var ps []paper.Paper
			_ = json.Unmarshal(raw, &ps)
			for _, p := range ps {
				switch p.Status {
				case paper.StatusAccepted:
					accepted++
				case paper.StatusUnderReview:
					review++
				}
			}
			return len(ps), accepted, review
		}
		for run := 0; run < 2; run++ {
			if _, err := demo.Seed(ctx, env.App, pw); err != nil {
				t.Fatal(err)
			}
			n, acc, rev := count()
			if n != 4 || acc != 1 || rev != 1 {
				t.Fatalf("run %d: %d papers, %d accepted, %d under review", run, n, acc, rev)
			}
		}
		must(env.Do("GET", "/api/v1/sessions/"+sid+"/papers/pack.zip", cn, nil), 200)
	})
}
