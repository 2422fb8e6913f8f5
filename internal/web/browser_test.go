package web_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// chromiumPath finds headless Chromium; the test skips without it (and fails in CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testkit.RequireTool(t, "headless Chromium", false)
	return ""
}

// newBrowser starts a fresh headless Chromium with its own profile (so each user has their own
// cookies) and returns a context to run actions in.
func newBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("TMPDIR", dir)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("lang", "en-US")}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a timeout (it would kill it)
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	// Read through the page's own DOM, retrying briefly: a node can be replaced between a query
	// and a read while the page settles (htmx swaps, redirects), which is not a failure.
	var lastErr error
	for i := 0; i < 50; i++ {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector('`+sel+`'); return e ? e.innerText.trim() : null })() ?? "\u0000"`))
		if err == nil && s != "\u0000" {
			return s
		}
		lastErr = err
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("text %s: not found (%v)", sel, lastErr)
	return ""
}

func login(t *testing.T, ctx context.Context, base, email string) {
	run(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), email), chromedp.SendKeys(chromedp.ID("f-password"), testkit.Password),
		chromedp.Click(chromedp.CSS("main button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("nav")))
}

// The walk of issue 3's "Done means": the US organizer proposes a session, the Chinese convener
// accepts it in the Chinese UI, adds participants, and sees both sides' local times.
func TestBrowserProposeAcceptInChinese(t *testing.T) {
	path := chromiumPath(t)
	env := testkit.Start(t, testkit.Backends(t)[0], nil)
	w := &i3world{env: env, us: env.NewTenant("usorg", "US"), cn: env.NewTenant("cnorg", "CN")}
	w.usTok, w.cnTok = env.Token(w.us.Organizer), env.Token(w.cn.Organizer)
	r := env.Do("POST", "/api/v1/dialogues", w.usTok, map[string]any{"title": "Cyber Norms Dialogue"})
	mustStatus(t, r, 201)
	w.dialogueID = str(r.JSON(), "id")
	r = env.Do("POST", "/api/v1/dialogues/"+w.dialogueID+"/invitations", w.usTok, map[string]any{"org_id": w.cn.Org.ID})
	mustStatus(t, r, 201)
	mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+str(r.JSON(), "id")+"/accept", w.cnTok, nil), 200)
	w.participant(t, w.cnTok, "ZHANG Wei", "张伟")
	w.participant(t, w.cnTok, "LI Na", "李娜")
	_ = os.Getenv

	// 1. The US organizer proposes a session through the form.
	us := newBrowser(t, path)
	login(t, us, env.URL, w.us.Organizer.Email)
	run(t, us, chromedp.Navigate(env.URL+"/sessions/new?dialogue_id="+w.dialogueID), chromedp.WaitVisible(chromedp.ID("f-title")),
		chromedp.SendKeys(chromedp.ID("f-title"), "Round 1: Incident hotlines"),
		chromedp.SetValue(chromedp.ID("f-city"), "Washington"), chromedp.SetValue(chromedp.ID("f-country"), "US"),
		chromedp.SetValue(chromedp.ID("f-timezone"), "America/New_York"),
		chromedp.SetValue(chromedp.ID("f-starts_at"), "2030-03-12T09:00"), chromedp.SetValue(chromedp.ID("f-ends_at"), "2030-03-12T17:00"),
		chromedp.Click(chromedp.ID("propose")), chromedp.WaitVisible(chromedp.ID("times")))
	if got := text(t, us, "h1"); got != "Round 1: Incident hotlines" {
		t.Fatalf("session page h1 %q", got)
	}
	if st := text(t, us, "main .status"); st != "Proposed" {
		t.Fatalf("status %q", st)
	}
	loc, _ := chromedp.Run(us, chromedp.Location())
	sessionPath := loc[strings.Index(loc, "/sessions/"):]

	// 2. The Chinese convener switches to Chinese and accepts.
	cn := newBrowser(t, path)
	login(t, cn, env.URL, w.cn.Organizer.Email)
	run(t, cn, chromedp.Navigate(env.URL+sessionPath), chromedp.WaitVisible(chromedp.ID("times")),
		chromedp.Click(chromedp.CSS("header form.inline button")))
	waitText(t, cn, "#h-actions", "下一步") // the Chinese UI
	run(t, cn, chromedp.Click(chromedp.ID("do-accepted")))
	waitText(t, cn, "main .status", "已接受")
	// 3. Adds participants.
	for _, name := range []string{"张伟 (ZHANG Wei)", "李娜 (LI Na)"} {
		run(t, cn, chromedp.WaitVisible(chromedp.ID("f-participant_id")),
			chromedp.SetValue(chromedp.ID("f-participant_id"), optionValue(t, cn, name)),
			chromedp.Click(chromedp.ID("add-attendee")))
		waitText(t, cn, "#side-CN", name)
	}
	side := text(t, cn, "#side-CN")
	if !strings.Contains(side, "张伟") || !strings.Contains(side, "李娜") {
		t.Fatalf("Chinese side: %q", side)
	}
	// 4. Both local times: Washington and Beijing, with the date when it differs.
	times := text(t, cn, "#times")
	for _, want := range []string{"America/New_York", "Asia/Shanghai", "3月12日 周二 09:00 EDT", "3月12日 周二 21:00 CST", "3月13日 周三 05:00 CST（+1天）"} {
		if !strings.Contains(times, want) {
			t.Fatalf("times lack %q:\n%s", want, times)
		}
	}
	// The US organizer sees the acceptance and the Chinese side's attendees.
	run(t, us, chromedp.Navigate(env.URL+sessionPath), chromedp.WaitVisible(chromedp.ID("times")))
	if st := text(t, us, "main .status"); st != "Accepted" {
		t.Fatalf("US sees %q", st)
	}
	if side := text(t, us, "#side-CN"); !strings.Contains(side, "张伟") {
		t.Fatalf("US sees CN side %q", side)
	}
}

// waitText waits until the element's text contains want (the page after a form post).
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+sel+`') || {}).textContent || ''`))
		if err == nil && strings.Contains(got, want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never showed %q", sel, want)
}

// optionValue returns the value of the option with this label in the participant picker.
func optionValue(t *testing.T, ctx context.Context, label string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#f-participant_id option')).find(o => o.textContent.trim() === `+"`"+label+"`"+`)?.value || ''`))
	if err != nil || v == "" {
		t.Fatalf("option %q: %v", label, err)
	}
	return v
}
