package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

type flagJSON struct {
	ID            string                `json:"id"`
	RuleID        string                `json:"rule_id"`
	Severity      string                `json:"severity"`
	Status        string                `json:"status"`
	ParticipantID string                `json:"participant_id"`
	Explanation   string                `json:"explanation"`
	Matches       []screening.FlagMatch `json:"matches"`
	History       []screening.FlagEvent `json:"history"`
	Citations     []any                 `json:"citations"`
}

func flagsOf(t *testing.T, env *testkit.Env, path, tok string) map[string]flagJSON {
	t.Helper()
	r := env.Do("GET", path, tok, nil)
	mustStatus(t, r, 200)
	var out struct {
		Items      []flagJSON `json:"items"`
		Disclaimer string     `json:"disclaimer"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatal(err)
	}
	if out.Disclaimer == "" {
		t.Fatal("flag list without the disclaimer")
	}
	m := map[string]flagJSON{}
	for _, f := range out.Items {
		m[f.RuleID+"/"+f.ParticipantID] = f
	}
	return m
}

var beijing = map[string]any{"city": "Beijing", "province": "Beijing", "country": "CN", "timezone": "Asia/Shanghai",
	"starts_at": "2030-03-12T09:00", "ends_at": "2030-03-12T17:00"}

func TestFlagsLifecycle(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		importSDN(t, env)
		sid := w.session(t, w.usTok, beijing)
		w.transition(t, w.usTok, sid, "proposed", "", 200) // a draft is its writer's alone
		path := "/api/v1/sessions/" + sid + "/flags"

		// A session in Beijing by a US NGO without a filing: block, with citations and explanation.
		fl := flagsOf(t, env, path, w.usTok)
		un, ok := fl["CN-ONGO-UNREGISTERED/"]
		if !ok || un.Severity != "block" || un.Status != "open" || len(un.Citations) == 0 || un.Explanation == "" {
			t.Fatalf("unregistered: %+v in %v", un, fl)
		}
		// The co-convener sees the session's flags too; an outsider gets 404.
		if _, ok := flagsOf(t, env, path, w.cnTok)["CN-ONGO-UNREGISTERED/"]; !ok {
			t.Fatal("co-convener does not see the session flag")
		}
		mustStatus(t, env.Do("GET", path, w.xxTok, nil), 404)

		// Review lifecycle.
		fp := "/api/v1/flags/" + un.ID
		mustStatus(t, env.Do("PATCH", fp, w.usTok, map[string]any{"status": "dismissed"}), 422)
		mustStatus(t, env.Do("PATCH", fp, w.usTok, map[string]any{"status": "closed"}), 422)
		mustStatus(t, env.Do("PATCH", fp, w.xxTok, map[string]any{"status": "acknowledged"}), 404)
		mustStatus(t, env.Do("PATCH", fp, w.cnTok, map[string]any{"status": "acknowledged"}), 404) // reviewed by the organizer's org
		mustStatus(t, env.Do("PATCH", fp, w.usMember, map[string]any{"status": "acknowledged"}), 403)
		mustStatus(t, env.Do("PATCH", fp, w.usTok, map[string]any{"status": "acknowledged"}), 200)
		r := env.Do("PATCH", fp, w.usTok, map[string]any{"status": "dismissed", "reason": "filing is being prepared by the partner"})
		mustStatus(t, r, 200)
		var got flagJSON
		_ = json.Unmarshal(r.Body, &got)
		if got.Status != "dismissed" || len(got.History) != 3 {
			t.Fatalf("after review: %+v", got)
		}

		// Input change: session edited (a timely filing covering the place) → resolved, not deleted,
		// its history kept; a late filing raises CN-ONGO-LATE-FILING.
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"filing_number": "TMP-2030-01",
			"filing_date": "2030-03-05", "filing_period_start": "2030-03-01", "filing_period_end": "2030-03-31", "filing_area": "Beijing"}), 200)
		fl = flagsOf(t, env, path, w.usTok)
		if f := fl["CN-ONGO-UNREGISTERED/"]; f.Status != "resolved" || f.ID != un.ID {
			t.Fatalf("unregistered after filing: %+v", f)
		}
		if f := fl["CN-ONGO-LATE-FILING/"]; f.Severity != "high" || f.Status != "open" {
			t.Fatalf("late filing: %+v", fl)
		}
		r = env.Do("GET", fp, w.usTok, nil)
		_ = json.Unmarshal(r.Body, &got)
		if len(got.History) != 4 || got.History[3].ToStatus != "resolved" {
			t.Fatalf("history after resolution: %+v", got.History)
		}
		mustStatus(t, env.Do("PATCH", fp, w.usTok, map[string]any{"status": "acknowledged"}), 422) // resolved: nothing to review
		// The filing removed again: the same flag is raised again (open), history intact.
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"filing_number": "", "filing_date": "",
			"filing_period_start": "", "filing_period_end": "", "filing_area": ""}), 200)
		fl = flagsOf(t, env, path, w.usTok)
		if f := fl["CN-ONGO-UNREGISTERED/"]; f.Status != "open" || f.ID != un.ID {
			t.Fatalf("raised again: %+v", f)
		}
		if f := fl["CN-ONGO-LATE-FILING/"]; f.Status != "resolved" {
			t.Fatalf("late filing should be resolved: %+v", f)
		}

		// Attendee added: a participant matching an SDN entry by name and birth date → block; the
		// flag belongs to the participant's organization.
		pid := w.participant(t, w.cnTok, "Li Fangwei", "李方伟")
		mustStatus(t, env.Do("PATCH", "/api/v1/participants/"+pid, w.cnTok, map[string]any{"birth_date": "1972-09-18"}), 200)
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, map[string]any{"participant_id": pid}), 201)
		fl = flagsOf(t, env, path, w.cnTok)
		sdn, ok := fl["US-OFAC-SDN/"+pid]
		if !ok || sdn.Severity != "block" || len(sdn.Matches) == 0 || sdn.Matches[0].Level != "corroborated" {
			t.Fatalf("SDN with birth date: %+v", fl)
		}
		if _, seen := flagsOf(t, env, path, w.usTok)["US-OFAC-SDN/"+pid]; seen {
			t.Fatal("the other organization sees a participant flag of the CN registry")
		}
		pf := flagsOf(t, env, "/api/v1/participants/"+pid+"/flags", w.cnTok)
		if _, ok := pf["US-OFAC-SDN/"+pid]; !ok {
			t.Fatalf("participant flags: %v", pf)
		}
		mustStatus(t, env.Do("GET", "/api/v1/participants/"+pid+"/flags", w.usTok, nil), 404)

		if strings.Contains(sdn.Explanation, "&{") || !strings.Contains(sdn.Explanation, "Institute of Li Fangwei") {
			t.Fatalf("explanation: %s", sdn.Explanation)
		}
		// Participant edited: without birth date and nationality only the name matches → warn
		// ("needs corroboration"), and it is the same flag (its history kept).
		mustStatus(t, env.Do("PATCH", "/api/v1/participants/"+pid, w.cnTok, map[string]any{"birth_date": "", "nationality": []string{}}), 200)
		fl = flagsOf(t, env, path, w.cnTok)
		if f := fl["US-OFAC-SDN/"+pid]; f.ID != sdn.ID || f.Severity != "warn" || f.Matches[0].Level != "possible" {
			t.Fatalf("name-only SDN: %+v", f)
		}
	})
}

func TestFlagsListReimportAndRuleChange(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, nil)
		pid := w.participant(t, w.usTok, "Jonathan Q Smithers", "")
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": pid}), 201)
		path := "/api/v1/sessions/" + sid + "/flags"
		if _, ok := flagsOf(t, env, path, w.usTok)["US-OFAC-SDN/"+pid]; ok {
			t.Fatal("flag before any list")
		}
		// List re-imported with the participant's name → flag raised on the next read.
		dir := t.TempDir()
		_ = os.WriteFile(filepath.Join(dir, "sdn.csv"), []byte(`1,"SMITHERS, Jonathan Q",individual,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `+"\n"), 0o600)
		_ = os.WriteFile(filepath.Join(dir, "alt.csv"), []byte(`1,1,"aka","SMITHERS, Jon",-0- `+"\n"), 0o600)
		_ = os.WriteFile(filepath.Join(dir, "add.csv"), []byte(`1,1,-0- ,"London",United Kingdom,-0- `+"\n"), 0o600)
		if _, err := env.App.Screening.Import(context.Background(), operator, screening.ImportInput{Format: screening.FormatOFAC,
			Shared: true, Files: os.DirFS(dir), Names: []string{"sdn.csv", "alt.csv", "add.csv"}}); err != nil {
			t.Fatal(err)
		}
		// The import kicks the background sweep (not running in tests): until it runs, reads show
		// the flags as stored; after it, the new match.
		if _, ok := flagsOf(t, env, path, w.usTok)["US-OFAC-SDN/"+pid]; ok {
			t.Fatal("a read recomputed the flags")
		}
		if n, err := env.App.Screening.Sweep(context.Background()); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		fl := flagsOf(t, env, path, w.usTok)
		if f, ok := fl["US-OFAC-SDN/"+pid]; !ok || f.Status != "open" {
			t.Fatalf("after re-import: %v", fl)
		}

		// Rule set changed at start: a copy of the rules with US-OFAC-SDN's default severity raised.
		rulesDir := t.TempDir()
		for _, f := range []string{"cn-overseas-ngo.yaml", "us.yaml", "data-protection.yaml"} {
			raw, err := os.ReadFile(filepath.Join("../../configs/rules", f))
			if err != nil {
				t.Fatal(err)
			}
			if f == "us.yaml" {
				raw = []byte(strings.Replace(string(raw), "    severity: warn\n    let:\n      person_hits", "    severity: high\n    let:\n      person_hits", 1))
			}
			_ = os.WriteFile(filepath.Join(rulesDir, f), raw, 0o600)
		}
		cfg := env.App.Config
		cfg.RulesDir = rulesDir
		a2, err := app.Build(context.Background(), cfg, env.App.DB, env.App.Log)
		if err != nil {
			t.Fatal(err)
		}
		if a2.Screening.Rules().Version() == env.App.Screening.Rules().Version() {
			t.Fatal("rule set version unchanged")
		}
		// At start the flags predate the rule set; the background worker re-screens them.
		if n, err := a2.Screening.StaleSessions(context.Background()); err != nil || n != 1 {
			t.Fatalf("stale at start: %d %v", n, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { a2.Screening.Run(ctx, time.Hour); close(done) }()
		for end := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if n, _ := a2.Screening.StaleSessions(context.Background()); n == 0 {
				break
			}
			if time.Now().After(end) {
				t.Fatal("the start-up sweep did not re-screen")
			}
		}
		cancel()
		<-done
		// (Read through the new app: every instance runs one rule set; the old one would recompute.)
		got, err := a2.Screening.SessionFlags(context.Background(), w.us.Organizer.Scope(), sid)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range got {
			if f.RuleID == "US-OFAC-SDN" {
				found = true
				if f.Severity != "high" || len(f.History) != 0 && f.Status != "open" {
					t.Fatalf("after the rule change: %+v", f)
				}
			}
		}
		if !found {
			t.Fatal("flag lost after the rule change")
		}
	})
}

func TestFlagPages(t *testing.T) {
	w := newI3World(t, testkit.Backend{Name: "sqlite"})
	env := w.env
	importSDN(t, env)
	sid := w.session(t, w.usTok, beijing)
	pid := w.participant(t, w.usTok, "Li Fangwei", "李方伟")
	mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": pid}), 201)
	br := env.Browser()
	br.Login(w.us.Organizer)
	r := br.Get("/sessions/" + sid)
	if r.Status != 200 || !strings.Contains(string(r.Body), `class="flag-badges"`) || !strings.Contains(string(r.Body), "/sessions/"+sid+"/flags") {
		t.Fatalf("session page badge: %d", r.Status)
	}
	r = br.Get("/sessions/" + sid + "/flags")
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, "CN-ONGO-UNREGISTERED") || !strings.Contains(body, "US-OFAC-SDN") || !strings.Contains(body, "never legal clearance") {
		t.Fatalf("flags page: %d %s", r.Status, body)
	}
	if b, h := strings.Index(body, `id="h-sev-block"`), strings.Index(body, `id="h-sev-high"`); b < 0 || (h >= 0 && h < b) {
		t.Fatal("not grouped most severe first")
	}
	r = br.Get("/participants")
	if !strings.Contains(string(r.Body), `class="badge block"`) {
		t.Fatalf("participant list badge missing: %s", r.Body)
	}
	fl := flagsOf(t, env, "/api/v1/sessions/"+sid+"/flags", w.usTok)
	f := fl["US-OFAC-SDN/"+pid]
	r = br.Get("/flags/" + f.ID)
	if r.Status != 200 || !strings.Contains(string(r.Body), "LI, Fangwei") || !strings.Contains(string(r.Body), "Corroborated") {
		t.Fatalf("flag page: %d %s", r.Status, r.Body)
	}
	r = br.Post("/flags/"+f.ID, url.Values{"status": {"dismissed"}})
	if r.Status != 422 || !strings.Contains(string(r.Body), `id="e-reason"`) {
		t.Fatalf("dismiss without reason: %d", r.Status)
	}
	r = br.Post("/flags/"+f.ID, url.Values{"status": {"dismissed"}, "reason": {"different person: born 1990"}})
	if r.Status != 200 && r.Status != 303 {
		t.Fatalf("dismiss: %d", r.Status)
	}
	if got := flagsOf(t, env, "/api/v1/sessions/"+sid+"/flags", w.usTok)["US-OFAC-SDN/"+pid]; got.Status != "dismissed" {
		t.Fatalf("after dismissal: %+v", got)
	}
}

// TestFlagReadsArePure: reading flags (API lists, the flags page, the session page's badge, a
// participant's flags) writes nothing — no flag, no flag event, no screening state, no audit
// event — even when the stored flags are stale; the background sweep recomputes them.
func TestFlagReadsArePure(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, beijing)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		pid := w.participant(t, w.usTok, "Jane Roe", "")
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": pid}), 201)
		path := "/api/v1/sessions/" + sid + "/flags"
		// Raised when the session was written, with when and with which rules.
		r := env.Do("GET", path, w.usTok, nil)
		mustStatus(t, r, 200)
		if m := r.JSON(); m["screened_at"] == nil || m["rules_version"] != env.App.Screening.Rules().Version() || m["rules_current"] != true {
			t.Fatalf("screening state: %v", m)
		}
		if f := flagsOf(t, env, path, w.usTok)["CN-ONGO-UNREGISTERED/"]; f.Status != "open" {
			t.Fatalf("not raised on write: %+v", f)
		}
		// The session changes behind the services' back: the stored flags are now stale.
		raw := testkit.RawDB(t, env.App.Config)
		if err := raw.Exec("UPDATE sessions SET filing_number = 'TMP-1', filing_date = '2030-02-01', filing_period_start = '2030-03-01', "+
			"filing_period_end = '2030-03-31', filing_area = 'Beijing' WHERE id = ?", sid).Error; err != nil {
			t.Fatal(err)
		}
		snapshot := func() string {
			var flags, events, audits int64
			var state []string
			raw.Table("flags").Where("session_id = ?", sid).Count(&flags)
			raw.Table("flag_events").Count(&events)
			raw.Table("audit_events").Where("action = ?", "flags.recompute").Count(&audits)
			raw.Table("session_screening").Where("session_id = ?", sid).Pluck("fingerprint", &state)
			var updated []time.Time
			raw.Table("flags").Where("session_id = ?", sid).Order("id").Pluck("updated_at", &updated)
			return fmt.Sprint(flags, events, audits, state, updated)
		}
		before := snapshot()
		flagsOf(t, env, path, w.usTok)
		flagsOf(t, env, path, w.cnTok)
		flagsOf(t, env, "/api/v1/participants/"+pid+"/flags", w.usTok)
		br := env.Browser()
		br.Login(w.us.Organizer)
		for _, page := range []string{"/sessions/" + sid, "/sessions/" + sid + "/flags", "/participants"} {
			if r := br.Get(page); r.Status != 200 {
				t.Fatalf("%s: %d", page, r.Status)
			}
		}
		if after := snapshot(); after != before {
			t.Fatalf("a read wrote:\nbefore %s\nafter  %s", before, after)
		}
		if f := flagsOf(t, env, path, w.usTok)["CN-ONGO-UNREGISTERED/"]; f.Status != "open" {
			t.Fatalf("a read recomputed: %+v", f)
		}
		// The sweep recomputes: the filing clears the flag (resolved, not deleted).
		if _, err := env.App.Screening.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		fl := flagsOf(t, env, path, w.usTok)
		if f := fl["CN-ONGO-UNREGISTERED/"]; f.Status != "resolved" {
			t.Fatalf("after the sweep: %+v", fl)
		}
		if snapshot() == before {
			t.Fatal("the sweep wrote nothing")
		}
	})
}
