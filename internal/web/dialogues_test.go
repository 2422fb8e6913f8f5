package web_test

import (
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

func TestDialogueCoConvening(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us, cn, us2 := env.NewTenant("usorg", "US"), env.NewTenant("cnorg", "CN"), env.NewTenant("usother", "US")
		usTok, cnTok, memberTok := env.Token(us.Organizer), env.Token(cn.Organizer), env.Token(us.Member)

		// create-422-no-title, create-403-member, create-201 with the Chatham House Rule on by default.
		r := env.Do("POST", "/api/v1/dialogues", usTok, map[string]any{"topic": "cyber"})
		mustStatus(t, r, 422)
		if fieldErrors(r)["title"] == "" {
			t.Fatalf("want a title field error: %s", r.Body)
		}
		mustStatus(t, env.Do("POST", "/api/v1/dialogues", memberTok, map[string]any{"title": "X"}), 403)
		r = env.Do("POST", "/api/v1/dialogues", usTok, map[string]any{"title": "Maritime Dialogue", "topic": "maritime",
			"org_id": cn.Org.ID})
		mustStatus(t, r, 201)
		d := r.JSON()
		did := str(d, "id")
		if d["chatham_house"] != true || str(d, "org_id") != us.Org.ID {
			t.Fatalf("defaults or owner wrong (org_id in the body must change nothing): %s", r.Body)
		}

		// invite-422-same-side, invite-422-unknown-org, invite-201-other-side.
		r = env.Do("POST", "/api/v1/dialogues/"+did+"/invitations", usTok, map[string]any{"org_id": us2.Org.ID})
		mustStatus(t, r, 422)
		if fieldErrors(r)["org_id"] != "same_side" {
			t.Fatalf("want same_side: %s", r.Body)
		}
		mustStatus(t, env.Do("POST", "/api/v1/dialogues/"+did+"/invitations", usTok, map[string]any{"org_id": "0190f0f0-0000-7000-8000-000000000000"}), 422)
		r = env.Do("POST", "/api/v1/dialogues/"+did+"/invitations", usTok, map[string]any{"org_id": cn.Org.ID})
		mustStatus(t, r, 201)
		invID := str(r.JSON(), "id")

		// Before accepting, the invited organization sees the invitation but not the dialogue.
		mustStatus(t, env.Do("GET", "/api/v1/dialogues/"+did, cnTok, nil), 404)
		r = env.Do("GET", "/api/v1/dialogue-invitations", cnTok, nil)
		mustStatus(t, r, 200)
		if its := items(r); len(its) != 1 || str(its[0], "dialogue_title") != "Maritime Dialogue" {
			t.Fatalf("pending invitations: %s", r.Body)
		}
		// accept-404-other-org: the inviter cannot accept its own invitation.
		mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+invID+"/accept", usTok, nil), 404)
		mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+invID+"/accept", cnTok, nil), 200)
		// accept-twice-404: an answered invitation is no longer open.
		mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+invID+"/accept", cnTok, nil), 404)

		// Both co-own it now with equal rights: the co-convener may change the settings.
		r = env.Do("PATCH", "/api/v1/dialogues/"+did, cnTok, map[string]any{"title_zh": "海上对话", "home_zone": "Asia/Shanghai"})
		mustStatus(t, r, 200)
		if str(r.JSON(), "title_zh") != "海上对话" || len(r.JSON()["conveners"].([]any)) != 2 {
			t.Fatalf("patch by co-convener: %s", r.Body)
		}
		mustStatus(t, env.Do("PATCH", "/api/v1/dialogues/"+did, cnTok, map[string]any{"home_zone": "EST"}), 422)
		r = env.Do("GET", "/api/v1/dialogues", cnTok, nil)
		if its := items(r); len(its) != 1 {
			t.Fatalf("co-convener's list: %s", r.Body)
		}
		// The outsider sees nothing.
		mustStatus(t, env.Do("GET", "/api/v1/dialogues/"+did, env.Token(us2.Admin), nil), 404)
		if its := items(env.Do("GET", "/api/v1/dialogues", env.Token(us2.Admin), nil)); len(its) != 0 {
			t.Fatal("outsider lists a foreign dialogue")
		}

		// A session both see; removal takes effect on the next request.
		sid := func() string {
			r := env.Do("POST", "/api/v1/sessions", usTok, map[string]any{"dialogue_id": did, "title": "Round 1", "format": "online",
				"timezone": "UTC", "starts_at": "2030-01-10T12:00:00Z", "ends_at": "2030-01-10T14:00:00Z"})
			mustStatus(t, r, 201)
			return str(r.JSON(), "id")
		}()
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/transitions", usTok, map[string]any{"to": "proposed"}), 200)
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, cnTok, nil), 200)
		// remove-403-organizer: only an admin removes a convener.
		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+did+"/conveners/"+cn.Org.ID, usTok, nil), 403)
		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+did+"/conveners/"+cn.Org.ID, env.Token(us.Admin), nil), 204)
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, cnTok, nil), 404)
		mustStatus(t, env.Do("GET", "/api/v1/dialogues/"+did, cnTok, nil), 404)
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/transitions", cnTok, map[string]any{"to": "accepted"}), 404)
		// remove-409-last-convener.
		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+did+"/conveners/"+us.Org.ID, env.Token(us.Admin), nil), 409)
		// Re-inviting re-opens the invitation.
		r = env.Do("POST", "/api/v1/dialogues/"+did+"/invitations", usTok, map[string]any{"org_id": cn.Org.ID})
		mustStatus(t, r, 201)
		mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+str(r.JSON(), "id")+"/accept", cnTok, nil), 200)
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, cnTok, nil), 200)
	})
}

