package web_test

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestLoadCommitments measures the commitment register (JSON list, filters, the HTML register
// with its per-party summary and SVG chart, the dashboard widget) at 10,000 commitments with
// 25,000 assessments, against /healthz in the same run, and one minutes export of 300 agenda
// items per format through HTTP. It runs only with TRACKTWO_LOAD=1:
//
//	TRACKTWO_LOAD=1 go test ./internal/web/ -run TestLoadCommitments -v -timeout 10m
//
// The figures go to docs/benchmarks/exports.md. The load generator runs in the test process
// (32 connections) and shares the CPU with the server: compare the ratios.
func TestLoadCommitments(t *testing.T) {
	if os.Getenv("TRACKTWO_LOAD") == "" {
		t.Skip("set TRACKTWO_LOAD=1 to run the load measurement")
	}
	w := newMinutesWorld(t, testkit.Backend{Name: "sqlite"})
	env := w.env
	seedCommitmentRegister(t, w)
	if keep := os.Getenv("TRACKTWO_LOAD_KEEP"); keep != "" && os.Getenv("TRACKTWO_LOAD_SEED_ONLY") != "" {
		t.Skip("seed kept in " + keep)
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
	get := func(path, tok string, cookie bool) func() (int, error) {
		return func() (int, error) {
			req, _ := http.NewRequest("GET", env.URL+path, nil)
			if cookie {
				req.AddCookie(&http.Cookie{Name: "tt_at", Value: tok})
			} else if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			resp, err := client.Do(req)
			if err != nil {
				return 0, err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode, nil
		}
	}
	load := func(name string, do func() (int, error), dur time.Duration) testkit.LoadResult {
		return testkit.Load(name, 32, dur, do)
	}
	tok := w.usTok
	for _, p := range []string{"/api/v1/commitments?limit=50", "/commitments"} {
		_, _ = get(p, tok, strings.HasPrefix(p, "/commitments"))()
	}
	routes := []struct {
		name, path string
		cookie     bool
	}{
		{"/healthz (baseline)", "/healthz", false},
		{"GET /api/v1/commitments?limit=50", "/api/v1/commitments?limit=50", false},
		{"GET /api/v1/commitments?overdue=true&limit=50", "/api/v1/commitments?overdue=true&limit=50", false},
		{"GET /api/v1/commitments?party=CN&status=substantial", "/api/v1/commitments?party=CN&status=substantial&limit=50", false},
		{"GET /api/v1/commitments/{id} (3 assessments)", "/api/v1/commitments/" + firstCommitment(t, w), false},
		{"GET /commitments (HTML register, summary, SVG chart)", "/commitments", true},
		{"GET / (dashboard, due within 30 days)", "/", true},
	}
	// One request at a time first: latency without queueing and SQL statements per request.
	var sq strings.Builder
	fmt.Fprintf(&sq, "| route (one at a time, 20 requests) | mean | SQL statements/request |\n|---|---|---|\n")
	for _, rt := range routes {
		tk := tok
		if rt.path == "/healthz" {
			tk = ""
		}
		do := get(rt.path, tk, rt.cookie)
		q0, t0 := env.App.DB.Queries(), time.Now()
		for i := 0; i < 20; i++ {
			if code, err := do(); err != nil || code != 200 {
				t.Fatalf("%s: %d %v", rt.path, code, err)
			}
		}
		fmt.Fprintf(&sq, "| %s | %s | %d |\n", rt.name, (time.Since(t0) / 20).Round(10*time.Microsecond), (env.App.DB.Queries()-q0)/20)
	}
	t.Logf("\n%s", sq.String())
	dur := 5 * time.Second
	var results []testkit.LoadResult
	for _, rt := range routes {
		tk := tok
		if rt.path == "/healthz" {
			tk = ""
		}
		results = append(results, load(rt.name, get(rt.path, tk, rt.cookie), dur))
	}
	base := results[0]
	var b strings.Builder
	fmt.Fprintf(&b, "| route | req/s | vs /healthz | p50 | p99 | p99 vs /healthz | errors |\n|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %.0f | %.1f%% | %s | %s | %.1f× | %d/%d |\n", r.Name, r.RPS, 100*r.RPS/base.RPS,
			r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), float64(r.P99)/float64(base.P99), r.Errors, r.Total)
	}
	t.Logf("\n%s", b.String())
	for _, r := range results {
		if r.Errors > 0 {
			t.Errorf("%s: %d errors", r.Name, r.Errors)
		}
	}

	// Minutes of 300 agenda items exported through HTTP, once per format (bilingual, chatham).
	doc := w.doc(1, "")
	item := doc["items"].([]any)[0].(map[string]any)
	var items []any
	for i := 0; i < 300; i++ {
		c := map[string]any{}
		for k, v := range item {
			c[k] = v
		}
		c["id"] = fmt.Sprintf("item-%d", i)
		var sts []any
		for j, s := range item["statements"].([]any) {
			sc := map[string]any{}
			for k, v := range s.(map[string]any) {
				sc[k] = v
			}
			sc["id"] = fmt.Sprintf("st-%d-%d", i, j)
			sts = append(sts, sc)
		}
		c["statements"] = sts
		c["action_items"] = []any{}
		items = append(items, c)
	}
	doc["items"] = items
	mustStatus(t, env.Do("PUT", minutesPath(w.sessionID), tok, doc), 200)
	var eb strings.Builder
	fmt.Fprintf(&eb, "| format (both languages, chatham) | time | bytes | heap growth |\n|---|---|---|---|\n")
	for _, f := range []string{"pdf", "docx", "md", "html", "json"} {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		t0 := time.Now()
		r := env.Do("GET", minutesPath(w.sessionID)+"/export?format="+f+"&level=chatham&lang=both", tok, nil)
		el := time.Since(t0)
		runtime.ReadMemStats(&m1)
		mustStatus(t, r, 200)
		fmt.Fprintf(&eb, "| %s | %s | %d | %.0f MB |\n", f, el.Round(time.Millisecond), len(r.Body), float64(m1.TotalAlloc-m0.TotalAlloc)/1e6)
	}
	t.Logf("\n%s", eb.String())
}

func firstCommitment(t testing.TB, w *mworld) string {
	t.Helper()
	r := w.env.Do("GET", "/api/v1/commitments?limit=1&status=limited", w.usTok, nil)
	mustStatus(t, r, 200)
	return str(items(r)[0], "id")
}

// seedCommitmentRegister writes 10,000 commitments of w's dialogue (two parties each, five in six
// assessed, 24,999 assessments) straight into w's SQLite file, then ANALYZE. With
// TRACKTWO_LOAD_KEEP=<file> it also keeps a copy of the seeded database there.
func seedCommitmentRegister(t testing.TB, w *mworld) {
	t.Helper()
	env := w.env
	start := time.Now()
	db, tx := seedTx(t, env)
	now := time.Now().UTC()
	cStmt, _ := tx.Prepare(`INSERT INTO commitments (id, org_id, dialogue_id, session_id, title_en, title_zh, owner, due_date,
		verifiability, progress, stage, assessed_at, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,'medium',?,?,?,?,?,?)`)
	pStmt, _ := tx.Prepare(`INSERT INTO commitment_parties (commitment_id, party, position, score) VALUES (?,?,?,?)`)
	aStmt, _ := tx.Prepare(`INSERT INTO commitment_assessments (id, commitment_id, org_id, stage, progress, compliance, evidence,
		assessor, assessed_at, recorded_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
	progress := []string{"", "no_evidence", "not_started", "limited", "substantial", "complete"}
	assessments := 0
	for i := 0; i < 10000; i++ {
		cid := id.New()
		p := progress[i%len(progress)]
		stage := ""
		var at any
		if p != "" {
			stage, at = "interim", now.AddDate(0, 0, -i%300)
		}
		due := now.AddDate(0, 0, i%720-360).Format(time.DateOnly)
		if _, err := cStmt.Exec(cid, w.us.Org.ID, w.dialogueID, w.sessionID, fmt.Sprintf("Commitment %05d", i), fmt.Sprintf("承诺%05d", i),
			"conveners", due, p, stage, at, w.us.Organizer.ID, now, now); err != nil {
			t.Fatal(err)
		}
		for j, party := range []string{"US", "CN"} {
			var score any
			if p != "" {
				score = (i+j)%3 - 1
			}
			if _, err := pStmt.Exec(cid, party, j, score); err != nil {
				t.Fatal(err)
			}
		}
		if p != "" {
			for k := 0; k < 3; k++ {
				assessments++
				if _, err := aStmt.Exec(id.New(), cid, w.us.Org.ID, "interim", p, `[{"party":"US","score":1},{"party":"CN","score":0}]`,
					"evidence", "panel", now.AddDate(0, 0, -k*30), w.us.Organizer.ID, now); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// The seed bypasses the store: derive the register's per-party totals as migration 00009 does.
	if _, err := db.Exec(`INSERT INTO commitment_party_totals (dialogue_id, party, progress, bound, assessed, full_count, partial_count, non_count)
		SELECT c.dialogue_id, cp.party, c.progress, COUNT(*), COUNT(cp.score), SUM(CASE WHEN cp.score = 1 THEN 1 ELSE 0 END),
			SUM(CASE WHEN cp.score = 0 THEN 1 ELSE 0 END), SUM(CASE WHEN cp.score = -1 THEN 1 ELSE 0 END)
		FROM commitment_parties cp JOIN commitments c ON c.id = cp.commitment_id GROUP BY c.dialogue_id, cp.party, c.progress`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded 10,000 commitments, %d assessments in %s", assessments, time.Since(start).Round(time.Millisecond))
	if keep := os.Getenv("TRACKTWO_LOAD_KEEP"); keep != "" {
		_ = os.Remove(keep)
		if _, err := db.Exec("VACUUM INTO ?", keep); err != nil {
			t.Fatal(err)
		}
	}

}

// BenchmarkCommitmentRegister10k measures the register's routes in-process (no network, one
// request at a time) at 10,000 commitments, with the CPU time per request, which a shared machine
// disturbs less than wall-clock time:
//
//	go test ./internal/web/ -run '^$' -bench CommitmentRegister10k -benchtime 200x
func BenchmarkCommitmentRegister10k(b *testing.B) {
	w := newMinutesWorld(b, testkit.Backend{Name: "sqlite"})
	seedCommitmentRegister(b, w)
	h := w.env.App.Web.Handler()
	for _, rt := range []struct{ name, path string }{
		{"healthz", "/healthz"},
		{"api-list", "/api/v1/commitments?limit=50"},
		{"api-list-overdue", "/api/v1/commitments?overdue=true&limit=50"},
		{"api-list-party-status", "/api/v1/commitments?party=CN&status=substantial&limit=50"},
		{"api-one", "/api/v1/commitments/" + firstCommitment(b, w)},
		{"html-register", "/commitments"},
		{"html-register-overdue", "/commitments?overdue=true"},
		{"html-dashboard", "/"},
	} {
		b.Run(rt.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", rt.path, nil)
			req.AddCookie(&http.Cookie{Name: "tt_at", Value: w.usTok})
			if strings.HasPrefix(rt.path, "/api/") {
				req = httptest.NewRequest("GET", rt.path, nil)
				req.Header.Set("Authorization", "Bearer "+w.usTok)
			}
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d", rt.path, rec.Code)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/1e3, "cpu-µs/op")
		})
	}
}

// processCPU is the CPU time (user + system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// seedTx opens a separate connection to env's SQLite file for bulk seeding (the load figures are
// about reading) and begins a transaction; the connection closes when the test ends.
func seedTx(t testing.TB, env *testkit.Env) (*sql.DB, *sql.Tx) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+testkit.SQLitePath(env.App.Config)+"?_busy_timeout=10000&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	return db, tx
}
