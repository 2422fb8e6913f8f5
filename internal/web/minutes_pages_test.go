package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestMinutesAndCommitmentPages renders every page of the area in both languages, saves the
// editor as a plain form (no JavaScript) and through htmx, shows a stale save as a conflict that
// keeps the typed text, and records a commitment and an assessment through forms.
func TestMinutesAndCommitmentPages(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		p := minutesPath(w.sessionID)
		mustStatus(t, w.env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		mustStatus(t, w.env.Do("POST", p+"/transitions", w.usTok, map[string]any{"to": "circulated"}), 200)
		r := w.env.Do("POST", "/api/v1/commitments", w.usTok, map[string]any{"session_id": w.sessionID, "title_en": "Hotline <script>alert(1)</script>",
			"title_zh": "热线", "parties": []string{"US", "CN"}, "due": "2020-01-01"})
		mustStatus(t, r, 201)
		cid := str(r.JSON(), "id")

		br := w.env.Browser()
		br.Login(w.us.Organizer)
		base := "/sessions/" + w.sessionID + "/minutes"
		for _, lang := range []string{"en", "zh"} {
			mustStatus(t, br.Post("/language", url.Values{"lang": {lang}}), 303)
			for _, path := range []string{base, base + "/agreement", base + "/revisions", base + "/revisions/2", "/commitments",
				"/commitments?overdue=true&status=unassessed", "/commitments/" + cid, "/"} {
				r := br.Get(path)
				mustStatus(t, r, 200)
				body := string(r.Body)
				if strings.Contains(body, "<no value>") || strings.Contains(body, "<script>alert") {
					t.Errorf("%s %s: bad output", lang, path)
				}
			}
		}
		// The register shows the chart and the dashboard the overdue commitment.
		if body := string(br.Get("/commitments").Body); !strings.Contains(body, "<svg") || !strings.Contains(body, "role=\"img\"") {
			t.Error("register without the SVG chart")
		}
		if body := string(br.Get("/").Body); !strings.Contains(body, "/commitments/"+cid) {
			t.Error("dashboard does not list the overdue commitment")
		}

		// "Track as a commitment" from the editor prefills the register's form.
		if body := string(br.Get(base).Body); !strings.Contains(body, "/commitments?session_id="+w.sessionID+"&amp;action_item_id=act-1") {
			t.Error("editor lacks the track-as-commitment link")
		}
		if body := string(br.Get("/commitments?session_id=" + w.sessionID + "&action_item_id=act-1&title_en=Exchange+points").Body); !strings.Contains(body, `value="Exchange points"`) {
			t.Error("register form not prefilled")
		}
		// Editor as a plain form: current revision is 3 after circulation? (circulation keeps revision 2)
		form := url.Values{"revision": {"2"}, "authoritative_language": {"zh"},
			"i0.id": {"item-1"}, "i0.title_en": {"Edited in the browser"}, "i0.title_zh": {"浏览器中编辑"},
			"i0.s0.id": {"st-9"}, "i0.s0.speaker_id": {w.speakers["chatham_cn"].ID}, "i0.s0.attribution": {"chatham"}, "i0.s0.text_en": {"A form statement"},
			"i1.id": {"i-blank"}, "i1.title_en": {""}}
		r = br.Post(base, form)
		mustStatus(t, r, 200)
		m := w.env.Do("GET", p, w.usTok, nil).JSON()
		if m["revision"].(float64) != 3 || m["status"] != "corrections" || m["authoritative_language"] != "zh" {
			t.Fatalf("form save: %v", m)
		}
		// A stale form: 409 page that keeps the typed text.
		form.Set("i0.title_en", "My unsaved words")
		r = br.Post(base, form)
		mustStatus(t, r, 409)
		if !strings.Contains(string(r.Body), "My unsaved words") {
			t.Error("conflict page lost the typed text")
		}
		// htmx partial save: only the form comes back.
		form.Set("revision", "3")
		r = br.PostWith(base, form, map[string]string{"HX-Request": "true", "HX-Target": "minutes-form"})
		mustStatus(t, r, 200)
		if body := string(r.Body); strings.Contains(body, "<html") || !strings.Contains(body, `id="minutes-form"`) || !strings.Contains(body, `value="4"`) {
			t.Errorf("htmx save answer: %.300s", body)
		}
		// htmx save after the sign-in expired: the page is left alone.
		anon := w.env.Browser()
		r = anon.PostWith(base, form, map[string]string{"HX-Request": "true", "HX-Target": "minutes-form"})
		mustStatus(t, r, 200)
		if r.Header.Get("HX-Retarget") != "#save-status" || strings.Contains(string(r.Body), "<form") {
			t.Errorf("expired htmx save: %v %s", r.Header, r.Body)
		}
		// Agreement through the page.
		mustStatus(t, br.Post(base+"/transitions", url.Values{"to": {"circulated"}}), 303)
		mustStatus(t, br.Post(base+"/transitions", url.Values{"to": {"locked"}}), 409)
		// Export through the page: an attachment.
		r = br.Get(base + "/export?format=md&level=chatham&lang=both")
		mustStatus(t, r, 200)
		if !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Error("page export is not an attachment")
		}

		// Commitments through forms.
		r = br.Post("/commitments", url.Values{"session_id": {w.sessionID}, "title_en": {"Form commitment"}, "parties_present": {"1"},
			"parties": {"US"}, "due": {"2099-01-01"}, "verifiability": {"high"}})
		mustStatus(t, r, 303)
		r = br.Post("/commitments", url.Values{"session_id": {w.sessionID}, "title_en": {""}, "parties_present": {"1"}, "verifiability": {"high"}})
		mustStatus(t, r, 422)
		r = br.Post("/commitments/"+cid+"/assessments", url.Values{"stage": {"final"}, "progress": {"complete"},
			"score_party": {"US", "CN"}, "score_US": {"1"}, "score_CN": {"0"}, "evidence": {"Hotline in service"},
			"evidence_links": {"https://example.org/a\nhttps://example.org/b"}, "assessor": {"panel"}})
		mustStatus(t, r, 303)
		d := w.env.Do("GET", "/api/v1/commitments/"+cid, w.cnTok, nil).JSON()
		if c := d["commitment"].(map[string]any); c["progress"] != "complete" || c["overdue"] != false {
			t.Errorf("after final assessment: %v", c)
		}
		r = br.Post("/commitments/"+cid, url.Values{"owner": {"Both conveners"}, "verifiability": {"low"}, "title_en": {"Hotline"}})
		mustStatus(t, r, 303)
	})
}