func TestSessionLifecycle(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, nil)

		// A draft is the proposer's alone.
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, w.cnTok, nil), 404)
		r := env.Do("GET", "/api/v1/sessions/"+sid, w.usTok, nil)
		mustStatus(t, r, 200)
		if str(r.JSON(), "status") != "draft" {
			t.Fatalf("new session: %s", r.Body)
		}

		cases := []struct {
			name   string
			tok    string
			to     string
			reason string
			want   int
			field  string
		}{
			{"propose-403-member", w.usMember, "proposed", "", 403, ""},
			{"accept-422-from-draft", w.usTok, "accepted", "", 422, "to"},
			{"propose-200-proposer", w.usTok, "proposed", "", 200, ""},
			{"accept-403-own-proposal", w.usTok, "accepted", "", 403, ""},
			{"decline-422-no-reason", w.cnTok, "declined", "", 422, "reason"},
			{"held-422-illegal-from-proposed", w.cnTok, "held", "", 422, "to"},
			{"status-422-unknown", w.cnTok, "finished", "", 422, "to"},
			{"accept-404-outsider", w.xxTok, "accepted", "", 404, ""},
			{"accept-200-other-convener", w.cnTok, "accepted", "", 200, ""},
			{"schedule-200-any-convener", w.cnTok, "scheduled", "", 200, ""},
			{"held-422-not-started", w.usTok, "held", "", 422, "to"},
			{"cancel-422-no-reason", w.usTok, "cancelled", "", 422, "reason"},
			{"cancel-200-with-reason", w.cnTok, "cancelled", "Typhoon warning", 200, ""},
			{"propose-422-after-cancel", w.usTok, "proposed", "", 422, "to"},
		}
		for _, c := range cases {
			r := env.Do("POST", "/api/v1/sessions/"+sid+"/transitions", c.tok, map[string]any{"to": c.to, "reason": c.reason})
			if r.Status != c.want {
				t.Fatalf("%s: status %d, want %d: %s", c.name, r.Status, c.want, r.Body)
			}
			if c.field != "" && fieldErrors(r)[c.field] == "" {
				t.Fatalf("%s: want a field error on %q: %s", c.name, c.field, r.Body)
			}
		}
		// Who did what, when: the history and the audit log.
		r = env.Do("GET", "/api/v1/sessions/"+sid+"/transitions", w.usTok, nil)
		hist := items(r)
		want := []string{"draft>proposed", "proposed>accepted", "accepted>scheduled", "scheduled>cancelled"}
		if len(hist) != len(want) {
			t.Fatalf("history: %s", r.Body)
		}
		for i, h := range hist {
			if str(h, "from")+">"+str(h, "to") != want[i] || str(h, "actor_id") == "" {
				t.Fatalf("history[%d] = %v", i, h)
			}
		}
		if str(hist[1], "org_id") != w.cn.Org.ID || str(hist[3], "reason") != "Typhoon warning" {
			t.Fatalf("history actors/reasons: %s", r.Body)
		}
		r = env.Do("GET", "/api/v1/audit-events", w.usAdminTok, nil)
		if !strings.Contains(string(r.Body), `"session.transition"`) {
			t.Fatalf("audit lacks transitions: %s", r.Body)
		}
		// A cancelled session no longer changes.
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"title": "New"}), 409)

		// decline-200-other-convener with a reason; a session that started can be marked held.
		s2 := w.session(t, w.cnTok, map[string]any{"title": "Past", "starts_at": "2024-01-10T09:00", "ends_at": "2024-01-10T12:00",
			"timezone": "Asia/Shanghai", "city": "Beijing", "country": "CN"})
		w.transition(t, w.cnTok, s2, "proposed", "", 200)
		w.transition(t, w.usTok, s2, "accepted", "", 200)
		w.transition(t, w.usTok, s2, "scheduled", "", 200)
		w.transition(t, w.usTok, s2, "held", "", 200)
		s3 := w.session(t, w.cnTok, nil)
		w.transition(t, w.cnTok, s3, "proposed", "", 200)
		r = w.transition(t, w.usTok, s3, "declined", "Dates clash with our board meeting", 200)
		if str(r.JSON(), "status") != "declined" || str(r.JSON(), "status_reason") == "" {
			t.Fatalf("declined: %s", r.Body)
		}
	})
}

