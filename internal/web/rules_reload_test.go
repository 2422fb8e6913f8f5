package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// syncBuffer is a log sink tests can read while the app writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyRules copies the shipped rule files into a new directory.
func copyRules(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"cn-overseas-ngo.yaml", "us.yaml", "data-protection.yaml"} {
		raw, err := os.ReadFile(filepath.Join("../../configs/rules", f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, f), string(raw))
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func flagEventCount(t *testing.T, env *testkit.Env) int64 {
	t.Helper()
	var n int64
	if err := testkit.RawDB(t, env.App.Config).Table("flag_events").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// reloadWorld is an i3world served by an app whose logs the test reads.
func reloadWorld(t *testing.T, b testkit.Backend, dir string) (*i3world, *syncBuffer) {
	t.Helper()
	w := newI3WorldWith(t, b, func(c *config.Config) { c.RulesDir = dir })
	logs := &syncBuffer{}
	a, err := app.Build(context.Background(), w.env.App.Config, w.env.App.DB, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Web.Handler())
	t.Cleanup(srv.Close)
	w.env = &testkit.Env{T: t, App: a, Server: srv, URL: srv.URL}
	return w, logs
}

const extraRule = `rules:
  - id: OPS-BEIJING-NOTICE
    jurisdiction: CN
    subject: session
    severity: info
    condition: session.in_mainland && session.city == "Beijing"
    explanation:
      en: "Tell the embassy's science section about the session in {{session.city}}."
      zh: "请将在{{session.city}}举行的会议告知使馆科技处。"
    citations:
      - title: Operator's practice
        article: internal note 7
    needs_legal_review: false
`

func TestRulesReloadGoodAndBad(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		dir := copyRules(t)
		w, logs := reloadWorld(t, b, dir)
		env, ctx, scr := w.env, context.Background(), w.env.App.Screening
		sid := w.session(t, w.usTok, beijing)
		path := "/api/v1/sessions/" + sid + "/flags"
		un := w.flag(t, w.usTok, sid, "CN-ONGO-UNREGISTERED", "")
		mustStatus(t, env.Do("PATCH", "/api/v1/flags/"+un.ID, w.usTok, map[string]any{"status": "acknowledged", "reason": "filing under way"}), 200)
		before := scr.Rules().Version()

		// A good reload: a rule added by the operator, another one's severity lowered.
		writeFile(t, filepath.Join(dir, "ops.yaml"), extraRule)
		raw, _ := os.ReadFile(filepath.Join(dir, "cn-overseas-ngo.yaml"))
		writeFile(t, filepath.Join(dir, "cn-overseas-ngo.yaml"), strings.Replace(string(raw),
			"subject: session\n    severity: block\n", "subject: session\n    severity: high\n", 1))
		changed, err := scr.ReloadRules(ctx, screening.DirRules(dir))
		if err != nil || !changed {
			t.Fatalf("good reload: %v %v", changed, err)
		}
		if v, _ := rules.DirVersion(dir); scr.Rules().Version() != v || v == before {
			t.Fatalf("version after reload %s, files %s, before %s", scr.Rules().Version(), v, before)
		}
		if r := env.Do("GET", "/api/v1/rules", w.usTok, nil); !strings.Contains(string(r.Body), "OPS-BEIJING-NOTICE") {
			t.Fatal("the added rule is not listed")
		}
		if m := env.Do("GET", path, w.usTok, nil).JSON(); m["rules_current"] != false {
			t.Fatalf("before the re-screen the flags must say they predate the rules: %v", m["rules_current"])
		}
		if n, err := scr.StaleSessions(ctx); err != nil || n != 1 {
			t.Fatalf("stale sessions: %d %v", n, err)
		}
		if _, err := scr.Sweep(ctx); err != nil { // what the kicked background worker does
			t.Fatal(err)
		}
		if f := w.flag(t, w.usTok, sid, "OPS-BEIJING-NOTICE", ""); !active(f) || f.Severity != "info" {
			t.Fatalf("the added rule did not fire: %+v", f)
		}
		r := env.Do("GET", "/api/v1/flags/"+un.ID, w.usTok, nil)
		mustStatus(t, r, 200)
		var got flagJSON
		if err := json.Unmarshal(r.Body, &got); err != nil {
			t.Fatal(err)
		}
		if got.Severity != "high" || got.Status != "acknowledged" || len(got.History) != 3 ||
			!strings.Contains(got.History[2].Reason, "severity changed from block") {
			t.Fatalf("flag after the reload (review kept, severity changed): %+v", got)
		}
		if m := env.Do("GET", path, w.usTok, nil).JSON(); m["rules_current"] != true {
			t.Fatal("after the re-screen the flags are current")
		}

		// A bad reload: an unknown fact in us.yaml. Logged with file and line, nothing changes.
		good := scr.Rules().Version()
		raw, _ = os.ReadFile(filepath.Join(dir, "us.yaml"))
		writeFile(t, filepath.Join(dir, "us.yaml"), strings.Replace(string(raw), "participant.briefs_us_officials", "participant.briefs_officials", 1))
		events := flagEventCount(t, env)
		if changed, err := scr.ReloadRules(ctx, screening.DirRules(dir)); changed || err == nil {
			t.Fatalf("bad reload accepted: %v %v", changed, err)
		}
		if !regexp.MustCompile(`us\.yaml:\d+(:\d+)?: rule US-FARA: condition: unknown fact`).MatchString(logs.String()) {
			t.Fatalf("the refusal is not logged with file:line:reason:\n%s", logs.String())
		}
		if scr.Rules().Version() != good {
			t.Fatal("a bad reload changed the rules in force")
		}
		if _, err := scr.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if flagEventCount(t, env) != events {
			t.Fatal("a refused reload changed flags")
		}
		if f := w.flag(t, w.usTok, sid, "OPS-BEIJING-NOTICE", ""); !active(f) {
			t.Fatalf("the rules in force were lost: %+v", f)
		}
	})
}

