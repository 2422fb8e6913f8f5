package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestMassAssignment covers A6: role, org_id and owner fields in a body change nothing.
func TestMassAssignment(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		other := env.NewTenant("other", "CN")
		tok := env.Token(us.Member)
		r := env.Do("PATCH", "/api/v1/me", tok, map[string]any{"name": "Renamed", "role": "owner", "org_id": other.Org.ID,
			"platform_admin": true, "email": "hijack@evil.test", "token_version": 99})
		if r.Status != 200 {
			t.Fatalf("patch me: %d %s", r.Status, r.Body)
		}
		me := env.Do("GET", "/api/v1/me", tok, nil).JSON()
		if me["name"] != "Renamed" || me["role"] != "member" || me["org"].(map[string]any)["id"] != us.Org.ID ||
			me["email"] != us.Member.Email || me["platform_admin"] == true {
			t.Fatalf("mass assignment took effect: %v", me)
		}
		adminTok := env.Token(us.Admin)
		r = env.Do("PATCH", "/api/v1/orgs/"+us.Org.ID, adminTok, map[string]any{"name": "New Name", "id": other.Org.ID, "slug": "stolen"})
		if r.Status != 200 || r.JSON()["id"] != us.Org.ID || r.JSON()["slug"] != "usorg" {
			t.Fatalf("org patch: %d %s", r.Status, r.Body)
		}
	})
}

// TestProblemDocuments: bad input gets RFC 9457 problems with per-field errors, and nothing
// already saved changes.
func TestProblemDocuments(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		tok := env.Token(us.Admin)
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"rejects-unknown-timezone", "PATCH", "/api/v1/me", `{"timezone":"Mars/Olympus"}`, 422, "timezone"},
			{"rejects-bad-language", "PATCH", "/api/v1/me", `{"language":"fr"}`, 422, "language"},
			{"rejects-malformed-json", "PATCH", "/api/v1/me", `{"name":`, 400, ""},
			{"rejects-wrong-type", "PATCH", "/api/v1/me", `{"name":42}`, 422, "name"},
			{"rejects-empty-body", "POST", "/api/v1/auth/login", ``, 400, ""},
			{"rejects-bad-country", "PATCH", "/api/v1/orgs/" + us.Org.ID, `{"country":"XX"}`, 422, "country"},
			{"rejects-registered-office-without-number", "PATCH", "/api/v1/orgs/" + us.Org.ID, `{"ongo_status":"registered_office"}`, 422, "ongo_registration_number"},
			{"rejects-bad-invitation-email", "POST", "/api/v1/orgs/" + us.Org.ID + "/invitations", `{"email":"not-an-email","role":"member"}`, 422, "email"},
			{"rejects-bad-invitation-role", "POST", "/api/v1/orgs/" + us.Org.ID + "/invitations", `{"email":"a@b.test","role":"god"}`, 422, "role"},
			{"rejects-bad-limit", "GET", "/api/v1/orgs/" + us.Org.ID + "/users?limit=0", ``, 422, "limit"},
			{"rejects-bad-cursor", "GET", "/api/v1/orgs/" + us.Org.ID + "/users?cursor=!!!", ``, 422, "cursor"},
			{"rejects-oversized-body", "PATCH", "/api/v1/me", `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, 413, ""},
		}
		before := env.Do("GET", "/api/v1/orgs/"+us.Org.ID, tok, nil).Body
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := env.Do(tc.method, tc.path, tok, tc.body)
				if r.Status != tc.status {
					t.Fatalf("want %d, got %d %s", tc.status, r.Status, truncate(r.Body))
				}
				if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Fatalf("content type %q", ct)
				}
				var p struct {
					Type, Title, Detail string
					Status              int
					Errors              []struct{ Field, Code, Message string }
				}
				if err := json.Unmarshal(r.Body, &p); err != nil || p.Type == "" || p.Title == "" || p.Status != tc.status {
					t.Fatalf("not a problem document: %s", r.Body)
				}
				if tc.field != "" {
					found := false
					for _, e := range p.Errors {
						found = found || (e.Field == tc.field && e.Message != "")
					}
					if !found {
						t.Fatalf("no error for field %s: %s", tc.field, r.Body)
					}
				}
			})
		}
		if after := env.Do("GET", "/api/v1/orgs/"+us.Org.ID, tok, nil).Body; string(after) != string(before) {
			t.Fatalf("a refused request changed the organization:\n%s\n%s", before, after)
		}
	})
}

// TestPagination: lists answer {items, next_cursor} and the cursor walks every item once.
func TestPagination(t *testing.T) {
	env := testkit.Start(t, testkit.Backends(t)[0], nil)
	us := env.NewTenant("usorg", "US")
	tok := env.Token(us.Admin)
	seen := map[string]bool{}
	cursor := ""
	for page := 0; page < 10; page++ {
		r := env.Do("GET", "/api/v1/orgs/"+us.Org.ID+"/users?limit=1&cursor="+cursor, tok, nil)
		if r.Status != 200 {
			t.Fatalf("page %d: %d %s", page, r.Status, r.Body)
		}
		var p struct {
			Items      []struct{ ID string }
			NextCursor string `json:"next_cursor"`
		}
		_ = json.Unmarshal(r.Body, &p)
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Fatalf("user %s on two pages", it.ID)
			}
			seen[it.ID] = true
		}
		if p.NextCursor == "" {
			break
		}
		cursor = p.NextCursor
	}
	if len(seen) != 4 {
		t.Fatalf("walked %d users, want 4", len(seen))
	}
}

// TestOpenAPIMatchesRoutes: every /api route is documented, every documented operation is
// registered, and every referenced schema exists.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	env := testkit.Start(t, testkit.Backends(t)[0], nil)
	r := env.Do("GET", "/api/v1/openapi.json", "", nil)
	if r.Status != 200 {
		t.Fatalf("openapi: %d", r.Status)
	}
	var doc struct {
		OpenAPI    string
		Paths      map[string]map[string]any
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	registered := map[string]bool{}
	for _, rt := range env.Web().Engine().Routes() {
		if !strings.HasPrefix(rt.Path, "/api/") {
			continue
		}
		key := strings.ToLower(rt.Method) + " " + param.ReplaceAllString(rt.Path, "{$1}")
		registered[key] = true
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			documented[m+" "+p] = true
			raw, _ := json.Marshal(op)
			for _, ref := range regexp.MustCompile(`#/components/schemas/([A-Za-z]+)`).FindAllStringSubmatch(string(raw), -1) {
				if doc.Components.Schemas[ref[1]] == nil {
					t.Errorf("%s %s refers to missing schema %s", m, p, ref[1])
				}
			}
			if o := op.(map[string]any); o["summary"] == "" || o["operationId"] == "" {
				t.Errorf("%s %s lacks summary or operationId", m, p)
			}
		}
	}
	for k := range registered {
		if !documented[k] {
			t.Errorf("route %s is not in the OpenAPI document", k)
		}
	}
	for k := range documented {
		if !registered[k] {
			t.Errorf("OpenAPI documents %s, which is not registered", k)
		}
	}
	if len(registered) < 15 {
		t.Fatalf("only %d API routes", len(registered))
	}
	_ = http.StatusOK
}

