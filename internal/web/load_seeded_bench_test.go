package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// BenchmarkSeededSessions measures the session pages in-process (no network, one request at a
// time per core) on the data set of TestLoadSessions, kept by an earlier run:
//
//	TRACKTWO_LOAD=1 TRACKTWO_LOAD_KEEP=/tmp/seed.db TRACKTWO_LOAD_SEED_ONLY=1 go test ./internal/web/ -run TestLoadSessions
//	TRACKTWO_LOAD_SEED=/tmp/seed.db go test ./internal/web/ -run XXX -bench SeededSessions -benchtime 2s
//
// Besides wall time it reports cpu-ns/op, the process's CPU time (user + system, GC included) per
// request, which stays comparable when other work shares the machine. It is the quick loop for profiling (-cpuprofile, -memprofile) one route at a time.
func BenchmarkSeededSessions(b *testing.B) {
	seed := os.Getenv("TRACKTWO_LOAD_SEED")
	if seed == "" {
		b.Skip("set TRACKTWO_LOAD_SEED to a database kept by TestLoadSessions (TRACKTWO_LOAD_KEEP)")
	}
	cfg := testkit.Config(b, testkit.Backend{Name: "sqlite"})
	raw, err := os.ReadFile(seed)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(testkit.SQLitePath(cfg), raw, 0o600); err != nil {
		b.Fatal(err)
	}
	env := testkit.Start(b, testkit.Backend{Name: "sqlite"}, func(c *config.Config) { *c = cfg })
	r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": "organizer@usorg.test", "password": testkit.Password})
	if r.Status != 200 {
		b.Fatalf("login: %d %s", r.Status, r.Body)
	}
	tok := r.JSON()["access_token"].(string)
	var page string
	if err := testkit.RawDB(b, cfg).Raw("SELECT id FROM sessions WHERE title = 'The big session'").Row().Scan(&page); err != nil {
		b.Fatal(err)
	}
	h := env.App.Web.Handler()
	for _, rt := range []struct {
		name, path string
		cookie     bool
	}{
		{"healthz", "/healthz", false},
		{"json-list", "/api/v1/sessions?limit=50", false},
		{"json-list-held", "/api/v1/sessions?status=held&limit=50", false},
		{"html-list", "/sessions?limit=50", true},
		{"json-session", "/api/v1/sessions/" + page, false},
		{"json-attendees", "/api/v1/sessions/" + page + "/attendees", false},
		{"html-session", "/sessions/" + page, true},
		{"registry-search", "/api/v1/participants?q=person%2000012", false},
	} {
		b.Run(rt.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", rt.path, nil)
			if rt.cookie {
				req.AddCookie(&http.Cookie{Name: "tt_at", Value: tok})
			} else {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			b.ReportAllocs()
			if n, err := strconv.Atoi(os.Getenv("TRACKTWO_BENCH_PARALLELISM")); err == nil {
				b.SetParallelism(n) // goroutines per GOMAXPROCS, e.g. 16 with -cpu 2 for 32 at once like the load test
			}
			cpu0 := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Fatalf("%s: status %d", rt.path, rec.Code)
					}
					_, _ = io.Copy(io.Discard, rec.Body)
				}
			})
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