func TestSessionValidation(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		base := map[string]any{"dialogue_id": w.dialogueID, "title": "T", "format": "in_person", "city": "Beijing",
			"country": "CN", "timezone": "Asia/Shanghai", "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T12:00"}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range base {
				m[a] = b
			}
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
			return m
		}
		cases := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"create-422-end-before-start", with("ends_at", "2030-05-01T08:00"), "ends_at"},
			{"create-422-unknown-zone", with("timezone", "Mars/Olympus"), "timezone"},
			{"create-422-abbreviation-zone", with("timezone", "CST"), "timezone"},
			{"create-422-nonexistent-local-time", func() map[string]any {
				m := with("timezone", "America/New_York")
				m["starts_at"], m["ends_at"] = "2030-03-10T02:30", "2030-03-10T05:00"
				return m
			}(), "starts_at"},
			{"create-422-no-title", with("title", ""), "title"},
			{"create-422-bad-format", with("format", "teleport"), "format"},
			{"create-422-in-person-no-city", with("city", ""), "city"},
			{"create-422-bad-country", with("country", "Atlantis"), "country"},
			{"create-422-no-dialogue", with("dialogue_id", nil), "dialogue_id"},
			{"create-422-foreign-dialogue", with("dialogue_id", "0190f0f0-0000-7000-8000-000000000000"), "dialogue_id"},
			{"create-422-bad-filing-date", with("filing_date", "1 May"), "filing_date"},
			{"create-422-bad-unit-kind", with("partner_unit_kind", "ministry"), "partner_unit_kind"},
			{"create-422-bad-tag", with("topic_tags", []string{"Hello World!"}), "topic_tags"},
			{"create-422-funding-without-name", with("funding", []map[string]any{{"amount": 5}}), "funding[0].funder_name"},
		}
		for _, c := range cases {
			r := env.Do("POST", "/api/v1/sessions", w.usTok, c.body)
			if r.Status != 422 || fieldErrors(r)[c.field] == "" {
				t.Fatalf("%s: %d %s", c.name, r.Status, r.Body)
			}
		}
		// A malformed body is a 400, a wrong JSON type a field error.
		mustStatus(t, env.Do("POST", "/api/v1/sessions", w.usTok, "{"), 400)
		r := env.Do("POST", "/api/v1/sessions", w.usTok, `{"title": 5}`)
		mustStatus(t, r, 422)

		// Mainland facts are kept; in_mainland is derived.
		r = env.Do("POST", "/api/v1/sessions", w.usTok, with("partner_name", "Jinghua Institute"))
		mustStatus(t, r, 201)
		ok := r.JSON()
		if ok["in_mainland"] != true {
			t.Fatalf("in_mainland: %s", r.Body)
		}
		id := str(ok, "id")
		r = env.Do("PATCH", "/api/v1/sessions/"+id, w.usTok, map[string]any{"partner_unit_kind": "public_institution",
			"filing_date": "2030-04-01", "filing_period_start": "2030-04-20", "filing_period_end": "2030-05-31", "filing_area": "Beijing",
			"topic_tags": []string{"cyber", "Cyber"}, "funding": []map[string]any{{"funder_name": "Atlantic Fund", "funder_country": "US",
				"amount": 500000, "currency": "usd", "routed_through_partner_account": true}},
			"cohosts": []map[string]any{{"name": "Shanghai Forum", "country": "CN"}}})
		mustStatus(t, r, 200)
		got := r.JSON()
		if got["funding"].([]any)[0].(map[string]any)["currency"] != "USD" || len(got["topic_tags"].([]any)) != 1 ||
			got["cohosts"].([]any)[0].(map[string]any)["name"] != "Shanghai Forum" {
			t.Fatalf("patch facts: %s", r.Body)
		}
		// Bad input on update: field errors, and nothing already saved changes.
		before := env.Do("GET", "/api/v1/sessions/"+id, w.usTok, nil)
		r = env.Do("PATCH", "/api/v1/sessions/"+id, w.usTok, map[string]any{"title": "Changed", "ends_at": "2030-05-01T08:00",
			"timezone": "Nowhere/City"})
		mustStatus(t, r, 422)
		fe := fieldErrors(r)
		if fe["timezone"] == "" {
			t.Fatalf("want timezone error: %s", r.Body)
		}
		after := env.Do("GET", "/api/v1/sessions/"+id, w.usTok, nil)
		if str(after.JSON(), "title") != str(before.JSON(), "title") || str(after.JSON(), "ends_at") != str(before.JSON(), "ends_at") ||
			after.JSON()["sequence"] != before.JSON()["sequence"] {
			t.Fatalf("a refused update changed the session:\n%s\n%s", before.Body, after.Body)
		}
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+id, w.usTok, map[string]any{"dialogue_id": "0190f0f0-0000-7000-8000-000000000000"}), 422)
		// Filters.
		r = env.Do("GET", "/api/v1/sessions?status=bogus", w.usTok, nil)
		mustStatus(t, r, 422)
		mustStatus(t, env.Do("GET", "/api/v1/sessions?from=yesterday", w.usTok, nil), 422)
		r = env.Do("GET", "/api/v1/sessions?status=draft&dialogue_id="+w.dialogueID+"&from=2030-01-01&to=2031-01-01", w.usTok, nil)
		mustStatus(t, r, 200)
		if len(items(r)) != 1 {
			t.Fatalf("filtered list: %s", r.Body)
		}
	})
}

