package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestLoadSessions measures the session list (JSON and HTML) and the session page with 200
// attendees at 10,000 sessions and 100,000 participants, against /healthz in the same run, and a
// 10,000-row CSV import, its re-import (nothing changes) and a re-import that updates every row.
// It runs only with TRACKTWO_LOAD=1 (it takes about a minute):
//
//	TRACKTWO_LOAD=1 go test ./internal/web/ -run TestLoadSessions -v -timeout 10m
//
// TRACKTWO_LOAD_BACKEND=postgres (with TRACKTWO_TEST_DATABASE_URL) runs it on PostgreSQL. The
// figures go to docs/benchmarks/sessions.md. The load generator runs in the test process,
// 32 connections, sharing the CPU with the server, so compare the ratios, not absolute numbers.
func TestLoadSessions(t *testing.T) {
	if os.Getenv("TRACKTWO_LOAD") == "" {
		t.Skip("set TRACKTWO_LOAD=1 to run the load measurement")
	}
	backend := testkit.Backend{Name: "sqlite"}
	if os.Getenv("TRACKTWO_LOAD_BACKEND") == "postgres" {
		backend = testkit.Backend{Name: "postgres", URL: os.Getenv("TRACKTWO_TEST_DATABASE_URL")}
		if backend.URL == "" {
			t.Fatal("TRACKTWO_LOAD_BACKEND=postgres needs TRACKTWO_TEST_DATABASE_URL")
		}
	}
	env := testkit.Start(t, backend, func(c *config.Config) {
		c.LogLevel = "error"
		if n, err := strconv.Atoi(os.Getenv("TRACKTWO_LOAD_READERS")); err == nil {
			c.SQLiteReaders = n
		}
	})
	w := &i3world{env: env, us: env.NewTenant("usorg", "US"), cn: env.NewTenant("cnorg", "CN")}
	w.usTok, w.cnTok = env.Token(w.us.Organizer), env.Token(w.cn.Organizer)
	r := env.Do("POST", "/api/v1/dialogues", w.usTok, map[string]any{"title": "Load dialogue"})
	w.dialogueID = str(r.JSON(), "id")
	r = env.Do("POST", "/api/v1/dialogues/"+w.dialogueID+"/invitations", w.usTok, map[string]any{"org_id": w.cn.Org.ID})
	mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+str(r.JSON(), "id")+"/accept", w.cnTok, nil), 200)
	page := w.session(t, w.usTok, map[string]any{"title": "The big session"})
	w.transition(t, w.usTok, page, "proposed", "", 200)

	// Seed in bulk through a separate connection (the figures are about reading).
	start := time.Now()
	seedLoadData(t, env, w, page)
	t.Logf("seeded 10,000 sessions, 100,000 participants, 200 attendees in %s", time.Since(start).Round(time.Millisecond))

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
	only := os.Getenv("TRACKTWO_LOAD_ONLY")
	load := func(name string, do func() (int, error), dur time.Duration) testkit.LoadResult {
		if only != "" && !strings.Contains(name, only) && !strings.Contains(name, "healthz") {
			dur = 200 * time.Millisecond
		}
		return testkit.Load(name, 32, dur, do)
	}
	// Warm up.
	for _, p := range []string{"/api/v1/sessions?limit=50", "/sessions/" + page} {
		_, _ = get(p, w.usTok, strings.HasPrefix(p, "/sessions"))()
	}
	dur := 5 * time.Second
	results := []testkit.LoadResult{
		load("/healthz (baseline)", get("/healthz", "", false), dur),
		load("GET /api/v1/sessions?limit=50 (JSON list)", get("/api/v1/sessions?limit=50", w.usTok, false), dur),
		load("GET /api/v1/sessions?status=held&limit=50", get("/api/v1/sessions?status=held&limit=50", w.usTok, false), dur),
		load("GET /api/v1/sessions?from=…&limit=50 (JSON list, 700 pages in turn: every one a cache miss)", uncachedPages(get, w.usTok), dur),
		load("GET /sessions?limit=50 (HTML list)", get("/sessions?limit=50", w.usTok, true), dur),
		load("GET /api/v1/sessions/{id} (JSON, 200 attendees)", get("/api/v1/sessions/"+page, w.usTok, false), dur),
		load("GET /api/v1/sessions/{id}/attendees (200)", get("/api/v1/sessions/"+page+"/attendees", w.usTok, false), dur),
		load("GET /sessions/{id} (HTML page, 200 attendees)", get("/sessions/"+page, w.usTok, true), dur),
		load("GET /api/v1/participants?q=person%2000012 (100k registry)", get("/api/v1/participants?q=person%2000012", w.usTok, false), dur),
	}
	base := results[0]
	var b strings.Builder
	fmt.Fprintf(&b, "| route | req/s | vs /healthz | p50 | p99 | errors |\n|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %.0f | %.1f%% | %s | %s | %d/%d |\n", r.Name, r.RPS, 100*r.RPS/base.RPS,
			r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Errors, r.Total)
	}
	t.Logf("\n%s", b.String())
	for _, r := range results {
		if r.Errors > 0 {
			t.Errorf("%s: %d errors", r.Name, r.Errors)
		}
	}

	// CSV import of 10,000 rows through the API.
	var csv strings.Builder
	csv.WriteString("Name,Native name,Nationality,Email,Employer,Employer kind\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&csv, "IMPORT %05d,导入%d,CN,import%05d@example.cn,Institute %d,research institute\n", i, i, i, i%100)
	}
	t0 := time.Now()
	r = upload(t, env, "/api/v1/participants/import", w.cnTok, "big.csv", []byte(csv.String()))
	el := time.Since(t0)
	mustStatus(t, r, 201)
	t.Logf("CSV import of 10,000 rows: %s (%v created)", el.Round(time.Millisecond), r.JSON()["created"])
	t0 = time.Now()
	r = upload(t, env, "/api/v1/participants/import", w.cnTok, "big.csv", []byte(csv.String()))
	mustStatus(t, r, 201)
	t.Logf("re-import of the same 10,000 rows: %s (%v created, %v updated, %v unchanged)", time.Since(t0).Round(time.Millisecond),
		r.JSON()["created"], r.JSON()["updated"], r.JSON()["unchanged"])
	if n := r.JSON()["unchanged"]; n != float64(10000) {
		t.Errorf("re-import: %v unchanged, want 10000", n)
	}
	// The same people corrected: every row changes position and employer (new search terms, an
	// audit event and a screening recompute per person).
	csv.Reset()
	csv.WriteString("Name,Native name,Nationality,Email,Employer,Employer kind,Position\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&csv, "IMPORT %05d,导入%d,CN,import%05d@example.cn,Academy %d,research institute,Fellow\n", i, i, i, i%100)
	}
	t0 = time.Now()
	r = upload(t, env, "/api/v1/participants/import", w.cnTok, "big.csv", []byte(csv.String()))
	mustStatus(t, r, 201)
	t.Logf("re-import of 10,000 rows, every one updated: %s (%v created, %v updated)", time.Since(t0).Round(time.Millisecond),
		r.JSON()["created"], r.JSON()["updated"])
	if n := r.JSON()["updated"]; n != float64(10000) {
		t.Errorf("all-rows-updated re-import: %v updated, want 10000", n)
	}
	if el > 3*time.Second {
		t.Errorf("CSV import of 10k rows took %s (target < 3 s)", el)
	}
}

