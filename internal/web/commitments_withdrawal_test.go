package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestCommitmentWithdrawal: a commitment is withdrawn (with a reason) rather than deleted; it
// leaves the register and the per-party totals, cannot be assessed or edited, and comes back as it
// was when reinstated. Through HTTP, on both databases.
func TestCommitmentWithdrawal(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env := w.env
		ctx, sc := context.Background(), w.us.Organizer.Scope()
		create := func(title string, parties []string, due string) string {
			t.Helper()
			r := env.Do("POST", "/api/v1/commitments", w.usTok, map[string]any{"session_id": w.sessionID, "title_en": title,
				"title_zh": "承诺" + title, "parties": parties, "due": due})
			mustStatus(t, r, http.StatusCreated)
			return str(r.JSON(), "id")
		}
		assess := func(tok, id string, scores map[string]int, want int) *testkit.Response {
			t.Helper()
			var comp []map[string]any
			for p, s := range scores {
				comp = append(comp, map[string]any{"party": p, "score": s})
			}
			r := env.Do("POST", "/api/v1/commitments/"+id+"/assessments", tok, map[string]any{"progress": "limited",
				"compliance": comp, "evidence": "readout", "assessor": "panel", "assessed_at": "2025-06-01"})
			mustStatus(t, r, want)
			return r
		}
		// totals is the register's per-party summary as "party:assessed/full/partial/non", in party order.
		totals := func(f commitment.Filter) string {
			t.Helper()
			sums, err := env.App.Commitments.Summary(ctx, sc, f, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range sums {
				out = append(out, s.Party.ID+":"+itoa(s.Assessed)+"/"+itoa(s.Full)+"/"+itoa(s.Partial)+"/"+itoa(s.Non))
			}
			return strings.Join(out, " ")
		}
		ids := func(q string) map[string]bool {
			t.Helper()
			r := env.Do("GET", "/api/v1/commitments"+q, w.cnTok, nil)
			mustStatus(t, r, http.StatusOK)
			out := map[string]bool{}
			for _, c := range items(r) {
				out[str(c, "id")] = true
			}
			return out
		}
		kept := create("Kept", []string{"US", "CN"}, "2020-01-31")
		gone := create("Gone", []string{"US", "CN"}, "2020-02-28") // overdue, like kept
		assess(w.usTok, kept, map[string]int{"US": 1, "CN": 0}, 201)
		assess(w.usTok, gone, map[string]int{"US": -1, "CN": -1}, 201)
		withdraw := func(tok, id string, body map[string]any) *testkit.Response {
			return env.Do("POST", "/api/v1/commitments/"+id+"/withdrawal", tok, body)
		}
		before := totals(commitment.Filter{})
		beforeOverdue := totals(commitment.Filter{Overdue: true})
		beforeDialogue := totals(commitment.Filter{DialogueID: w.dialogueID})

		t.Run("withdraw-needs-a-reason", func(t *testing.T) {
			for _, body := range []map[string]any{{}, {"reason": "   "}, {"reason": strings.Repeat("字", commitment.MaxWithdrawReason+1)}} {
				r := withdraw(w.usTok, gone, body)
				mustStatus(t, r, http.StatusUnprocessableEntity)
				if _, ok := fieldErrors(r)["reason"]; !ok {
					t.Errorf("no problem for reason: %s", r.Body)
				}
			}
			if got := ids(""); !got[gone] {
				t.Fatal("a refused withdrawal took the commitment off the register")
			}
		})

		t.Run("withdraw-by-member-is-forbidden", func(t *testing.T) {
			mustStatus(t, withdraw(w.usMember, gone, map[string]any{"reason": "mistake"}), http.StatusForbidden)
			if got := ids(""); !got[gone] {
				t.Fatal("a member's withdrawal took effect")
			}
		})

		t.Run("outsider-gets-404", func(t *testing.T) {
			mustStatus(t, withdraw(w.xxTok, gone, map[string]any{"reason": "mistake"}), http.StatusNotFound)
			mustStatus(t, env.Do("DELETE", "/api/v1/commitments/"+gone+"/withdrawal", w.xxTok, nil), http.StatusNotFound)
			mustStatus(t, withdraw(w.usTok, "0190b7a4-0000-7000-8000-000000000000", map[string]any{"reason": "x"}), http.StatusNotFound)
		})

		t.Run("withdrawn-leaves-the-register-and-totals", func(t *testing.T) {
			// The other convener's organizer may withdraw too (the rule of who may edit).
			r := withdraw(w.cnTok, gone, map[string]any{"reason": "  Recorded twice; see the first entry.  "})
			mustStatus(t, r, http.StatusOK)
			if got := r.JSON(); got["withdrawn_reason"] != "Recorded twice; see the first entry." || got["withdrawn_at"] == nil {
				t.Fatalf("withdrawal answer: %s", r.Body)
			}
			mustStatus(t, withdraw(w.usTok, gone, map[string]any{"reason": "again"}), http.StatusConflict)
			if got := ids(""); got[gone] || !got[kept] {
				t.Errorf("register after withdrawal: %v", got)
			}
			if got := ids("?overdue=true"); got[gone] || !got[kept] {
				t.Errorf("overdue register after withdrawal: %v", got)
			}
			if got := ids("?status=withdrawn"); !got[gone] || got[kept] || len(got) != 1 {
				t.Errorf("?status=withdrawn: %v", got)
			}
			r = env.Do("GET", "/api/v1/commitments/"+gone, w.usTok, nil)
			mustStatus(t, r, http.StatusOK)
			c := r.JSON()["commitment"].(map[string]any)
			if c["withdrawn_by"] != w.cn.Organizer.ID || c["withdrawn_by_name"] != w.cn.Organizer.Name ||
				c["withdrawn_reason"] != "Recorded twice; see the first entry." || c["withdrawn_at"] == nil {
				t.Errorf("GET one: %v", c)
			}
			if n := len(r.JSON()["assessments"].([]any)); n != 1 {
				t.Errorf("the withdrawn commitment's assessments: %d, want 1 (kept)", n)
			}
			// Only kept counts now: US +1, CN 0.
			if got, want := totals(commitment.Filter{}), "CN:1/0/1/0 US:1/1/0/0"; got != want {
				t.Errorf("totals after withdrawal: %q, want %q (before %q)", got, want, before)
			}
			if got, want := totals(commitment.Filter{Overdue: true}), "CN:1/0/1/0 US:1/1/0/0"; got != want {
				t.Errorf("overdue totals after withdrawal: %q, want %q", got, want)
			}
			if got, want := totals(commitment.Filter{Status: "withdrawn"}), "CN:1/0/0/1 US:1/0/0/1"; got != want {
				t.Errorf("withdrawn-only totals: %q, want %q", got, want)
			}
			r = env.Do("GET", "/api/v1/audit-events", w.cnAdminTok, nil)
			if !bytes.Contains(r.Body, []byte(`"commitment.withdraw"`)) || !bytes.Contains(r.Body, []byte("Recorded twice")) {
				t.Errorf("audit lacks the withdrawal and its reason: %s", truncate(r.Body))
			}
		})

		t.Run("withdrawn-cannot-be-assessed", func(t *testing.T) {
			assess(w.usTok, gone, map[string]int{"US": 1}, http.StatusConflict)
			mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+gone, w.usTok, map[string]any{"owner": "x"}), http.StatusConflict)
			r := env.Do("GET", "/api/v1/commitments/"+gone, w.usTok, nil)
			if n := len(r.JSON()["assessments"].([]any)); n != 1 {
				t.Errorf("assessments after a refused one: %d", n)
			}
		})

		t.Run("reinstate-restores-totals", func(t *testing.T) {
			mustStatus(t, env.Do("DELETE", "/api/v1/commitments/"+gone+"/withdrawal", w.usMember, nil), http.StatusForbidden)
			r := env.Do("DELETE", "/api/v1/commitments/"+gone+"/withdrawal", w.usTok, nil)
			mustStatus(t, r, http.StatusOK)
			if got := r.JSON(); got["withdrawn_at"] != nil || got["progress"] != "limited" {
				t.Errorf("reinstated: %s", r.Body)
			}
			mustStatus(t, env.Do("DELETE", "/api/v1/commitments/"+gone+"/withdrawal", w.usTok, nil), http.StatusConflict)
			if got := totals(commitment.Filter{}); got != before {
				t.Errorf("totals after reinstatement: %q, want %q", got, before)
			}
			if got := totals(commitment.Filter{Overdue: true}); got != beforeOverdue {
				t.Errorf("overdue totals after reinstatement: %q, want %q", got, beforeOverdue)
			}
			if got := totals(commitment.Filter{DialogueID: w.dialogueID}); got != beforeDialogue {
				t.Errorf("dialogue totals after reinstatement: %q, want %q", got, beforeDialogue)
			}
			if got := ids(""); !got[gone] {
				t.Error("the reinstated commitment is not back on the register")
			}
			if got := ids("?status=withdrawn"); len(got) != 0 {
				t.Errorf("withdrawn after reinstatement: %v", got)
			}
			assess(w.usTok, gone, map[string]int{"US": 1}, http.StatusCreated) // in force again
			r = env.Do("GET", "/api/v1/audit-events", w.usAdminTok, nil)
			if !bytes.Contains(r.Body, []byte(`"commitment.reinstate"`)) {
				t.Errorf("audit lacks the reinstatement: %s", truncate(r.Body))
			}
		})

		t.Run("page-shows-notice-in-both-languages", func(t *testing.T) {
			en := env.Browser()
			en.Login(w.us.Organizer)
			page := en.Get("/commitments/" + kept)
			for _, s := range []string{`action="/commitments/` + kept + `/withdrawal"`, `name="withdraw_reason"`} {
				if !strings.Contains(string(page.Body), s) {
					t.Fatalf("no withdrawal form (%s): %s", s, truncate(page.Body))
				}
			}
			// Without a reason: 422, the error on the form.
			r := en.Post("/commitments/"+kept+"/withdrawal", url.Values{"withdraw_reason": {" "}})
			mustStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(string(r.Body), `id="e-withdraw_reason"`) {
				t.Errorf("no error on the reason field: %s", truncate(r.Body))
			}
			r = en.Post("/commitments/"+kept+"/withdrawal", url.Values{"withdraw_reason": {"Overtaken by <the 2026 commitment>"}})
			mustStatus(t, r, http.StatusSeeOther)
			page = en.Get("/commitments/" + kept)
			body := string(page.Body)
			for _, s := range []string{`id="withdrawn-notice"`, "Withdrawn on ", "by " + w.us.Organizer.Name + ":",
				"Overtaken by &lt;the 2026 commitment&gt;", `action="/commitments/` + kept + `/reinstatement"`, "Reinstate this commitment"} {
				if !strings.Contains(body, s) {
					t.Errorf("English page lacks %q", s)
				}
			}
			if strings.Contains(body, `action="/commitments/`+kept+`/assessments"`) {
				t.Error("the withdrawn commitment's page still offers the assessment form")
			}
			// A stale assessment form posted anyway: 409 with the reason on the page.
			r = en.Post("/commitments/"+kept+"/assessments", url.Values{"progress": {"limited"}, "evidence": {"x"}, "assessor": {"x"}})
			mustStatus(t, r, http.StatusConflict)
			if !strings.Contains(string(r.Body), "reinstate it before changing or assessing it") {
				t.Errorf("409 page without the reason: %s", truncate(r.Body))
			}
			reg := en.Get("/commitments?status=withdrawn")
			if !strings.Contains(string(reg.Body), `<option value="withdrawn" selected>`) || !strings.Contains(string(reg.Body), "/commitments/"+kept) {
				t.Errorf("register's withdrawn filter: %s", truncate(reg.Body))
			}

			zh := env.Browser()
			zh.Login(w.cn.Organizer)
			zh.Post("/language", url.Values{"lang": {"zh"}, "next": {"/"}})
			body = string(zh.Get("/commitments/" + kept).Body)
			for _, s := range []string{w.us.Organizer.Name + " 于 ", "撤回：", "已撤回", "恢复此承诺", "Overtaken by &lt;the 2026 commitment&gt;"} {
				if !strings.Contains(body, s) {
					t.Errorf("Chinese page lacks %q", s)
				}
			}
			if strings.Contains(body, "Withdrawn on") {
				t.Error("Chinese page shows the English notice")
			}
			r = zh.Post("/commitments/"+kept+"/reinstatement", nil)
			mustStatus(t, r, http.StatusSeeOther)
			if body := string(zh.Get("/commitments/" + kept).Body); strings.Contains(body, `id="withdrawn-notice"`) {
				t.Error("notice still shown after reinstatement")
			}
		})
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
