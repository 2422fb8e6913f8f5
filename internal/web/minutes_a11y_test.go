package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestMinutesPagesAccessible walks the minutes and commitment pages in a real browser on a
// desktop and a phone width: axe-core finds no serious or critical violation, nothing overflows
// sideways, and hostile text in the minutes and a commitment never runs as script (I1).
func TestMinutesPagesAccessible(t *testing.T) {
	ctx := testkit.Chrome(t)
	w := newMinutesWorld(t, testkit.Backends(t)[0])
	hostile := `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`
	doc := w.doc(1, hostile)
	mustStatus(t, w.env.Do("PUT", minutesPath(w.sessionID), w.usTok, doc), 200)
	r := w.env.Do("POST", "/api/v1/commitments", w.usTok, map[string]any{"session_id": w.sessionID, "title_en": hostile,
		"parties": []string{"US", "CN"}, "due": "2020-01-01"})
	mustStatus(t, r, 201)
	cid := str(r.JSON(), "id")
	mustStatus(t, w.env.Do("POST", "/api/v1/commitments/"+cid+"/assessments", w.usTok, map[string]any{"progress": "limited",
		"compliance": []map[string]any{{"party": "US", "score": 1}}, "evidence": hostile, "assessor": "panel",
		"evidence_links": []string{"https://example.org/x"}}), 201)
	// A withdrawn commitment, its notice carrying hostile text, and the register's withdrawn filter.
	r = w.env.Do("POST", "/api/v1/commitments", w.usTok, map[string]any{"session_id": w.sessionID, "title_en": "Withdrawn one",
		"parties": []string{"US"}})
	mustStatus(t, r, 201)
	wid := str(r.JSON(), "id")
	mustStatus(t, w.env.Do("POST", "/api/v1/commitments/"+wid+"/withdrawal", w.usTok, map[string]any{"reason": hostile}), 200)
	browserLogin(t, ctx, w.env, w.us.Organizer)
	base := "/sessions/" + w.sessionID + "/minutes"
	pages := []string{base, base + "/agreement", base + "/revisions", base + "/revisions/2", "/commitments", "/commitments/" + cid,
		"/commitments/" + wid, "/commitments?status=withdrawn", "/"}
	checkPagesInBrowser(t, ctx, w.env.URL, "", pages)
}

// checkPagesInBrowser opens each page on a desktop and a phone width: axe-core finds no serious
// or critical violation, nothing overflows sideways, and no user text ran as script (a hostile
// text sets window.__xss).
func checkPagesInBrowser(t *testing.T, ctx context.Context, base, label string, pages []string) {
	t.Helper()
	for _, width := range []int64{1280, 375} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
			t.Fatal(err)
		}
		for _, path := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main")), chromedp.Sleep(100*time.Millisecond)); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if vs := testkit.Axe(t, ctx); len(vs) > 0 {
				t.Errorf("%s%d px %s: accessibility violations:\n%s", label, width, path, testkit.DescribeViolations(vs))
			}
			if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); overflow {
				t.Errorf("%s%d px %s: the page scrolls sideways", label, width, path)
			}
			if xss, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss === 1`)); xss {
				t.Fatalf("%s: user text ran as script", path)
			}
		}
	}
}
