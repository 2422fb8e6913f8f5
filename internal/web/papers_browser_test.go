package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestPaperPagesAccessible walks the paper pages in a real browser in English and Chinese, on a
// desktop and a phone width, as the author (with edit and upload forms) and as a blind reviewer
// (with the review form): no serious or critical axe violation, no sideways scroll, and a hostile
// title, abstract and file name never run as script (I1).
func TestPaperPagesAccessible(t *testing.T) {
	ctx := testkit.Chrome(t)
	w := newPaperWorld(t, testkit.Backends(t)[0], map[string]any{"deadline": "2099-01-01T00:00:00Z", "blind": true})
	hostile := `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`
	parts := paperParts(`<img src=x onerror=alert(1)>.md`, []byte("# <script>window.__xss=1</script>\n"), w.usAuthor)
	parts[0].Value, parts[2].Value = hostile, hostile
	r := postMultipart(t, w.env, "/api/v1/sessions/"+w.sessionID+"/papers", w.usMember, parts)
	mustStatus(t, r, 201)
	pid := str(r.JSON(), "id")
	mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/reviewers", w.usTok, map[string]any{"user_id": w.cn.Organizer.ID}), 201)
	check := func(t *testing.T, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(w.env.URL+path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if vs := testkit.Axe(t, ctx); len(vs) > 0 {
			t.Errorf("%s: accessibility violations:\n%s", path, testkit.DescribeViolations(vs))
		}
		if overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); overflow {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); let n; while ((n = w.nextNode())) { const r = document.createRange(); r.selectNodeContents(n); const b = r.getBoundingClientRect(); if (b.right > window.innerWidth + 1) out.push(n.parentElement.tagName + ':' + n.textContent.trim().slice(0, 60) + ' ' + Math.round(b.right)); } return document.documentElement.scrollWidth + '/' + window.innerWidth + ' ' + out.slice(0, 6).join('; '); })()`))
			t.Errorf("%s: the page scrolls sideways: %s", path, wide)
		}
		if xss, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss === 1`)); xss {
			t.Fatalf("%s: user text ran as script", path)
		}
	}
	pages := []string{"/papers", "/sessions/" + w.sessionID + "/papers", "/papers/" + pid}
	for _, u := range []*auth.User{w.us.Member, w.cn.Organizer} {
		for _, lang := range []string{"en", "zh"} {
			// A logout ends every session of the user, so sign in again for the API call.
			mustStatus(t, w.env.Do("PATCH", "/api/v1/me", w.env.Token(u), map[string]string{"language": lang}), 200)
			browserLogin(t, ctx, w.env, u)
			for _, width := range []int64{1280, 375} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
					t.Fatal(err)
				}
				for _, p := range pages {
					check(t, p)
				}
			}
			_ = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.Sleep(200*time.Millisecond))
		}
	}
}
