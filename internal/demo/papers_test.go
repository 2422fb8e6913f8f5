package demo_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestDemoPapers: on issue 3's demo sessions the seed adds calls for papers and papers of both
// sides, some under review and some accepted; a second run adds nothing.
func TestDemoPapers(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		ctx := context.Background()
		const pw = "demo-passphrase-for-tests-1"
		count := func() (n, accepted, review, zh int) {
			r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": demo.CNOrganizer, "password": pw})
			tok, _ := r.JSON()["access_token"].(string)
			r = env.Do("GET", "/api/v1/sessions?limit=200", tok, nil)
			var ss struct{ Items []struct{ ID string } }
			_ = json.Unmarshal(r.Body, &ss)
			for _, se := range ss.Items {
				r := env.Do("GET", "/api/v1/sessions/"+se.ID+"/papers", tok, nil)
				var ps struct{ Items []paper.Paper }
				_ = json.Unmarshal(r.Body, &ps)
				for _, p := range ps.Items {
					n++
					switch p.Status {
					case paper.StatusAccepted:
						accepted++
					case paper.StatusUnderReview:
						review++
					}
					if p.Language == "zh" {
						zh++
					}
				}
			}
			return
		}
		var first [4]int
		for run := 0; run < 2; run++ {
			if _, err := demo.Seed(ctx, env.App, pw); err != nil {
				t.Fatal(err)
			}
			n, acc, rev, zh := count()
			if n < 4 || acc < 1 || rev < 1 || zh < 1 {
				t.Fatalf("run %d: %d papers, %d accepted, %d under review, %d in Chinese", run, n, acc, rev, zh)
			}
			if run == 0 {
				first = [4]int{n, acc, rev, zh}
			} else if [4]int{n, acc, rev, zh} != first {
				t.Fatalf("second run changed the papers: %v → %v", first, [4]int{n, acc, rev, zh})
			}
		}
	})
}
