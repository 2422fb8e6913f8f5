package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// benchRoute measures one route in-process (no network), SQLite.
func benchRoute(b *testing.B, path string, auth func(env *testkit.Env, tn *testkit.Tenant, r *http.Request)) {
	env := testkit.Start(b, testkit.Backend{Name: "sqlite"}, nil)
	tn := env.NewTenant("usorg", "US")
	h := env.App.Web.Handler()
	req := httptest.NewRequest("GET", path, nil)
	auth(env, tn, req)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

func BenchmarkHealthz(b *testing.B) {
	benchRoute(b, "/healthz", func(*testkit.Env, *testkit.Tenant, *http.Request) {})
}

func BenchmarkMe(b *testing.B) {
	benchRoute(b, "/api/v1/me", func(env *testkit.Env, tn *testkit.Tenant, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+env.Token(tn.Member))
	})
}

func BenchmarkDashboard(b *testing.B) {
	benchRoute(b, "/", func(env *testkit.Env, tn *testkit.Tenant, r *http.Request) {
		r.AddCookie(&http.Cookie{Name: "tt_at", Value: env.Token(tn.Member)})
	})
}

// BenchmarkDemoDashboard measures the dashboard on the demo data (commitments due, flags).
func BenchmarkDemoDashboard(b *testing.B) {
	env := testkit.Start(b, testkit.Backend{Name: "sqlite"}, nil)
	res, err := demo.Seed(context.Background(), env.App, testkit.Password)
	if err != nil {
		b.Fatal(err)
	}
	h := env.App.Web.Handler()
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "tt_at", Value: env.Token(res.Users[demo.USOrganizer])})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