// uncachedPages asks for 700 different pages of the session list in turn (one per start date), more
// than the list cache keeps, so every answer is built afresh: the list's cost without the cache.
func uncachedPages(get func(path, tok string, cookie bool) func() (int, error), tok string) func() (int, error) {
	var n atomic.Int64
	day0 := time.Now().UTC().AddDate(0, 0, -350)
	return func() (int, error) {
		from := day0.AddDate(0, 0, int(n.Add(1)%700)).Format("2006-01-02")
		return get("/api/v1/sessions?limit=50&from="+from, tok, false)()
	}
}

// seedLoadData writes 10,000 sessions, 100,000 participants and 200 attendees of page in one
// transaction through a connection of its own (multi-row INSERTs, either database), then the
// registry's search terms (as migration 00007 does) and the planner's statistics.
func seedLoadData(t *testing.T, env *testkit.Env, w *i3world, page string) {
	t.Helper()
	db := testkit.RawDB(t, env.App.Config)
	now := time.Now().UTC()
	statuses := []string{"proposed", "accepted", "scheduled", "held", "cancelled"}
	err := db.Transaction(func(tx *gorm.DB) error {
		insert := func(table, cols string, n int, row func(i int) []any) error {
			const batch = 500
			for from := 0; from < n; from += batch {
				var vals []string
				var args []any
				for i := from; i < min(from+batch, n); i++ {
					a := row(i)
					vals = append(vals, "("+strings.TrimSuffix(strings.Repeat("?,", len(a)), ",")+")")
					args = append(args, a...)
				}
				if err := tx.Exec("INSERT INTO "+table+" ("+cols+") VALUES "+strings.Join(vals, ","), args...).Error; err != nil {
					return err
				}
			}
			return nil
		}
		if err := insert("sessions", "id, dialogue_id, org_id, title, format, city, country, timezone, starts_at, ends_at, status, "+
			"status_changed_at, topic_tags, created_by, created_at, updated_at", 10000, func(i int) []any {
			st := now.AddDate(0, 0, i%700-350).Add(time.Duration(i) * time.Minute).Truncate(time.Microsecond)
			return []any{id.New(), w.dialogueID, w.us.Org.ID, fmt.Sprintf("Session %05d", i), "in_person", "Beijing", "CN",
				"Asia/Shanghai", st, st.Add(3 * time.Hour), statuses[i%len(statuses)], now, "[]", w.us.Organizer.ID, now, now}
		}); err != nil {
			return err
		}
		pids := make([]string, 100000)
		if err := insert("participants", "id, org_id, natural_key, name_latin, name_native, nationality, employer, languages, "+
			"created_at, updated_at", len(pids), func(i int) []any {
			pids[i] = id.New()
			org := w.us.Org.ID
			if i%2 == 1 {
				org = w.cn.Org.ID
			}
			return []any{pids[i], org, fmt.Sprintf("email:p%06d@example.org", i), fmt.Sprintf("PERSON %06d", i), "人" + fmt.Sprint(i),
				`["CN"]`, "Institute " + fmt.Sprint(i%500), "[]", now, now}
		}); err != nil {
			return err
		}
		return insert("attendees", "id, session_id, participant_id, org_id, side, role, status, created_by, created_at, updated_at", 200,
			func(i int) []any {
				org, side, by := w.us.Org.ID, "US", w.us.Organizer.ID
				if i%2 == 1 {
					org, side, by = w.cn.Org.ID, "CN", w.cn.Organizer.ID
				}
				return []any{id.New(), page, pids[i], org, side, "delegate", "confirmed", by, now, now}
			})
	})
	if err != nil {
		t.Fatal(err)
	}
	// The bulk insert bypassed the store: write the registry's search terms as migration 00007 does.
	if _, err := env.App.DB.RebuildParticipantTerms(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("ANALYZE").Error; err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("TRACKTWO_LOAD_KEEP"); keep != "" && env.App.DB.Dialect() == "sqlite" {
		_ = os.Remove(keep)
		if err := db.Exec("VACUUM INTO ?", keep).Error; err != nil {
			t.Fatal(err)
		}
		if os.Getenv("TRACKTWO_LOAD_SEED_ONLY") != "" {
			t.Skip("seed kept in " + keep)
		}
	}
}
