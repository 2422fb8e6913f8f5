package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The screening facts entered through the API, each with a case where the rule it feeds fires
// and one where it must not; flags are recomputed by the change itself (reads are pure).

// newPerson creates a participant in tok's registry from body and returns its id.
func (w *i3world) newPerson(t *testing.T, tok string, body map[string]any) string {
	t.Helper()
	r := w.env.Do("POST", "/api/v1/participants", tok, body)
	mustStatus(t, r, 201)
	return str(r.JSON(), "id")
}

// attend adds a participant to a session with the given attendance facts and returns the
// attendee id.
func (w *i3world) attend(t *testing.T, tok, sid, pid string, facts map[string]any) string {
	t.Helper()
	body := map[string]any{"participant_id": pid}
	for k, v := range facts {
		body[k] = v
	}
	r := w.env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", tok, body)
	mustStatus(t, r, 201)
	return str(r.JSON(), "id")
}

// flag returns the flag of a rule for a participant ("" for the session) as tok sees it.
func (w *i3world) flag(t *testing.T, tok, sid, rule, pid string) flagJSON {
	t.Helper()
	return flagsOf(t, w.env, "/api/v1/sessions/"+sid+"/flags", tok)[rule+"/"+pid]
}

// ownDialogue makes a dialogue convened by tok's organization alone the one w.session writes to.
func (w *i3world) ownDialogue(t *testing.T, tok, title string) {
	t.Helper()
	r := w.env.Do("POST", "/api/v1/dialogues", tok, map[string]any{"title": title, "topic": "research"})
	mustStatus(t, r, 201)
	w.dialogueID = str(r.JSON(), "id")
}

// expectFlag checks that rule's flag for pid ("" for the session) is active (want) or not, as tok
// sees it; outcome names the case.
func (w *i3world) expectFlag(t *testing.T, tok, sid, rule, pid string, want bool, outcome string) flagJSON {
	t.Helper()
	f := w.flag(t, tok, sid, rule, pid)
	if active(f) != want {
		t.Fatalf("%s: %s active=%v, want %v: %+v", outcome, rule, active(f), want, f)
	}
	return f
}

func active(f flagJSON) bool { return f.ID != "" && f.Status != "resolved" }

func TestFactFARAPrincipalAndBriefing(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		sid := w.session(t, w.usTok, nil)
		pid := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Alex Carter", "nationality": []string{"US"},
			"directed_by_prc_principal": true})
		aid := w.attend(t, w.usTok, sid, pid, map[string]any{"briefs_us_officials": true})
		f := w.flag(t, w.usTok, sid, "US-FARA", pid)
		if !active(f) || f.Severity != "warn" || !strings.Contains(f.Explanation, "Alex Carter") {
			t.Fatalf("fires-for-us-person-directed-by-prc-principal-who-briefs: %+v", f)
		}
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+pid, w.usTok, map[string]any{"directed_by_prc_principal": false}), 200)
		w.expectFlag(t, w.usTok, sid, "US-FARA", pid, false, "quiet-without-prc-principal")
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+pid, w.usTok, map[string]any{"paid_by_prc_principal": true}), 200)
		if f := w.flag(t, w.usTok, sid, "US-FARA", pid); !active(f) || f.ID == "" {
			t.Fatalf("fires-again-when-paid-by-prc-principal: %+v", f)
		}
		mustStatus(t, w.env.Do("PATCH", "/api/v1/sessions/"+sid+"/attendees/"+aid, w.usTok, map[string]any{"briefs_us_officials": false}), 200)
		w.expectFlag(t, w.usTok, sid, "US-FARA", pid, false, "quiet-without-briefing")
		// The attendance facts are the participant's organization's own.
		for _, a := range items(w.env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, nil)) {
			if a["briefs_us_officials"] != false || a["acts_for_organizer"] != false {
				t.Fatalf("the other convener sees attendance facts: %v", a)
			}
		}
	})
}