// TestPlatformAdmin: platform operations exist only for platform administrators; everyone else
// gets 404.
func TestPlatformAdmin(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		op, err := env.App.Auth.CreateUser(t.Context(), auth.NewUserInput{OrgID: us.Org.ID, Email: "ops@usorg.test",
			Name: "Operator", Password: testkit.Password, Role: "member", PlatformAdmin: true})
		if err != nil {
			t.Fatal(err)
		}
		body := map[string]string{"slug": "new-org", "name": "New Org", "country": "CN", "kind": "university", "ongo_status": "not_applicable"}
		if r := env.Do("POST", "/api/v1/platform/orgs", env.Token(us.Owner), body); r.Status != 404 {
			t.Fatalf("organization owner: want 404, got %d", r.Status)
		}
		if r := env.Do("GET", "/api/v1/platform/orgs", env.Token(us.Owner), nil); r.Status != 404 {
			t.Fatalf("organization owner list: want 404, got %d", r.Status)
		}
		tok := env.Token(op)
		if r := env.Do("POST", "/api/v1/platform/orgs", tok, body); r.Status != 201 {
			t.Fatalf("platform admin create: %d %s", r.Status, r.Body)
		}
		r := env.Do("GET", "/api/v1/platform/orgs", tok, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), "new-org") {
			t.Fatalf("platform admin list: %d %s", r.Status, r.Body)
		}
	})
}
