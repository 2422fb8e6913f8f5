package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

func init() {
	// Tenant B of the route matrix convenes a dialogue alone, with a session and a commitment.
	matrixFixtureFuncs = append(matrixFixtureFuncs, func(t *testing.T, w *world) map[string]string {
		tok := w.env.Token(w.b.Admin)
		r := w.env.Do("POST", "/api/v1/dialogues", tok, map[string]any{"title": "B's dialogue", "topic": "maritime"})
		mustStatus(t, r, http.StatusCreated)
		did := str(r.JSON(), "id")
		r = w.env.Do("POST", "/api/v1/sessions", tok, map[string]any{"dialogue_id": did, "title": "B's session", "format": "online",
			"timezone": "Asia/Shanghai", "starts_at": "2030-03-12T09:00", "ends_at": "2030-03-12T17:00"})
		mustStatus(t, r, http.StatusCreated)
		sid := str(r.JSON(), "id")
		r = w.env.Do("POST", "/api/v1/commitments", tok, map[string]any{"session_id": sid, "title_en": "B's commitment",
			"parties": []string{"CN"}, "due": "2030-06-01"})
		mustStatus(t, r, http.StatusCreated)
		return map[string]string{"sessions/:id": sid, "commitments/:id": str(r.JSON(), "id"), "revisions/:seq": "1"}
	})
	matrixSnapshotFuncs = append(matrixSnapshotFuncs, func(t *testing.T, w *world, tok string) string {
		r := w.env.Do("GET", "/api/v1/commitments", tok, nil)
		out := "/api/v1/commitments " + string(r.Body) + "\n"
		for _, c := range items(r) {
			out += string(w.env.Do("GET", "/api/v1/commitments/"+str(c, "id"), tok, nil).Body) + "\n"
		}
		return out
	})
}