func TestFactFloridaVisitingResearcherHostedByCohost(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		cohost := map[string]any{"name": "Florida Gulf University", "country": "US", "kind": "university", "us_state": "FL",
			"is_public": true, "field": "engineering"}
		sid := w.session(t, w.usTok, map[string]any{"cohosts": []map[string]any{cohost}})
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		pid := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "ZHOU Min", "nationality": []string{"CN"}})
		aid := w.attend(t, w.cnTok, sid, pid, map[string]any{"visiting_researcher": true})
		if f := w.flag(t, w.cnTok, sid, "US-FL-VISITING-RESEARCHER", pid); !active(f) || !strings.Contains(f.Explanation, "Florida Gulf University") {
			t.Fatalf("fires-for-researcher-linked-to-china-hosted-by-florida-public-university: %+v", f)
		}
		cohost["is_public"] = false
		mustStatus(t, w.env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"cohosts": []map[string]any{cohost}}), 200)
		w.expectFlag(t, w.cnTok, sid, "US-FL-VISITING-RESEARCHER", pid, false, "quiet-when-the-host-is-private")
		cohost["is_public"] = true
		mustStatus(t, w.env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"cohosts": []map[string]any{cohost}}), 200)
		mustStatus(t, w.env.Do("PATCH", "/api/v1/sessions/"+sid+"/attendees/"+aid, w.cnTok, map[string]any{"visiting_researcher": false}), 200)
		w.expectFlag(t, w.cnTok, sid, "US-FL-VISITING-RESEARCHER", pid, false, "quiet-when-not-a-visiting-researcher")
	})
}

func TestFactDoD1286ListedEmployer(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		sid := w.session(t, w.usTok, nil)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		us := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Dana Moss", "nationality": []string{"US"}, "dod_funded": true,
			"employer": "Ohio Polytechnic", "employer_country": "US"})
		w.attend(t, w.usTok, sid, us, nil)
		cn := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "QIAN Hao", "employer": "Harbin Institute of Technology",
			"employer_country": "CN", "employer_listed_1286": true})
		w.attend(t, w.cnTok, sid, cn, nil)
		if f := w.flag(t, w.usTok, sid, "US-DOD-1286", us); !active(f) || !strings.Contains(f.Explanation, "QIAN Hao") {
			t.Fatalf("fires-when-dod-funded-researcher-meets-1286-listed-affiliate: %+v", f)
		}
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+cn, w.cnTok, map[string]any{"employer_listed_1286": false}), 200)
		w.expectFlag(t, w.usTok, sid, "US-DOD-1286", us, false, "quiet-when-the-employer-is-not-listed")
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+cn, w.cnTok, map[string]any{"talent_program": "Thousand Talents"}), 200)
		w.expectFlag(t, w.usTok, sid, "US-DOD-1286", us, true, "fires-for-a-talent-programme")
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+us, w.usTok, map[string]any{"employer_country": "GB"}), 200)
		w.expectFlag(t, w.usTok, sid, "US-DOD-1286", us, false, "quiet-for-a-researcher-employed-outside-the-us")
	})
}

func TestFactEmployerCountryAndConfucius(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		sid := w.session(t, w.usTok, beijing)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		// Employed in the mainland (residence unknown) and acting for the unregistered organizer.
		cn := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "SUN Li", "employer": "Capital Policy Institute", "employer_country": "CN"})
		w.attend(t, w.cnTok, sid, cn, map[string]any{"acts_for_organizer": true, "paid": true})
		f := w.flag(t, w.cnTok, sid, "CN-ONGO-MAINLAND-PARTICIPANT", cn)
		if !active(f) || !strings.Contains(f.Explanation, "acting for an organizer: yes") || !strings.Contains(f.Explanation, "Paid by the session: yes") {
			t.Fatalf("fires-for-participant-employed-in-the-mainland: %+v", f)
		}
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+cn, w.cnTok, map[string]any{"employer_country": "HK"}), 200)
		w.expectFlag(t, w.cnTok, sid, "CN-ONGO-MAINLAND-PARTICIPANT", cn, false, "quiet-for-participant-employed-in-hong-kong")
		us := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Pat Lee", "employer": "Midwest State University",
			"employer_us_state": "IA", "employer_hosts_confucius_institute": true})
		w.attend(t, w.usTok, sid, us, nil)
		w.expectFlag(t, w.usTok, sid, "US-CONFUCIUS", us, true, "fires-for-us-employer-hosting-a-confucius-institute")
		mustStatus(t, w.env.Do("PATCH", "/api/v1/participants/"+us, w.usTok, map[string]any{"employer_hosts_confucius_institute": false}), 200)
		w.expectFlag(t, w.usTok, sid, "US-CONFUCIUS", us, false, "quiet-without-a-confucius-institute")
	})
}

