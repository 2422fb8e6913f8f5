package testkit

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

//go:embed testdata/axe.min.js
var axeSource string // axe-core 4.14.1 (MPL-2.0), vendored so tests need no network

// chromiumPath finds a Chromium or Chrome binary.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Chrome starts headless Chromium for one test and returns a chromedp context (a tab). It skips
// when Chromium is missing, and fails instead when TRACKTWO_CI is set.
func Chrome(t testing.TB) context.Context {
	t.Helper()
	path := chromiumPath()
	RequireTool(t, "headless Chromium (Debian package chromium)", path != "")
	tmp := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(tmp),
		chromedp.Env("HOME="+tmp, "TMPDIR="+tmp),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a timeout (NOTES.md)
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// AxeViolation is one accessibility rule broken on a page.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// Axe runs axe-core on the current page and returns the serious and critical violations.
func Axe(t testing.TB, ctx context.Context) []AxeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+"\n;true")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe: %v", err)
	}
	var all []AxeViolation
	if err := json.Unmarshal([]byte(raw), &all); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	var bad []AxeViolation
	for _, v := range all {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v)
		}
	}
	return bad
}

// DescribeViolations renders violations for a test failure message.
func DescribeViolations(vs []AxeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "- %s (%s): %s\n", v.ID, v.Impact, v.Help)
		for i, n := range v.Nodes {
			if i == 3 {
				break
			}
			fmt.Fprintf(&b, "    %v %s\n", n.Target, n.HTML)
		}
	}
	return b.String()
}

// CI reports whether the tests run in CI (where every optional tool is required).
func CI() bool { return os.Getenv("TRACKTWO_CI") != "" }
