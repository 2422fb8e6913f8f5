package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
		for _, width := range []int64{1280, 375} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatal(err)
			}
			for _, path := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(w.env.URL+path), chromedp.WaitVisible(chromedp.CSS("main")), chromedp.Sleep(100*time.Millisecond)); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if vs := testkit.Axe(t, ctx); len(vs) > 0 {
					t.Errorf("%s %d px %s: accessibility violations:\n%s", lang, width, path, testkit.DescribeViolations(vs))
				}
				if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); overflow {
					t.Errorf("%s %d px %s: the page scrolls sideways", lang, width, path)
				}
			}
		}
	}
}