func TestFactFunderStandingAndOrganizerChange(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		// The US organizer has a registered office covering Beijing and cyber topics.
		mustStatus(t, w.env.Do("PATCH", "/api/v1/orgs/"+w.us.Org.ID, w.usAdminTok, map[string]any{"ongo_status": "registered_office",
			"ongo_registration_number": "REG-1", "ongo_office_area": "Beijing", "ongo_office_scope": "cyber"}), 200)
		funder := map[string]any{"funder_name": "Harbor Fund", "funder_country": "US", "funder_kind": "foundation"}
		extra := map[string]any{"topic_tags": []string{"cyber"}, "funding": []map[string]any{funder}}
		for k, v := range beijing {
			extra[k] = v
		}
		sid := w.session(t, w.usTok, extra)
		if f := w.flag(t, w.usTok, sid, "CN-ONGO-UNREGISTERED", ""); !active(f) || !strings.Contains(f.Explanation, "Harbor Fund") ||
			strings.Contains(f.Explanation, "Usorg Institute") {
			t.Fatalf("fires-for-unregistered-funder-only: %+v", f)
		}
		funder["funder_ongo_status"], funder["funder_ongo_office_area"] = "registered_office", "nationwide"
		mustStatus(t, w.env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"funding": []map[string]any{funder}}), 200)
		w.expectFlag(t, w.usTok, sid, "CN-ONGO-UNREGISTERED", "", false, "quiet-when-the-funder-has-a-registered-office")
		// The organizer's office no longer covers Beijing: the organization's change recomputes.
		mustStatus(t, w.env.Do("PATCH", "/api/v1/orgs/"+w.us.Org.ID, w.usAdminTok, map[string]any{"ongo_office_area": "Yunnan"}), 200)
		if f := w.flag(t, w.usTok, sid, "CN-ONGO-UNREGISTERED", ""); !active(f) || !strings.Contains(f.Explanation, "Usorg Institute") {
			t.Fatalf("fires-when-the-organizer-office-stops-covering-the-province: %+v", f)
		}
	})
}

func TestFactPartnerCountry(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		// A dialogue of the US organization alone: no organizer in a country of concern.
		w.ownDialogue(t, w.usTok, "Gulf Research Exchange")
		sid := w.session(t, w.usTok, map[string]any{"is_partnership_agreement": true, "partner_name": "Moscow Institute of Physics",
			"partner_kind": "university", "partner_field": "natural_science", "partner_country": "RU"})
		pid := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Chris Vale", "employer": "Florida Gulf University",
			"employer_kind": "public_university", "employer_us_state": "FL", "employer_public": true})
		w.attend(t, w.usTok, sid, pid, nil)
		if f := w.flag(t, w.usTok, sid, "US-FL-COUNTRY-OF-CONCERN", pid); !active(f) || !strings.Contains(f.Explanation, "Moscow Institute of Physics") {
			t.Fatalf("fires-for-partnership-with-partner-in-country-of-concern: %+v", f)
		}
		mustStatus(t, w.env.Do("PATCH", "/api/v1/sessions/"+sid, w.usTok, map[string]any{"partner_country": "GB"}), 200)
		w.expectFlag(t, w.usTok, sid, "US-FL-COUNTRY-OF-CONCERN", pid, false, "quiet-for-partner-elsewhere")
	})
}

