package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// minutesStep posts a minutes workflow step as tok and checks the status.
func (w *mworld) minutesStep(t *testing.T, tok, to string, want int) map[string]any {
	t.Helper()
	r := w.env.Do("POST", minutesPath(w.sessionID)+"/transitions", tok, map[string]any{"to": to})
	mustStatus(t, r, want)
	return r.JSON()
}

// sessionStatus reads a session's status through the API.
func (w *mworld) sessionStatus(t *testing.T, tok, id string) string {
	t.Helper()
	r := w.env.Do("GET", "/api/v1/sessions/"+id, tok, nil)
	mustStatus(t, r, 200)
	return str(r.JSON(), "status")
}

// TestLockingMinutesMarksSessionMinutesAgreed: locking the agreed minutes of a held session moves
// it to minutes_agreed (recorded in its history and audit, shown on pages and in the list filter,
// CONFIRMED in iCalendar); nobody picks that status by hand; an amendment leaves the session
// minutes agreed; minutes of a session not yet held cannot be locked.
func TestLockingMinutesMarksSessionMinutesAgreed(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env, p := w.env, minutesPath(w.sessionID)

		// transition-422-minutes-agreed-is-not-manual
		r := w.transition(t, w.usTok, w.sessionID, "minutes_agreed", "", 422)
		if fieldErrors(r)["to"] != "minutes_workflow" {
			t.Fatalf("manual minutes_agreed: %s", r.Body)
		}
		r = env.Do("GET", "/api/v1/sessions/"+w.sessionID, w.usTok, nil)
		for _, a := range r.JSON()["actions"].([]any) {
			if a == "minutes_agreed" {
				t.Fatal("minutes_agreed offered as a manual action")
			}
		}

		mustStatus(t, env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		w.minutesStep(t, w.usTok, "circulated", 200)
		w.minutesStep(t, w.usTok, "agreed", 200)
		w.minutesStep(t, w.cnTok, "agreed", 200)
		if got := w.sessionStatus(t, w.usTok, w.sessionID); got != "held" {
			t.Fatalf("agreed but not locked: session %s, want held", got)
		}
		w.minutesStep(t, w.usMember, "locked", 403) // lock-403-member: nothing changes
		if got := w.sessionStatus(t, w.usTok, w.sessionID); got != "held" {
			t.Fatalf("after a refused lock: %s", got)
		}
		w.minutesStep(t, w.cnTok, "locked", 200)
		for _, tok := range []string{w.usTok, w.cnTok} {
			if got := w.sessionStatus(t, tok, w.sessionID); got != "minutes_agreed" {
				t.Fatalf("locked minutes: session %s, want minutes_agreed", got)
			}
		}
		hist := items(env.Do("GET", "/api/v1/sessions/"+w.sessionID+"/transitions", w.usTok, nil))
		last := hist[len(hist)-1]
		if last["from"] != "held" || last["to"] != "minutes_agreed" || last["org_id"] != w.cn.Org.ID {
			t.Fatalf("history: %v", last)
		}
		// list-filter-minutes-agreed
		r = env.Do("GET", "/api/v1/sessions?status=minutes_agreed", w.usTok, nil)
		mustStatus(t, r, 200)
		if l := items(r); len(l) != 1 || str(l[0], "id") != w.sessionID {
			t.Fatalf("status filter: %s", r.Body)
		}
		mustStatus(t, env.Do("GET", "/api/v1/sessions?status=held", w.usTok, nil), 200)
		if l := items(env.Do("GET", "/api/v1/sessions?status=held", w.usTok, nil)); len(l) != 0 {
			t.Fatalf("held filter still lists the session: %v", l)
		}
		// ics-confirmed
		ics := string(env.Do("GET", "/api/v1/sessions/"+w.sessionID+"/calendar.ics", w.usTok, nil).Body)
		if !strings.Contains(ics, "STATUS:CONFIRMED") {
			t.Errorf("calendar status: %s", ics)
		}
		// pages in both languages: the badge, the list filter option and the history
		br := env.Browser()
		br.Login(w.us.Organizer)
		for lang, want := range map[string]string{"en": "Minutes agreed", "zh": "纪要已确认"} {
			mustStatus(t, br.Post("/language", url.Values{"lang": {lang}}), 303)
			for _, path := range []string{"/sessions/" + w.sessionID, "/sessions?status=minutes_agreed", "/sessions/" + w.sessionID + "/minutes/agreement"} {
				r := br.Get(path)
				mustStatus(t, r, 200)
				if body := string(r.Body); !strings.Contains(body, want) || strings.Contains(body, "<no value>") {
					t.Errorf("%s %s: no %q", lang, path, want)
				}
			}
			if body := string(br.Get("/sessions?status=minutes_agreed").Body); !strings.Contains(body, `value="minutes_agreed" selected`) {
				t.Errorf("%s: the filter does not keep minutes_agreed selected", lang)
			}
		}

		// An amendment re-opens the minutes; the session stays minutes agreed (version 1 stands).
		w.minutesStep(t, w.usTok, "draft", 200)
		if got := w.sessionStatus(t, w.usTok, w.sessionID); got != "minutes_agreed" {
			t.Fatalf("during an amendment: %s", got)
		}
		mustStatus(t, env.Do("PUT", p, w.usTok, w.doc(int(env.Do("GET", p, w.usTok, nil).JSON()["revision"].(float64)), " amended")), 200)
		w.minutesStep(t, w.usTok, "circulated", 200)
		w.minutesStep(t, w.usTok, "agreed", 200)
		w.minutesStep(t, w.cnTok, "agreed", 200)
		if m := w.minutesStep(t, w.usTok, "locked", 200); m["version"].(float64) != 2 {
			t.Fatalf("locked amendment: %v", m)
		}
		if got := w.sessionStatus(t, w.usTok, w.sessionID); got != "minutes_agreed" {
			t.Fatalf("after the amendment: %s", got)
		}
		hist2 := items(env.Do("GET", "/api/v1/sessions/"+w.sessionID+"/transitions", w.usTok, nil))
		if len(hist2) != len(hist) {
			t.Fatalf("locking the amendment recorded another session step: %d → %d", len(hist), len(hist2))
		}

		// lock-409-session-not-held: the minutes stay agreed, the session scheduled.
		other := w.session(t, w.usTok, map[string]any{"starts_at": "2026-02-02T09:00", "ends_at": "2026-02-02T17:00"})
		w.transition(t, w.usTok, other, "proposed", "", 200)
		w.transition(t, w.cnTok, other, "accepted", "", 200)
		w.transition(t, w.usTok, other, "scheduled", "", 200)
		op := minutesPath(other)
		doc := w.doc(1, "")
		doc["items"].([]any)[0].(map[string]any)["statements"] = []any{}
		mustStatus(t, env.Do("PUT", op, w.usTok, doc), 200)
		for _, s := range []struct{ tok, to string }{{w.usTok, "circulated"}, {w.usTok, "agreed"}, {w.cnTok, "agreed"}} {
			mustStatus(t, env.Do("POST", op+"/transitions", s.tok, map[string]any{"to": s.to}), 200)
		}
		r = env.Do("POST", op+"/transitions", w.usTok, map[string]any{"to": "locked"})
		mustStatus(t, r, 409)
		if !strings.Contains(string(r.Body), "held") {
			t.Errorf("lock refusal should say the session must be held: %s", r.Body)
		}
		if m := env.Do("GET", op, w.usTok, nil).JSON(); m["status"] != "agreed" {
			t.Fatalf("refused lock changed the minutes: %v", m["status"])
		}
		if got := w.sessionStatus(t, w.usTok, other); got != "scheduled" {
			t.Fatalf("refused lock changed the session: %s", got)
		}
		if body := string(br.Get("/sessions/" + other + "/minutes/agreement").Body); !strings.Contains(body, `id="lock-needs-held"`) {
			t.Error("the agreement page does not say the session must be held first")
		}
	})
}

