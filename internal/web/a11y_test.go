package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// browserLogin signs in through the real login form.
func browserLogin(t *testing.T, ctx context.Context, env *testkit.Env, u *auth.User) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#f-email")),
		chromedp.SendKeys(chromedp.CSS("#f-email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#f-password"), testkit.Password),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS("header nav")),
	)
	if err != nil {
		t.Fatalf("browser login: %v", err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != env.URL+"/" {
		t.Fatalf("after login the browser is at %s", loc)
	}
}

// TestShellPagesAccessibleInBothLanguages walks the foundation's pages in a real browser, in
// English and Chinese, on a desktop and a phone width: axe-core finds no serious or critical
// violation, nothing overflows sideways, and a hostile name never runs as script (I1).
func TestShellPagesAccessibleInBothLanguages(t *testing.T) {
	ctx := testkit.Chrome(t)
	env := testkit.Start(t, testkit.Backends(t)[0], nil)
	us := env.NewTenant("usorg", "US")
	hostile := `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`
	if r := env.Do("PATCH", "/api/v1/me", env.Token(us.Admin), map[string]string{"name": hostile}); r.Status != 200 {
		t.Fatalf("set hostile name: %d", r.Status)
	}
	if _, err := env.App.Auth.Invite(context.Background(), us.Admin.Scope(), auth.InviteInput{Email: "new@usorg.test", Role: "member"}); err != nil {
		t.Fatal(err)
	}
	anonymous := []string{"/login"}
	pages := []string{"/", "/account", "/org", "/org/users", "/org/audit"}
	check := func(t *testing.T, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if vs := testkit.Axe(t, ctx); len(vs) > 0 {
			t.Errorf("%s: accessibility violations:\n%s", path, testkit.DescribeViolations(vs))
		}
		overflow, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if overflow {
			t.Errorf("%s: the page scrolls sideways", path)
		}
		xss, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__xss === 1`))
		if xss {
			t.Fatalf("%s: user text ran as script", path)
		}
	}
	for _, lang := range []string{"en", "zh"} {
		for _, width := range []int64{1280, 375} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatal(err)
			}
			_ = chromedp.Do(ctx, chromedp.Navigate(env.URL+"/login"))
			// Choose the language with the switch as a visitor would (it posts a form).
			wantLang := map[string]string{"en": "en", "zh": "zh-Hans"}[lang]
			if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != wantLang {
				_ = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/language"] button`)), chromedp.Sleep(200*time.Millisecond))
			}
			for _, p := range anonymous {
				check(t, p)
			}
			if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != wantLang {
				t.Fatalf("language switch: page is %q, want %q", got, wantLang)
			}
			browserLogin(t, ctx, env, us.Admin)
			// Signed in, the user's own preference decides; make it the language under test.
			if cur, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); cur != wantLang {
				_ = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/language"] button`)), chromedp.Sleep(200*time.Millisecond))
			}
			for _, p := range pages {
				check(t, p)
			}
			_ = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#f-email")))
		}
	}
}

// TestAxeFindsViolations is the control: the accessibility check does fail on a bad page.
func TestAxeFindsViolations(t *testing.T) {
	ctx := testkit.Chrome(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html><head><title>bad</title></head><body><main><input type="text"><img src="data:,"><button></button></main></body></html>`))
	}))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if vs := testkit.Axe(t, ctx); len(vs) == 0 {
		t.Fatal("axe found nothing on a page with an unlabelled input, an image without alt and an empty button")
	}
}