func TestFactSharingContextPIPL(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		sid := w.session(t, w.usTok, nil)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		pid := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "HE Jing", "residence_country": "CN"})
		w.attend(t, w.cnTok, sid, pid, nil)
		f := w.flag(t, w.cnTok, sid, "PIPL-CROSS-BORDER", pid)
		if !active(f) || !strings.Contains(f.Explanation, "Usorg Institute") {
			t.Fatalf("fires-when-a-us-co-convener-sees-a-mainland-participant-without-consent: %+v", f)
		}
		mustStatus(t, w.env.Do("POST", "/api/v1/participants/"+pid+"/consents", w.cnTok, map[string]any{"purpose": "cross_border_transfer",
			"granted": true, "text_version": "v1"}), 201)
		w.expectFlag(t, w.cnTok, sid, "PIPL-CROSS-BORDER", pid, false, "quiet-after-separate-consent")
		// A dialogue the Chinese university convenes alone, on an instance storing data in
		// China: nobody abroad stores or sees the data.
		w.ownDialogue(t, w.cnTok, "Domestic seminar")
		own := w.session(t, w.cnTok, nil)
		other := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "MA Lin", "residence_country": "CN"})
		w.attend(t, w.cnTok, own, other, nil)
		w.expectFlag(t, w.cnTok, own, "PIPL-CROSS-BORDER", other, false, "quiet-when-only-a-mainland-organization-holds-the-data")
	})
}

func TestFactSharingContextStorageCountry(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3WorldWith(t, b, func(c *config.Config) { c.StorageCountry = "US" })
		w.ownDialogue(t, w.cnTok, "Domestic seminar")
		sid := w.session(t, w.cnTok, nil)
		pid := w.newPerson(t, w.cnTok, map[string]any{"name_latin": "MA Lin", "residence_country": "CN"})
		w.attend(t, w.cnTok, sid, pid, nil)
		w.expectFlag(t, w.cnTok, sid, "PIPL-CROSS-BORDER", pid, true, "fires-when-the-instance-stores-data-abroad")
	})
}