// TestAgreementNeedsEveryCurrentConvener: a dialogue convened by three organizations (the US
// creator and two Chinese co-conveners) has agreed minutes only when all three agree; once one
// is removed, the agreements of the remaining two suffice and the removed one cannot act.
func TestAgreementNeedsEveryCurrentConvener(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env, p := w.env, minutesPath(w.sessionID)
		cn2 := env.NewTenant("cnorg2", "CN")
		cn2Tok := env.Token(cn2.Organizer)
		r := env.Do("POST", "/api/v1/dialogues/"+w.dialogueID+"/invitations", w.usTok, map[string]any{"org_id": cn2.Org.ID})
		mustStatus(t, r, 201)
		mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+str(r.JSON(), "id")+"/accept", cn2Tok, nil), 200)

		mustStatus(t, env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		w.minutesStep(t, cn2Tok, "circulated", 200) // the third convener acts like the others
		w.minutesStep(t, w.usTok, "agreed", 200)
		if m := w.minutesStep(t, w.cnTok, "agreed", 200); m["status"] != "circulated" {
			t.Fatalf("two of three agreed: %v", m["status"])
		}
		r = env.Do("POST", p+"/transitions", w.usTok, map[string]any{"to": "locked"})
		mustStatus(t, r, 409) // lock-409-third-convener-pending
		if !strings.Contains(string(r.Body), "every convening organization") {
			t.Errorf("refusal should name the missing agreement: %s", r.Body)
		}
		br := env.Browser()
		br.Login(cn2.Organizer)
		if body := string(br.Get("/sessions/" + w.sessionID + "/minutes/agreement").Body); !strings.Contains(body, `id="do-agreed"`) || strings.Contains(body, `id="do-locked"`) {
			t.Error("the third convener's agreement page should offer agree, not lock")
		}
		if m := w.minutesStep(t, cn2Tok, "agreed", 200); m["status"] != "agreed" || len(m["agreements"].([]any)) != 3 {
			t.Fatalf("all three agreed: %v", m)
		}
		// The document with three agreements goes back through PUT validation (GET → PUT).
		doc := env.Do("GET", p, w.usTok, nil).JSON()
		doc["items"].([]any)[0].(map[string]any)["title_en"] = "Corrected after agreement"
		if m := env.Do("PUT", p, w.usTok, doc); m.Status != 200 || m.JSON()["status"] != "corrections" {
			t.Fatalf("edit of an agreed text with three agreements: %d %s", m.Status, m.Body)
		}

		// Removing the third convener: the other two's agreements suffice.
		w.minutesStep(t, w.usTok, "circulated", 200)
		w.minutesStep(t, w.usTok, "agreed", 200)
		w.minutesStep(t, w.cnTok, "agreed", 200)
		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+w.dialogueID+"/conveners/"+cn2.Org.ID, w.usAdminTok, nil), 204)
		w.minutesStep(t, cn2Tok, "agreed", 404) // removed: the next request no longer sees the session
		if body := string(br.Get("/sessions/" + w.sessionID + "/minutes/agreement").Body); strings.Contains(body, "do-agreed") {
			t.Error("a removed convener still sees the agreement page")
		}
		w.minutesStep(t, w.cnTok, "locked", 200)
		if got := w.sessionStatus(t, w.usTok, w.sessionID); got != "minutes_agreed" {
			t.Fatalf("session %s", got)
		}
	})
}

