package web_test

import (
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestFactPagesAccessible walks the pages that collect screening facts — participant, session
// form with its funding and co-host rows, attendance, flags — in a real browser, in English and
// Chinese, on a desktop and a phone width: axe-core finds no serious or critical violation and
// nothing overflows sideways.
func TestFactPagesAccessible(t *testing.T) {
	ctx := testkit.Chrome(t)
	w := newI3World(t, testkit.Backends(t)[0])
	sid := w.session(t, w.usTok, map[string]any{"funding": []map[string]any{{"funder_name": "Harbor Fund", "funder_kind": "foundation"}},
		"cohosts": []map[string]any{{"name": "Gulf Coast State University", "country": "US", "kind": "university", "us_state": "FL"}}})
	pid := w.newPerson(t, w.usTok, map[string]any{"name_latin": "Alex Carter", "nationality": []string{"US"}})
	aid := w.attend(t, w.usTok, sid, pid, map[string]any{"briefs_us_officials": true})
	pages := []string{"/participants/" + pid, "/participants/new", "/sessions/" + sid + "/edit", "/sessions/" + sid + "/attendees/" + aid,
		"/sessions/" + sid + "/flags", "/sessions/" + sid}
	browserLogin(t, ctx, w.env, w.us.Organizer)
	for _, lang := range []string{"en", "zh"} {
		mustStatus(t, w.env.Do("PATCH", "/api/v1/me", w.usTok, map[string]any{"language": lang}), 200)
		checkPagesInBrowser(t, ctx, w.env.URL, lang+" ", pages)
	}
}
