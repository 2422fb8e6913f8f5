package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// Every issue-3 route answers 404 (never 403) to an outsider with another tenant's ids, and to a
// removed co-convener on its very next request; the data stays untouched.
func TestIssue3RoutesOutsiderAndRemovedCoConvener(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, nil)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		usP := w.participant(t, w.usTok, "John Smith", "")
		r := env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": usP})
		mustStatus(t, r, 201)
		attID := str(r.JSON(), "id")
		feedR := env.Do("POST", "/api/v1/calendar-feeds", w.usTok, map[string]any{"kind": "user"})
		mustStatus(t, feedR, 201)
		feedID := str(feedR.JSON(), "id")
		// An open invitation of another dialogue, addressed to the CN org.
		r = env.Do("POST", "/api/v1/dialogues", w.usTok, map[string]any{"title": "Second"})
		d2 := str(r.JSON(), "id")
		r = env.Do("POST", "/api/v1/dialogues/"+d2+"/invitations", w.usTok, map[string]any{"org_id": w.cn.Org.ID})
		invID := str(r.JSON(), "id")

		type call struct {
			method, path string
			body         any
		}
		did := w.dialogueID
		calls := []call{
			{"GET", "/api/v1/dialogues/" + did, nil},
			{"PATCH", "/api/v1/dialogues/" + did, map[string]any{"title": "hijacked"}},
			{"POST", "/api/v1/dialogues/" + did + "/invitations", map[string]any{"org_id": w.xx.Org.ID}},
			{"DELETE", "/api/v1/dialogues/" + did + "/conveners/" + w.us.Org.ID, nil},
			{"POST", "/api/v1/dialogue-invitations/" + invID + "/accept", nil},
			{"POST", "/api/v1/dialogue-invitations/" + invID + "/decline", nil},
			{"GET", "/api/v1/sessions/" + sid, nil},
			{"PATCH", "/api/v1/sessions/" + sid, map[string]any{"title": "hijacked"}},
			{"POST", "/api/v1/sessions/" + sid + "/transitions", map[string]any{"to": "accepted"}},
			{"GET", "/api/v1/sessions/" + sid + "/transitions", nil},
			{"POST", "/api/v1/sessions/" + sid + "/attendees", map[string]any{"participant_id": usP}},
			{"GET", "/api/v1/sessions/" + sid + "/attendees", nil},
			{"PATCH", "/api/v1/sessions/" + sid + "/attendees/" + attID, map[string]any{"status": "declined"}},
			{"GET", "/api/v1/sessions/" + sid + "/calendar.ics", nil},
			{"DELETE", "/api/v1/calendar-feeds/" + feedID, nil},
			{"GET", "/api/v1/participants/" + usP, nil},
			{"PATCH", "/api/v1/participants/" + usP, map[string]any{"name_latin": "hijacked"}},
			{"DELETE", "/api/v1/participants/" + usP, nil},
			{"GET", "/api/v1/participants/" + usP + "/consents", nil},
			{"POST", "/api/v1/participants/" + usP + "/consents", map[string]any{"purpose": "processing", "granted": false}},
		}
		check := func(who, tok string, skip func(path string) bool) {
			for _, c := range calls {
				if skip != nil && skip(c.path) {
					continue
				}
				r := env.Do(c.method, c.path, tok, c.body)
				if r.Status != http.StatusNotFound {
					t.Fatalf("%s %s %s: status %d, want 404: %s", who, c.method, c.path, r.Status, r.Body)
				}
			}
		}
		check("outsider", w.xxTok, nil)

		// Pages too (A5: the same rule on every path).
		br := env.Browser()
		br.Login(w.xx.Admin)
		for _, p := range []string{"/dialogues/" + did, "/sessions/" + sid, "/sessions/" + sid + "/edit", "/sessions/" + sid + "/calendar.ics",
			"/participants/" + usP} {
			if r := br.Get(p); r.Status != http.StatusNotFound {
				t.Fatalf("outsider page %s: %d", p, r.Status)
			}
		}
		for _, p := range []string{"/sessions/" + sid, "/sessions/" + sid + "/transitions", "/sessions/" + sid + "/attendees",
			"/participants/" + usP, "/participants/" + usP + "/delete", "/dialogues/" + did + "/invitations",
			"/dialogue-invitations/" + invID + "/accept"} {
			if r := br.Post(p, url.Values{"to": {"accepted"}, "title": {"x"}, "name_latin": {"x"}, "participant_id": {usP}, "org_id": {w.xx.Org.ID}}); r.Status != http.StatusNotFound {
				t.Fatalf("outsider post %s: %d", p, r.Status)
			}
		}

		// The removed co-convener: 404 on its next request for the dialogue and its sessions.
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, w.cnTok, nil), 200)
		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+did+"/conveners/"+w.cn.Org.ID, w.usAdminTok, nil), 204)
		check("removed co-convener", w.cnTok, func(path string) bool {
			return strings.Contains(path, "/participants/") || strings.Contains(path, "/calendar-feeds/") || strings.Contains(path, "dialogue-invitations")
		})

		// Nothing changed.
		r = env.Do("GET", "/api/v1/sessions/"+sid, w.usTok, nil)
		if str(r.JSON(), "title") != "Session on norms" || str(r.JSON(), "status") != "proposed" {
			t.Fatalf("session changed: %s", r.Body)
		}
		r = env.Do("GET", "/api/v1/participants/"+usP, w.usTok, nil)
		if str(r.JSON(), "name_latin") != "John Smith" {
			t.Fatalf("participant changed: %s", r.Body)
		}
		r = env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.usTok, nil)
		if !bytes.Contains(r.Body, []byte(`"invited"`)) {
			t.Fatalf("attendance changed: %s", r.Body)
		}
		if len(items(env.Do("GET", "/api/v1/calendar-feeds", w.usTok, nil))) != 1 {
			t.Fatal("feed revoked by an outsider")
		}
		// Anonymous: 401 on the API, login redirect on pages.
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, "", nil), 401)
		if r := env.Browser().Get("/sessions/" + sid); r.Status != http.StatusSeeOther {
			t.Fatalf("anonymous page: %d", r.Status)
		}
		// Malformed ids are 404 too, not 500.
		for _, p := range []string{"/api/v1/sessions/not-an-id", "/api/v1/dialogues/x", "/api/v1/participants/%27%20OR%201=1"} {
			mustStatus(t, env.Do("GET", p, w.usTok, nil), 404)
		}
	})
}
