package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
	"github.com/tracktwo/tracktwo/internal/web"
)

// Every issue-3 message exists in English and Chinese and renders without a missing variable.
func TestIssue3TranslationsComplete(t *testing.T) {
	x, err := web.LoadI18n()
	if err != nil {
		t.Fatal(err)
	}
	if m := x.MissingKeys(); len(m) > 0 {
		t.Fatalf("missing translations: %v", m)
	}
	for _, f := range []string{"dialogue.en.yaml", "dialogue.zh.yaml"} {
		if _, err := os.Stat(filepath.Join("locales", f)); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(filepath.Join("locales", "dialogue.en.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, line := range strings.Split(string(raw), "\n") {
		if k, _, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(k, "#") {
			ids = append(ids, k)
		}
	}
	for _, lang := range []string{"en", "zh"} {
		for _, id := range ids {
			out := x.T(lang, id, "Org", "o", "Title", "t", "Name", "n", "Date", "2026-12-06", "N", 1, "Count", 1)
			if strings.Contains(out, "<no value>") || out == "" {
				t.Fatalf("%s %s renders %q", lang, id, out)
			}
		}
	}
}

// The issue-3 pages render in both languages, with forms that report field errors linked to
// their fields, and the flows work without JavaScript.
func TestIssue3Pages(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, nil)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		pid := w.participant(t, w.usTok, "Alice <script>alert(1)</script>", "")
		us := env.Browser()
		us.Login(w.us.Organizer)
		for _, lang := range []string{"en", "zh"} {
			us.Post("/language", url.Values{"lang": {lang}, "next": {"/"}})
			for _, p := range []string{"/dialogues", "/dialogues/" + w.dialogueID, "/sessions", "/sessions?status=proposed",
				"/sessions/new", "/sessions/" + sid, "/sessions/" + sid + "/edit", "/participants", "/participants?q=alice",
				"/participants/new", "/participants/" + pid, "/participants/import"} {
				r := us.Get(p)
				if r.Status != http.StatusOK {
					t.Fatalf("%s %s: %d %s", lang, p, r.Status, r.Body)
				}
				if bytes.Contains(r.Body, []byte("<script>alert")) {
					t.Fatalf("%s: unescaped user text", p)
				}
				if m := regexp.MustCompile(`>(session|dialogue|participant|status|action|form)\.[a-z_]+<`).Find(r.Body); m != nil {
					t.Fatalf("%s %s: untranslated %s", lang, p, m)
				}
			}
		}
		us.Post("/language", url.Values{"lang": {"en"}, "next": {"/"}})

		// Session form: bad input is re-shown with linked field errors and nothing is saved.
		r := us.Post("/sessions", url.Values{"dialogue_id": {w.dialogueID}, "title": {"Bad"}, "format": {"in_person"},
			"city": {"Beijing"}, "country": {"CN"}, "timezone": {"Asia/Beijing"}, "starts_at": {"2030-01-01T10:00"},
			"ends_at": {"2030-01-01T09:00"}, "then": {"propose"}})
		mustStatus(t, r, 422)
		for _, want := range []string{`href="#f-timezone"`, `id="e-timezone"`, `aria-invalid="true"`, `value="Bad"`} {
			if !bytes.Contains(r.Body, []byte(want)) {
				t.Fatalf("form errors lack %s", want)
			}
		}
		if len(items(env.Do("GET", "/api/v1/sessions?status=draft", w.usTok, nil))) != 0 {
			t.Fatal("a refused form saved a session")
		}
		// Good input: saved and proposed in one go.
		r = us.Post("/sessions", url.Values{"dialogue_id": {w.dialogueID}, "title": {"Good"}, "format": {"online"},
			"timezone": {"Asia/Shanghai"}, "starts_at": {"2030-01-01T10:00"}, "ends_at": {"2030-01-01T12:00"}, "then": {"propose"}})
		mustStatus(t, r, http.StatusSeeOther)
		newID := strings.TrimPrefix(r.Header.Get("Location"), "/sessions/")
		s := env.Do("GET", "/api/v1/sessions/"+newID, w.cnTok, nil)
		if str(s.JSON(), "status") != "proposed" {
			t.Fatalf("created and proposed: %s", s.Body)
		}
		// The Chinese convener accepts in the Chinese UI; the reason is required to decline.
		cn := env.Browser()
		cn.Login(w.cn.Organizer)
		cn.Post("/language", url.Values{"lang": {"zh"}, "next": {"/"}})
		r = cn.Post("/sessions/"+newID+"/transitions", url.Values{"to": {"declined"}})
		mustStatus(t, r, 422)
		if !bytes.Contains(r.Body, []byte(`id="e-reason"`)) {
			t.Fatal("decline without reason: no field error")
		}
		mustStatus(t, cn.Post("/sessions/"+newID+"/transitions", url.Values{"to": {"accepted"}}), http.StatusSeeOther)
		page := cn.Get("/sessions/" + newID)
		if !bytes.Contains(page.Body, []byte("已接受")) {
			t.Fatalf("Chinese page after accepting: %s", page.Body)
		}
		// Participants through forms: create, validation, add to session.
		r = cn.Post("/participants", url.Values{"name_latin": {""}, "email": {"bad"}})
		mustStatus(t, r, 422)
		r = cn.Post("/participants", url.Values{"name_latin": {"LIU Yang"}, "name_native": {"刘洋"}, "nationality": {"CN"}})
		mustStatus(t, r, http.StatusSeeOther)
		cnP := strings.TrimPrefix(r.Header.Get("Location"), "/participants/")
		r = cn.Post("/sessions/"+newID+"/attendees", url.Values{"participant_id": {cnP}, "role": {"speaker"}, "status": {"invited"}})
		mustStatus(t, r, http.StatusCreated)
		if !bytes.Contains(r.Body, []byte("/rsvp/")) || !bytes.Contains(r.Body, []byte("刘洋")) {
			t.Fatal("attendee page lacks the RSVP link or the name")
		}
		r = cn.Post("/participants/"+cnP+"/consents", url.Values{"purpose": {"cross_border_transfer"}, "granted": {"1"}, "text_version": {"v1"}})
		mustStatus(t, r, http.StatusSeeOther)
		// The dialogue page: invite form, conveners, sessions.
		r = us.Post("/dialogues", url.Values{"title": {""}})
		mustStatus(t, r, 422)
		r = us.Post("/dialogues", url.Values{"title": {"Health dialogue"}, "chatham_house": {"1"}})
		mustStatus(t, r, http.StatusSeeOther)
		did := strings.TrimPrefix(r.Header.Get("Location"), "/dialogues/")
		mustStatus(t, us.Post("/dialogues/"+did+"/invitations", url.Values{"org_id": {w.cn.Org.ID}}), http.StatusSeeOther)
		page = cn.Get("/dialogues")
		if !bytes.Contains(page.Body, []byte("Health dialogue")) {
			t.Fatal("the invitation is not on the invited organization's dialogue page")
		}
		// Import through the page: check first, nothing saved.
		mustStatus(t, cn.Post("/participants/import", url.Values{}), 422)
		// Export downloads.
		r = cn.Get("/participants/export?format=csv")
		mustStatus(t, r, 200)
		if !bytes.Contains(r.Body, []byte("LIU Yang")) {
			t.Fatal("export lacks the participant")
		}
	})
}