// Accepting the same invitation twice at once succeeds once (R3).
func TestDialogueInvitationConcurrentAcceptOnce(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us, cn := env.NewTenant("usorg", "US"), env.NewTenant("cnorg", "CN")
		usTok, cnTok, cnAdmin := env.Token(us.Organizer), env.Token(cn.Organizer), env.Token(cn.Admin)
		for round := 0; round < 5; round++ {
			r := env.Do("POST", "/api/v1/dialogues", usTok, map[string]any{"title": "D"})
			did := str(r.JSON(), "id")
			r = env.Do("POST", "/api/v1/dialogues/"+did+"/invitations", usTok, map[string]any{"org_id": cn.Org.ID})
			inv := str(r.JSON(), "id")
			statuses := make(chan int, 2)
			for _, tok := range []string{cnTok, cnAdmin} {
				go func(tok string) {
					statuses <- env.Do("POST", "/api/v1/dialogue-invitations/"+inv+"/accept", tok, nil).Status
				}(tok)
			}
			a, b := <-statuses, <-statuses
			if (a == 200) == (b == 200) || a >= 500 || b >= 500 {
				t.Fatalf("round %d: statuses %d and %d, want exactly one 200", round, a, b)
			}
			d := env.Do("GET", "/api/v1/dialogues/"+did, cnTok, nil).JSON()
			if n := len(d["conveners"].([]any)); n != 2 {
				t.Fatalf("conveners %d", n)
			}
		}
	})
}