// TestCommitmentsRegister covers creation, validation, assessment on both scales, recalibration,
// the register's filters and per-party summary, and access rules.
func TestCommitmentsRegister(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env := w.env
		create := func(tok string, body map[string]any, want int) map[string]any {
			t.Helper()
			if _, ok := body["session_id"]; !ok {
				body["session_id"] = w.sessionID
			}
			r := env.Do("POST", "/api/v1/commitments", tok, body)
			mustStatus(t, r, want)
			return r.JSON()
		}
		// create-422-*: unknown party, bad date, no title, foreign session
		r := env.Do("POST", "/api/v1/commitments", w.usTok, map[string]any{"session_id": w.sessionID, "title_en": "x",
			"parties": []string{w.xx.Org.ID}, "due": "2026-13-01"})
		mustStatus(t, r, 422)
		fe := fieldErrors(r)
		if _, ok := fe["parties/0"]; !ok {
			t.Errorf("unknown party not refused: %s", r.Body)
		}
		if _, ok := fe["due"]; !ok {
			t.Errorf("bad date not refused: %s", r.Body)
		}
		create(w.usTok, map[string]any{"parties": []string{"US"}}, 422)
		create(w.xxTok, map[string]any{"title_en": "x", "parties": []string{"US"}}, 422)
		create(w.usMember, map[string]any{"title_en": "x", "parties": []string{"US"}}, 403)
		// A mass-assigned org_id or progress changes nothing. (act-1 is an action item of the minutes.)
		mustStatus(t, env.Do("PUT", minutesPath(w.sessionID), w.usTok, w.doc(1, "")), 200)
		c1 := create(w.usTok, map[string]any{"title_en": "Accelerate official cyber exchanges", "title_zh": "加快官方网络交流",
			"parties": []string{"US", "CN"}, "due": "2020-01-31", "owner": "both conveners", "verifiability": "high",
			"action_item_id": "act-1", "org_id": w.xx.Org.ID, "progress": "complete"}, 201)
		if c1["org_id"] != w.us.Org.ID || c1["progress"] != "" {
			t.Fatalf("mass assignment: %v", c1)
		}
		c2 := create(w.cnTok, map[string]any{"title_en": "Prosecute unauthorised access", "parties": []string{w.cn.Org.ID}, "due": "2099-01-01"}, 201)
		id1, id2 := str(c1, "id"), str(c2, "id")

		// Outsiders: 404 everywhere; a member may read but not assess.
		mustStatus(t, env.Do("GET", "/api/v1/commitments/"+id1, w.xxTok, nil), 404)
		mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+id1, w.xxTok, map[string]any{"owner": "x"}), 404)
		mustStatus(t, env.Do("POST", "/api/v1/commitments/"+id1+"/assessments", w.xxTok, map[string]any{}), 404)
		if got := items(env.Do("GET", "/api/v1/commitments", w.xxTok, nil)); len(got) != 0 {
			t.Fatalf("outsider sees %d commitments", len(got))
		}
		mustStatus(t, env.Do("GET", "/api/v1/commitments/"+id1, w.usMember, nil), 200)
		assess := func(tok, id string, body map[string]any, want int) map[string]any {
			t.Helper()
			r := env.Do("POST", "/api/v1/commitments/"+id+"/assessments", tok, body)
			mustStatus(t, r, want)
			return r.JSON()
		}
		assess(w.usMember, id1, map[string]any{"progress": "limited", "evidence": "x", "assessor": "x"}, 403)
		// assess-422: score out of range, party not bound, bad link, missing evidence
		r = env.Do("POST", "/api/v1/commitments/"+id1+"/assessments", w.usTok, map[string]any{"progress": "limited",
			"compliance":     []map[string]any{{"party": "US", "score": 2}, {"party": w.cn.Org.ID, "score": 1}},
			"evidence_links": []string{"javascript:alert(1)"}, "assessor": "G20-style panel"})
		mustStatus(t, r, 422)
		fe = fieldErrors(r)
		for _, f := range []string{"compliance/0/score", "compliance/1/party", "evidence_links/0", "evidence"} {
			if _, ok := fe[f]; !ok {
				t.Errorf("want a problem for %s: %s", f, r.Body)
			}
		}
		a1 := assess(w.usTok, id1, map[string]any{"stage": "interim", "progress": "limited", "assessed_at": "2025-06-01",
			"compliance": []map[string]any{{"party": "US", "score": 1}, {"party": "CN", "score": 0}},
			"evidence":   "Two working-level meetings held", "evidence_links": []string{"https://example.org/readout"}, "assessor": "US convener"}, 201)
		// Recalibration keeps the old score in history.
		assess(w.cnTok, id1, map[string]any{"stage": "interim", "progress": "substantial", "assessed_at": "2025-07-01",
			"compliance": []map[string]any{{"party": "US", "score": 1}, {"party": "CN", "score": 1}},
			"evidence":   "CN published a readout", "assessor": "CN convener", "supersedes": str(a1, "id")}, 422) // no reason
		assess(w.cnTok, id1, map[string]any{"stage": "interim", "progress": "substantial", "assessed_at": "2025-07-01",
			"compliance": []map[string]any{{"party": "US", "score": 1}, {"party": "CN", "score": 1}},
			"evidence":   "CN published a readout", "assessor": "CN convener", "supersedes": str(a1, "id"), "reason": "readout found"}, 201)
		assess(w.cnTok, id2, map[string]any{"stage": "final", "progress": "not_started",
			"compliance": []map[string]any{{"party": w.cn.Org.ID, "score": -1}}, "evidence": "No cases brought", "assessor": "panel"}, 201)

		r = env.Do("GET", "/api/v1/commitments/"+id1, w.usTok, nil)
		mustStatus(t, r, 200)
		d := r.JSON()
		if n := len(d["assessments"].([]any)); n != 2 {
			t.Fatalf("timeline has %d assessments", n)
		}
		cm := d["commitment"].(map[string]any)
		if cm["progress"] != "substantial" || cm["overdue"] != true {
			t.Errorf("state in force: %v", cm)
		}
		sum := d["summary"].([]any)
		if len(sum) != 2 || sum[1].(map[string]any)["percent"].(float64) != 100 {
			t.Errorf("summary: %v", sum)
		}

		// Register filters.
		count := func(q string) int {
			t.Helper()
			r := env.Do("GET", "/api/v1/commitments"+q, w.cnTok, nil)
			mustStatus(t, r, 200)
			return len(items(r))
		}
		for q, want := range map[string]int{"": 2, "?overdue=true": 1, "?party=" + w.cn.Org.ID: 1, "?party=US": 1,
			"?status=substantial": 1, "?status=unassessed": 0, "?status=not_started": 1, "?dialogue_id=" + w.dialogueID: 2,
			"?limit=1": 1} {
			if got := count(q); got != want {
				t.Errorf("register%s: %d, want %d", q, got, want)
			}
		}
		mustStatus(t, env.Do("GET", "/api/v1/commitments?status=bogus", w.cnTok, nil), 422)
		mustStatus(t, env.Do("GET", "/api/v1/commitments?overdue=maybe", w.cnTok, nil), 422)

		// Update and its validation.
		r = env.Do("PATCH", "/api/v1/commitments/"+id2, w.usTok, map[string]any{"owner": "CN convener", "parties": []string{w.cn.Org.ID, "US"}})
		mustStatus(t, r, 200)
		if p := r.JSON()["parties"].([]any); len(p) != 2 {
			t.Errorf("parties: %v", p)
		}
		mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+id2, w.usTok, map[string]any{"verifiability": "total"}), 422)
		mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+id2, w.usMember, map[string]any{"owner": "x"}), 403)
	})
}

// TestRegisterNamesConvenersInTheViewersLanguage: the Chinese register names a convening
// organization by its Chinese name.
func TestRegisterNamesConvenersInTheViewersLanguage(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		mustStatus(t, w.env.Do("PATCH", "/api/v1/orgs/"+w.cn.Org.ID, w.cnAdminTok, map[string]any{"name_zh": "星河海事学院"}), 200)
		cn := w.env.Browser()
		cn.Login(w.cn.Organizer)
		cn.Post("/language", url.Values{"lang": {"zh"}, "next": {"/"}})
		option := []byte(`<option value="` + w.cn.Org.ID + `">星河海事学院</option>`) // the party filter
		if page := cn.Get("/commitments"); !bytes.Contains(page.Body, option) {
			t.Fatalf("Chinese register's party filter without the Chinese name: %s", truncate(page.Body))
		}
		en := w.env.Browser()
		en.Login(w.us.Organizer)
		if page := en.Get("/commitments"); bytes.Contains(page.Body, option) {
			t.Fatal("English register shows the Chinese name")
		}
	})
}