// TestCommitmentFromActionItemLinksMinutes: a commitment created from an action item of the
// minutes is written back into the item (even on locked minutes, without a new revision), the
// commitment shows its source item, an item tracks one commitment at a time, editors cannot
// forge or drop the link, and changing the commitment's item moves the link.
func TestCommitmentFromActionItemLinksMinutes(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env, p := w.env, minutesPath(w.sessionID)
		mustStatus(t, env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		w.minutesStep(t, w.usTok, "circulated", 200)
		w.minutesStep(t, w.usTok, "agreed", 200)
		w.minutesStep(t, w.cnTok, "agreed", 200)
		locked := w.minutesStep(t, w.usTok, "locked", 200)
		create := func(tok, item string, want int) *testkit.Response {
			t.Helper()
			r := env.Do("POST", "/api/v1/commitments", tok, map[string]any{"session_id": w.sessionID, "title_en": "Exchange points of contact",
				"parties": []string{"US", "CN"}, "action_item_id": item})
			mustStatus(t, r, want)
			return r
		}
		actionItem := func() map[string]any {
			m := env.Do("GET", p, w.cnTok, nil).JSON()
			return m["items"].([]any)[0].(map[string]any)["action_items"].([]any)[0].(map[string]any)
		}

		// create-422-unknown-action-item: nothing saved
		if r := create(w.usTok, "act-9", 422); fieldErrors(r)["action_item_id"] != "unknown_value" {
			t.Fatalf("unknown action item: %s", r.Body)
		}
		if n := len(items(env.Do("GET", "/api/v1/commitments", w.usTok, nil))); n != 0 {
			t.Fatalf("a refused commitment was saved (%d)", n)
		}
		// create-201-links-locked-minutes
		cid := str(create(w.cnTok, "act-1", 201).JSON(), "id")
		if got := actionItem()["commitment_id"]; got != cid {
			t.Fatalf("minutes action item names %v, want %s", got, cid)
		}
		m := env.Do("GET", p, w.usTok, nil).JSON()
		if m["status"] != "locked" || m["revision"] != locked["revision"] || m["version"] != locked["version"] {
			t.Fatalf("the link changed the record: %v r%v v%v", m["status"], m["revision"], m["version"])
		}
		revs := items(env.Do("GET", p+"/revisions", w.usTok, nil))
		if last := revs[len(revs)-1]; last["action"] != "link_commitment" || last["revision"] != locked["revision"] {
			t.Fatalf("history: %v", last)
		}
		d := env.Do("GET", "/api/v1/commitments/"+cid, w.usTok, nil).JSON()
		src, _ := d["source_action_item"].(map[string]any)
		if src == nil || src["id"] != "act-1" || src["linked"] != true || src["text_en"] != "Exchange points of contact" ||
			src["item_title_en"] != "Norms for critical infrastructure" {
			t.Fatalf("source item: %v", d["source_action_item"])
		}
		// create-422-action-item-already-tracked
		if r := create(w.usTok, "act-1", 422); fieldErrors(r)["action_item_id"] != "already_linked" {
			t.Fatalf("second commitment for one item: %s", r.Body)
		}

		// Pages link both ways, in both languages.
		br := env.Browser()
		br.Login(w.us.Organizer)
		for _, lang := range []string{"en", "zh"} {
			mustStatus(t, br.Post("/language", url.Values{"lang": {lang}}), 303)
			if body := string(br.Get("/sessions/" + w.sessionID + "/minutes").Body); !strings.Contains(body, `href="/commitments/`+cid+`"`) ||
				!strings.Contains(body, `id="act-act-1"`) {
				t.Errorf("%s: the minutes do not link the commitment", lang)
			}
			body := string(br.Get("/commitments/" + cid).Body)
			if !strings.Contains(body, `href="/sessions/`+w.sessionID+`/minutes#act-act-1"`) || strings.Contains(body, "<no value>") {
				t.Errorf("%s: the commitment does not link its source item", lang)
			}
		}

		// An amendment keeps the link; an editor can neither forge nor drop it.
		w.minutesStep(t, w.usTok, "draft", 200)
		doc := env.Do("GET", p, w.usTok, nil).JSON()
		doc["items"].([]any)[0].(map[string]any)["action_items"].([]any)[0].(map[string]any)["commitment_id"] = "forged"
		mustStatus(t, env.Do("PUT", p, w.usTok, doc), 200)
		if got := actionItem()["commitment_id"]; got != cid {
			t.Fatalf("after an edit the item names %v, want %s", got, cid)
		}
		// update-moves-link: clearing the commitment's item clears the minutes' link; another
		// commitment may then take the item.
		mustStatus(t, env.Do("PATCH", "/api/v1/commitments/"+cid, w.usTok, map[string]any{"action_item_id": ""}), 200)
		if got, ok := actionItem()["commitment_id"]; ok && got != "" {
			t.Fatalf("unlinked item still names %v", got)
		}
		cid2 := str(create(w.usTok, "act-1", 201).JSON(), "id")
		if got := actionItem()["commitment_id"]; got != cid2 {
			t.Fatalf("relinked item names %v, want %s", got, cid2)
		}
		// Removing the item from the minutes leaves the commitment, marked as no longer there.
		doc = env.Do("GET", p, w.usTok, nil).JSON()
		doc["items"].([]any)[0].(map[string]any)["action_items"] = []any{}
		mustStatus(t, env.Do("PUT", p, w.usTok, doc), 200)
		d = env.Do("GET", "/api/v1/commitments/"+cid2, w.usTok, nil).JSON()
		if src, _ := d["source_action_item"].(map[string]any); src == nil || src["missing"] != true {
			t.Fatalf("source of a removed item: %v", d["source_action_item"])
		}
		// The audit records each link.
		evs, err := env.App.Audit.ForOrg(context.Background(), w.us.Admin.Scope(), 0, 500)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if e.Action == "minutes.link_commitment" {
				n++
			}
		}
		if n < 2 {
			t.Errorf("US audit has %d link events, want 2 (unlink, link)", n)
		}
	})
}