// TestRulesWatchPollsAndHonoursSIGHUP runs the watcher as `tracktwo serve` does: a change of the
// files is picked up by polling; a bad file is refused once (not every interval); SIGHUP reloads
// at once.
func TestRulesWatchPollsAndHonoursSIGHUP(t *testing.T) {
	dir := copyRules(t)
	w, logs := reloadWorld(t, testkit.Backends(t)[0], dir)
	scr := w.env.App.Screening
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hup := make(chan os.Signal, 1)
	done := make(chan struct{})
	go func() { scr.WatchRules(ctx, screening.DirRules(dir), 20*time.Millisecond, hup); close(done) }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("timed out waiting for %s; logs:\n%s", what, logs.String())
	}
	before := scr.Rules().Version()
	writeFile(t, filepath.Join(dir, "ops.yaml"), extraRule)
	waitFor("the poll to load the added rule", func() bool { _, ok := scr.Rules().Rule("OPS-BEIJING-NOTICE"); return ok })
	if scr.Rules().Version() == before {
		t.Fatal("version unchanged")
	}
	good := scr.Rules().Version()
	writeFile(t, filepath.Join(dir, "ops.yaml"), strings.Replace(extraRule, "severity: info", "severity: critical", 1))
	waitFor("the poll to refuse the bad file", func() bool { return strings.Count(logs.String(), "rules reload refused;") == 1 })
	time.Sleep(200 * time.Millisecond) // ten more polls: the same bad file is not logged again
	if n := strings.Count(logs.String(), "rules reload refused;"); n != 1 || scr.Rules().Version() != good {
		t.Fatalf("refusals logged %d times; version %s, want %s", n, scr.Rules().Version(), good)
	}
	if !strings.Contains(logs.String(), `ops.yaml:5:15: rule OPS-BEIJING-NOTICE: severity: severity \"critical\" is not one of`) {
		t.Fatalf("refusal without file:line:reason:\n%s", logs.String())
	}
	hup <- os.Interrupt // SIGHUP: an explicit request tries (and logs) again
	waitFor("SIGHUP to retry", func() bool { return strings.Count(logs.String(), "rules reload refused;") == 2 })
	if err := os.Remove(filepath.Join(dir, "ops.yaml")); err != nil {
		t.Fatal(err)
	}
	waitFor("the poll to drop the removed rule", func() bool { _, ok := scr.Rules().Rule("OPS-BEIJING-NOTICE"); return !ok })
	if scr.Rules().Version() != before {
		t.Fatal("back to the shipped files, back to their version")
	}
	cancel()
	<-done
}
