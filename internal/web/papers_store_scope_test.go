package web_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/paper"
	"github.com/tracktwo/tracktwo/internal/store"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestPaperStoreScopesEveryQuery calls the paper store directly, past the service's checks, with
// the scope of an organization that does not convene the dialogue: reads find nothing and writes
// answer not-found and change nothing (DESIGN rule 2: the scope is in the query itself).
func TestPaperStoreScopesEveryQuery(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, nil)
		r := postMultipart(t, w.env, "/api/v1/sessions/"+w.sessionID+"/papers", w.usMember, paperParts("p.pdf", testFile(t, "paper.pdf"), w.usAuthor))
		mustStatus(t, r, 201)
		pid := str(r.JSON(), "id")

		ctx := context.Background()
		ps := store.NewPapers(w.env.App.DB)
		insider := tenant.Scope{OrgID: w.us.Org.ID, UserID: w.us.Organizer.ID, Role: tenant.RoleOrganizer}
		outsider := tenant.Scope{OrgID: w.xx.Org.ID, UserID: w.xx.Admin.ID, Role: tenant.RoleAdmin}
		inTx := func(fn func(ctx context.Context) error) error { return w.env.App.DB.InTx(ctx, fn) }

		// The insider's view, to compare with.
		p, err := ps.GetPaper(ctx, insider, pid)
		if err != nil {
			t.Fatalf("insider reads the paper: %v", err)
		}
		if as, _ := ps.Authors(ctx, insider, []string{pid}); len(as) != 1 {
			t.Fatalf("insider sees %d authors, want 1", len(as))
		}

		t.Run("reads by an outsider find nothing", func(t *testing.T) {
			if _, err := ps.GetPaper(ctx, outsider, pid); !errors.Is(err, paper.ErrNotFound) {
				t.Errorf("GetPaper: %v", err)
			}
			if c, err := ps.Call(ctx, outsider, w.sessionID); c != nil || err != nil {
				t.Errorf("Call: %v %v", c, err)
			}
			as, _ := ps.Authors(ctx, outsider, []string{pid})
			vs, _ := ps.Versions(ctx, outsider, pid)
			rs, _ := ps.Reviewers(ctx, outsider, pid)
			es, _ := ps.Events(ctx, outsider, pid)
			parts, _ := ps.Participants(ctx, outsider, w.sessionID, []string{w.usAuthor})
			users, _ := ps.Users(ctx, outsider, []string{w.us.Org.ID, w.cn.Org.ID})
			if len(as)+len(vs)+len(rs)+len(es)+len(parts)+len(users) != 0 {
				t.Errorf("outsider sees authors %d, versions %d, reviewers %d, events %d, participants %d, users %d",
					len(as), len(vs), len(rs), len(es), len(parts), len(users))
			}
			if u, _ := ps.Member(ctx, outsider, w.us.Organizer.ID, []string{w.us.Org.ID}); u != nil {
				t.Errorf("Member found %v", u)
			}
		})

		t.Run("writes by an outsider are refused and change nothing", func(t *testing.T) {
			now := time.Now().UTC()
			changed := *p
			changed.Title = "hijacked"
			writes := map[string]func(ctx context.Context) error{
				"UpdatePaper": func(ctx context.Context) error { return ps.UpdatePaper(ctx, outsider, &changed) },
				"SetAuthors":  func(ctx context.Context) error { return ps.SetAuthors(ctx, outsider, pid, nil) },
				"AddEvent": func(ctx context.Context) error {
					return ps.AddEvent(ctx, outsider, &paper.Event{ID: "0190f1e2-0000-7000-8000-000000000001", PaperID: pid, Kind: "x", At: now})
				},
				"SaveCall": func(ctx context.Context) error {
					return ps.SaveCall(ctx, outsider, &paper.Call{SessionID: w.sessionID, DialogueID: w.dialogueID, OrgID: w.xx.Org.ID, Deadline: now})
				},
				"CreatePaper": func(ctx context.Context) error {
					q := *p
					q.ID = "0190f1e2-0000-7000-8000-000000000002"
					return ps.CreatePaper(ctx, outsider, &q)
				},
			}
			for name, fn := range writes {
				if err := inTx(fn); !errors.Is(err, paper.ErrNotFound) {
					t.Errorf("%s by an outsider: %v, want not found", name, err)
				}
			}
			after, err := ps.GetPaper(ctx, insider, pid)
			if err != nil || after.Title != p.Title {
				t.Fatalf("paper after outsider writes: %v %v", after, err)
			}
			as, _ := ps.Authors(ctx, insider, []string{pid})
			es, _ := ps.Events(ctx, insider, pid)
			c, _ := ps.Call(ctx, insider, w.sessionID)
			if len(as) != 1 || c == nil || c.OrgID != w.us.Org.ID || len(es) == 0 {
				t.Fatalf("authors %d, call %+v, events %d after outsider writes", len(as), c, len(es))
			}
			for _, e := range es {
				if e.Kind == "x" {
					t.Fatalf("outsider's event was stored")
				}
			}
		})
	})
}
