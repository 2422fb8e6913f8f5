package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// publicRoutes may be called without signing in. Any other route must refuse anonymous callers;
// adding a public route means adding it here on purpose.
var publicRoutes = map[string]bool{
	"GET /healthz":                    true,
	"GET /readyz":                     true,
	"GET /metrics":                    true,
	"GET /static/*filepath":           true,
	"HEAD /static/*filepath":          true,
	"GET /api/v1/openapi.json":        true,
	"POST /api/v1/auth/login":         true,
	"POST /api/v1/auth/refresh":       true,
	"POST /api/v1/invitations/accept": true,
	"GET /login":                      true,
	"POST /login":                     true,
	"POST /language":                  true,
	"GET /invitations/:token":         true,
	"POST /invitations/:token":        true,
	"GET /password-reset/:token":      true,
	"POST /password-reset/:token":     true,
}

// world is two tenants with data; B's objects are the "foreign ids" A's users try.
type world struct {
	env  *testkit.Env
	a, b *testkit.Tenant
	ids  map[string]string // "segment/:param" → an id of tenant B
}

func newWorld(t *testing.T, be testkit.Backend) *world {
	env := testkit.Start(t, be, nil)
	w := &world{env: env, a: env.NewTenant("alpha", "US"), b: env.NewTenant("beta", "CN")}
	inv, err := env.App.Auth.Invite(context.Background(), w.b.Admin.Scope(), auth.InviteInput{Email: "newcomer@beta.test", Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	w.ids = map[string]string{
		"orgs/:id":                   w.b.Org.ID,
		"users/:user_id":             w.b.Member.ID,
		"invitations/:invitation_id": inv.ID,
		"users/:id":                  w.b.Member.ID,
		"invitations/:id":            inv.ID,
	}
	for k, v := range matrixFixtures(t, w) {
		w.ids[k] = v
	}
	return w
}

// matrixFixtures is where later areas add ids of tenant B for their path parameters.
var matrixFixtureFuncs []func(t *testing.T, w *world) map[string]string

func matrixFixtures(t *testing.T, w *world) map[string]string {
	out := map[string]string{}
	for _, f := range matrixFixtureFuncs {
		for k, v := range f(t, w) {
			out[k] = v
		}
	}
	return out
}

// fill replaces each path parameter with tenant B's id for it.
func (w *world) fill(t *testing.T, path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") || i == 0 {
			continue
		}
		key := segs[i-1] + "/" + s
		id, ok := w.ids[key]
		if !ok {
			t.Errorf("route %s: no foreign-id fixture for %q; add one in matrix_test.go (matrixFixtureFuncs)", path, key)
			return ""
		}
		segs[i] = id
	}
	return strings.Join(segs, "/")
}

// snapshot is what tenant B sees of its own data, to prove outsiders changed nothing.
func (w *world) snapshot(t *testing.T, tok string) string {
	var b strings.Builder
	for _, p := range []string{"/api/v1/me", "/api/v1/orgs/" + w.b.Org.ID, "/api/v1/orgs/" + w.b.Org.ID + "/users",
		"/api/v1/orgs/" + w.b.Org.ID + "/invitations"} {
		r := w.env.Do("GET", p, tok, nil)
		b.WriteString(p + " " + string(r.Body) + "\n")
	}
	for _, f := range matrixSnapshotFuncs {
		b.WriteString(f(t, w, tok))
	}
	return b.String()
}

// matrixSnapshotFuncs let later areas add tenant B's data of their own to the snapshot.
var matrixSnapshotFuncs []func(t *testing.T, w *world, tokB string) string

func call(t *testing.T, env *testkit.Env, method, path, token string, cookie bool) *testkit.Response {
	if method == "GET" || method == "HEAD" || method == "DELETE" {
		return send(t, env, method, path, token, cookie, "", "")
	}
	if strings.HasPrefix(path, "/api/") {
		return send(t, env, method, path, token, cookie, "application/json",
			`{"org_id":"x","role":"owner","name":"intruder","title":"intruder","status":"accepted"}`)
	}
	return send(t, env, method, path, token, cookie, "application/x-www-form-urlencoded", "name=intruder&role=owner&action=disable")
}

// TestRouteMatrix walks every registered route (A1, A2): anonymous callers get 401 (API) or the
// login page (pages); members and admins of another organization calling with tenant B's ids get
// 404, exactly like a missing id, and tenant B's data is untouched.
func TestRouteMatrix(t *testing.T) {
	testkit.Each(t, func(t *testing.T, be testkit.Backend) {
		w := newWorld(t, be)
		tokB := w.env.Token(w.b.Admin)
		before := w.snapshot(t, tokB)
		routes := w.env.Web().Engine().Routes()
		if len(routes) < 20 {
			t.Fatalf("only %d routes registered", len(routes))
		}
		outsiders := map[string]string{"other-admin": w.env.Token(w.a.Admin), "other-member": w.env.Token(w.a.Member)}
		for _, r := range routes {
			key := r.Method + " " + r.Path
			if publicRoutes[key] {
				continue
			}
			t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
				path := w.fill(t, r.Path)
				if path == "" {
					return
				}
				api := strings.HasPrefix(r.Path, "/api/")
				anon := call(t, w.env, r.Method, path, "", false)
				switch {
				case api && anon.Status != http.StatusUnauthorized:
					t.Errorf("anonymous: want 401, got %d", anon.Status)
				case !api && (anon.Status != http.StatusSeeOther || !strings.HasPrefix(anon.Header.Get("Location"), "/login")):
					t.Errorf("anonymous page: want 303 to /login, got %d %s", anon.Status, anon.Header.Get("Location"))
				}
				if !strings.Contains(r.Path, ":") {
					return // no ids to be foreign: the route acts on the caller's own tenant
				}
				for who, tok := range outsiders {
					res := call(t, w.env, r.Method, path, tok, !api)
					if res.Status != http.StatusNotFound {
						t.Errorf("%s with tenant B's ids: want 404, got %d %s", who, res.Status, truncate(res.Body))
					}
					if api && !bytes.Contains(res.Body, []byte(`"status":404`)) {
						t.Errorf("%s: answer is not a 404 problem document: %s", who, truncate(res.Body))
					}
				}
			})
		}
		if after := w.snapshot(t, tokB); after != before {
			t.Fatalf("tenant B's data changed:\nbefore: %s\nafter:  %s", before, after)
		}
	})
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
