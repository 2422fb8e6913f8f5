package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The screening facts on the pages: the participant form, the session form's partner, funding
// and co-host rows, and the attendance page, in both languages; bad input comes back beside its
// field and nothing is saved.
func TestFactPages(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, map[string]any{"funding": []map[string]any{{"funder_name": "Harbor Fund", "funder_kind": "foundation"}}})
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		pid := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Alex Carter", "nationality": []string{"US"}})
		aid := w.attend(t, w.usTok, sid, pid, nil)
		cnPid := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "ZHOU Min"})
		cnAid := w.attend(t, w.cnTok, sid, cnPid, nil)
		us := env.Browser()
		us.Login(w.us.Organizer)
		untranslated := regexp.MustCompile(`>(facts|inst_kind|validation|org_field|ongo)\.[a-z_0-9]+<`)
		attendee := "/sessions/" + sid + "/attendees/" + aid
		for _, lang := range []string{"en", "zh"} {
			us.Post("/language", url.Values{"lang": {lang}, "next": {"/"}})
			for _, p := range []string{"/participants/" + pid, "/participants/new", "/sessions/" + sid + "/edit", "/sessions/new", attendee,
				"/sessions/" + sid, "/sessions/" + sid + "/flags"} {
				r := us.Get(p)
				if r.Status != http.StatusOK {
					t.Fatalf("%s %s: %d", lang, p, r.Status)
				}
				if m := untranslated.Find(r.Body); m != nil {
					t.Fatalf("%s %s: untranslated %s", lang, p, m)
				}
			}
		}
		us.Post("/language", url.Values{"lang": {"en"}, "next": {"/"}})
		page := us.Get("/sessions/" + sid + "/edit").Body
		for _, want := range []string{`name="funding[0].funder_name" type="text" value="Harbor Fund"`, `name="funding[1].funder_name"`,
			`name="cohosts[0].name"`, `name="partner_kind"`, `name="partner_country"`} {
			if !bytes.Contains(page, []byte(want)) {
				t.Fatalf("session form lacks %s", want)
			}
		}
		if !bytes.Contains(us.Get("/sessions/"+sid).Body, []byte(`href="`+attendee+`"`)) {
			t.Fatal("the session page does not link one's own attendee to the attendance page")
		}

		// Participant form: the facts are saved; a bad country comes back beside its field.
		form := url.Values{"name_latin": {"Alex Carter"}, "nationality": {"US"}, "employer": {"Hale Advisory"},
			"employer_country": {"Atlantis"}, "paid_by_prc_principal": {"1"}}
		r := us.Post("/participants/"+pid, form)
		mustStatus(t, r, 422)
		if !bytes.Contains(r.Body, []byte(`id="e-employer_country"`)) || !bytes.Contains(r.Body, []byte(`name="paid_by_prc_principal" type="checkbox" value="1" checked`)) {
			t.Fatalf("participant form errors: %s", r.Body)
		}
		if m := env.Do("GET", "/api/v1/participants/"+pid, w.usTok, nil).JSON(); m["paid_by_prc_principal"] != false {
			t.Fatal("a refused form saved")
		}
		form.Set("employer_country", "US")
		form.Set("employer_listed_1286", "")
		form.Set("employer_hosts_confucius_institute", "1")
		mustStatus(t, us.Post("/participants/"+pid, form), http.StatusSeeOther)
		m := env.Do("GET", "/api/v1/participants/"+pid, w.usTok, nil).JSON()
		if m["paid_by_prc_principal"] != true || m["employer_country"] != "US" || m["employer_hosts_confucius_institute"] != true ||
			m["directed_by_prc_principal"] != false {
			t.Fatalf("participant facts saved from the form: %v", m)
		}

		// Session form: a blank first co-host row is dropped, a problem in the second lands on
		// the second; then good rows are saved (and the stored funding row replaced).
		edit := url.Values{"title": {"Session on norms"}, "format": {"in_person"}, "city": {"Tampa"}, "country": {"US"},
			"timezone": {"America/New_York"}, "starts_at": {"2030-03-12T09:00"}, "ends_at": {"2030-03-12T17:00"},
			"partner_name": {"Gulf Institute"}, "partner_kind": {"university"}, "partner_field": {"engineering"}, "partner_country": {"RU"},
			"funding[0].funder_name": {"Ocean Fund"}, "funding[0].funder_kind": {"foundation"}, "funding[0].funder_country": {"US"},
			"funding[0].amount": {"120000"}, "funding[0].currency": {"usd"}, "funding[0].funder_ongo_status": {"none"},
			"funding[1].funder_name": {""},
			"cohosts[0].name":        {""}, "cohosts[1].name": {"Gulf Coast State University"}, "cohosts[1].country": {"US"},
			"cohosts[1].kind": {"spaceship"}, "cohosts[1].us_state": {"FL"}, "cohosts[1].is_public": {"1"}}
		r = us.Post("/sessions/"+sid, edit)
		mustStatus(t, r, 422)
		if !bytes.Contains(r.Body, []byte(`id="e-cohosts[1].kind"`)) || !bytes.Contains(r.Body, []byte(`value="Gulf Coast State University"`)) {
			t.Fatalf("row error not beside its row: %s", r.Body)
		}
		if s := env.Do("GET", "/api/v1/sessions/"+sid, w.usTok, nil).JSON(); s["partner_country"] != "" {
			t.Fatal("a refused session form saved")
		}
		edit.Set("cohosts[1].kind", "university")
		mustStatus(t, us.Post("/sessions/"+sid, edit), http.StatusSeeOther)
		s := env.Do("GET", "/api/v1/sessions/"+sid, w.usTok, nil).JSON()
		funding, _ := s["funding"].([]any)
		cohosts, _ := s["cohosts"].([]any)
		if s["partner_country"] != "RU" || s["partner_kind"] != "university" || len(funding) != 1 || len(cohosts) != 1 {
			t.Fatalf("session facts saved from the form: %v", s)
		}
		if f := funding[0].(map[string]any); f["funder_name"] != "Ocean Fund" || f["currency"] != "USD" || f["amount"] != float64(120000) {
			t.Fatalf("funding row: %v", f)
		}
		if c := cohosts[0].(map[string]any); c["us_state"] != "FL" || c["is_public"] != true || c["kind"] != "university" {
			t.Fatalf("co-host row: %v", c)
		}

		// Attendance page: the facts are saved; another organization's attendee is not found.
		mustStatus(t, us.Post(attendee, url.Values{"facts": {"1"}, "role": {"speaker"}, "status": {"confirmed"},
			"briefs_us_officials": {"1"}, "paid": {"1"}}), http.StatusSeeOther)
		var got map[string]any
		for _, a := range items(env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.usTok, nil)) {
			if a["id"] == aid {
				got = a
			}
		}
		if got["briefs_us_officials"] != true || got["paid"] != true || got["visiting_researcher"] != false || got["role"] != "speaker" {
			t.Fatalf("attendance facts saved from the page: %v", got)
		}
		r = us.Post(attendee, url.Values{"facts": {"1"}, "role": {"emperor"}, "status": {"confirmed"}})
		mustStatus(t, r, 422)
		if !bytes.Contains(r.Body, []byte(`id="e-role"`)) {
			t.Fatal("attendance page: no field error")
		}
		mustStatus(t, us.Get("/sessions/"+sid+"/attendees/"+cnAid), http.StatusNotFound)
		// The inline status form of the session page leaves the facts alone.
		mustStatus(t, us.Post(attendee, url.Values{"role": {"speaker"}, "status": {"attended"}}), http.StatusSeeOther)
		for _, a := range items(env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.usTok, nil)) {
			if a["id"] == aid && (a["briefs_us_officials"] != true || a["status"] != "attended") {
				t.Fatalf("status form changed the facts: %v", a)
			}
		}
	})
}