// US-BULK-DATA's threshold (100,000 US persons' identifiers) is lowered to 2 in a copy of the
// rules, so the sharing count itself is what is tested.
func TestFactSharingContextBulkData(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"cn-overseas-ngo.yaml", "us.yaml", "data-protection.yaml"} {
		raw, err := os.ReadFile(filepath.Join("../../configs/rules", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "data-protection.yaml" {
			raw = []byte(strings.Replace(string(raw), `c.us_persons >= 100000`, `c.us_persons >= 2`, 1))
		}
		if err := os.WriteFile(filepath.Join(dir, f), raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3WorldWith(t, b, func(c *config.Config) { c.RulesDir = dir })
		sid := w.session(t, w.usTok, nil)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		a := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Alex Carter", "nationality": []string{"US"}})
		g := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Gwen Hart", "nationality": []string{"GB"}})
		w.attend(t, w.usTok, sid, a, nil)
		w.attend(t, w.usTok, sid, g, nil)
		w.expectFlag(t, w.usTok, sid, "US-BULK-DATA", "", false, "quiet-below-the-threshold (one us person)")
		c := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Casey Ford", "residence_country": "US"})
		w.attend(t, w.usTok, sid, c, nil)
		f := w.flag(t, w.usTok, sid, "US-BULK-DATA", "")
		if !active(f) || !strings.Contains(f.Explanation, "Cnorg Institute") || !strings.Contains(f.Explanation, "personal_identifiers") {
			t.Fatalf("fires-when-enough-us-persons-become-accessible-to-a-china-based-convener: %+v", f)
		}
	})
}

func TestFactValidation(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		sid := w.session(t, w.usTok, nil)
		pid := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Alex Carter"})
		aid := w.attend(t, w.usTok, sid, pid, nil)
		pp, sp, ap := "/api/v1/participants/"+pid, "/api/v1/sessions/"+sid, "/api/v1/sessions/"+sid+"/attendees/"+aid
		cases := []struct {
			name, path string
			body       map[string]any
			field      string
		}{
			{"rejects-unknown-employer-country", pp, map[string]any{"employer_country": "Atlantis"}, "employer_country"},
			{"rejects-us-state-of-a-foreign-employer", pp, map[string]any{"employer_country": "CN", "employer_us_state": "FL"}, "employer_us_state"},
			{"rejects-1286-listing-of-a-us-employer", pp, map[string]any{"employer_country": "US", "employer_listed_1286": true}, "employer_listed_1286"},
			{"rejects-non-boolean-prc-principal", pp, map[string]any{"directed_by_prc_principal": "yes"}, "directed_by_prc_principal"},
			{"rejects-unknown-employer-kind", pp, map[string]any{"employer_kind": "embassy"}, "employer_kind"},
			{"rejects-unknown-partner-kind", sp, map[string]any{"partner_kind": "embassy"}, "partner_kind"},
			{"rejects-unknown-partner-field", sp, map[string]any{"partner_field": "astrology"}, "partner_field"},
			{"rejects-unknown-partner-country", sp, map[string]any{"partner_country": "Atlantis"}, "partner_country"},
			{"rejects-unknown-funder-kind", sp, map[string]any{"funding": []map[string]any{{"funder_name": "F", "funder_kind": "club"}}}, "funding[0].funder_kind"},
			{"rejects-unknown-funder-standing", sp, map[string]any{"funding": []map[string]any{{"funder_name": "F", "funder_ongo_status": "maybe"}}}, "funding[0].funder_ongo_status"},
			{"rejects-registered-funder-without-area", sp, map[string]any{"funding": []map[string]any{{"funder_name": "F", "funder_ongo_status": "registered_office"}}}, "funding[0].funder_ongo_office_area"},
			{"rejects-unknown-cohost-kind", sp, map[string]any{"cohosts": []map[string]any{{"name": "C", "kind": "club"}}}, "cohosts[0].kind"},
			{"rejects-unknown-cohost-field", sp, map[string]any{"cohosts": []map[string]any{{"name": "C", "field": "astrology"}}}, "cohosts[0].field"},
			{"rejects-us-state-of-a-foreign-cohost", sp, map[string]any{"cohosts": []map[string]any{{"name": "C", "country": "CN", "us_state": "FL"}}}, "cohosts[0].us_state"},
			{"rejects-overseas-standing-of-a-mainland-cohost", sp, map[string]any{"cohosts": []map[string]any{{"name": "C", "country": "CN", "ongo_status": "registered_office", "ongo_office_area": "Beijing"}}}, "cohosts[0].ongo_status"},
			{"rejects-non-boolean-visiting-researcher", ap, map[string]any{"visiting_researcher": "yes"}, "visiting_researcher"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := w.env.Do("PATCH", tc.path, w.usTok, tc.body)
				if r.Status != 422 {
					t.Fatalf("status %d: %s", r.Status, r.Body)
				}
				if _, ok := fieldErrors(r)[tc.field]; !ok {
					t.Fatalf("no error for %s: %s", tc.field, r.Body)
				}
			})
		}
		// Nothing of the refused changes was saved.
		r := w.env.Do("GET", pp, w.usTok, nil)
		if m := r.JSON(); m["employer_country"] != "" || m["directed_by_prc_principal"] != false {
			t.Fatalf("a refused change was saved: %v", m)
		}
		// The old employer kind is still understood, and stored as the rules' word.
		r = w.env.Do("PATCH", pp, w.usTok, map[string]any{"employer_kind": "government"})
		mustStatus(t, r, 200)
		if got := str(r.JSON(), "employer_kind"); got != "government_organ" {
			t.Fatalf("accepts-government-as-government-organ: %q", got)
		}
		// A US state implies a US employer.
		r = w.env.Do("PATCH", pp, w.usTok, map[string]any{"employer_us_state": "TX"})
		mustStatus(t, r, 200)
		if got := str(r.JSON(), "employer_country"); got != "US" {
			t.Fatalf("us-state-implies-us-employer: %q", got)
		}
	})
}
