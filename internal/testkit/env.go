package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/web"
)

// Password is every fixture user's password.
const Password = "fixture-passphrase-for-tests"

// Env is a running Tracktwo behind a real HTTP server.
type Env struct {
	T      testing.TB
	App    *app.App
	Server *httptest.Server
	URL    string
}

// Start runs Tracktwo on a fresh database of backend b; mutate may adjust the configuration.
func Start(t testing.TB, b Backend, mutate func(*config.Config)) *Env {
	t.Helper()
	cfg := Config(t, b)
	if mutate != nil {
		mutate(&cfg)
	}
	a := NewApp(t, cfg)
	srv := httptest.NewServer(a.Web.Handler())
	t.Cleanup(srv.Close)
	return &Env{T: t, App: a, Server: srv, URL: srv.URL}
}

// Tenant is an organization with one user per role.
type Tenant struct {
	Org       *org.Organization
	Owner     *auth.User
	Admin     *auth.User
	Organizer *auth.User
	Member    *auth.User
}

// Users returns the tenant's users by role name.
func (tn *Tenant) Users() map[string]*auth.User {
	return map[string]*auth.User{"owner": tn.Owner, "admin": tn.Admin, "organizer": tn.Organizer, "member": tn.Member}
}

// NewTenant creates an organization in country ("US" or "CN") with an owner, admin, organizer
// and member, all with Password.
func (e *Env) NewTenant(slug, country string) *Tenant {
	e.T.Helper()
	ctx := context.Background()
	kind, status := "ngo", "none"
	if country == "CN" {
		kind, status = "university", "not_applicable"
	}
	name := strings.ToUpper(slug[:1]) + slug[1:] + " Institute"
	o, err := e.App.Orgs.Create(ctx, org.Input{Slug: &slug, NameEN: &name, Country: &country, Kind: &kind, ONGOStatus: &status})
	if err != nil {
		e.T.Fatalf("tenant %s: %v", slug, err)
	}
	tn := &Tenant{Org: o}
	for role, dst := range map[tenant.Role]**auth.User{tenant.RoleOwner: &tn.Owner, tenant.RoleAdmin: &tn.Admin,
		tenant.RoleOrganizer: &tn.Organizer, tenant.RoleMember: &tn.Member} {
		u, err := e.App.Auth.CreateUser(ctx, auth.NewUserInput{OrgID: o.ID, Email: string(role) + "@" + slug + ".test",
			Name: string(role) + " of " + slug, Password: Password, Role: role})
		if err != nil {
			e.T.Fatalf("user %s: %v", role, err)
		}
		*dst = u
	}
	return tn
}

// Token logs in through the API and returns the access token.
func (e *Env) Token(u *auth.User) string {
	e.T.Helper()
	r := e.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": u.Email, "password": Password})
	if r.Status != 200 {
		e.T.Fatalf("login %s: %d %s", u.Email, r.Status, r.Body)
	}
	return r.JSON()["access_token"].(string)
}

// Response is a finished HTTP exchange.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object.
func (r *Response) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Do sends a request with an optional Bearer token and JSON body (a string or []byte body is sent
// as is).
func (e *Env) Do(method, path, token string, body any) *Response {
	e.T.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	default:
		raw, _ := json.Marshal(b)
		rd, ct = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		e.T.Fatalf("request: %v", err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.send(http.DefaultClient, req)
}

func (e *Env) send(c *http.Client, req *http.Request) *Response {
	e.T.Helper()
	resp, err := c.Do(req)
	if err != nil {
		e.T.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// Browser is a cookie-keeping client that does not follow redirects, for page tests.
type Browser struct {
	env    *Env
	client *http.Client
}

// Browser returns a fresh cookie-keeping client.
func (e *Env) Browser() *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{env: e, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// Get fetches a page.
func (b *Browser) Get(path string) *Response {
	b.env.T.Helper()
	req, _ := http.NewRequest("GET", b.env.URL+path, nil)
	return b.env.send(b.client, req)
}

// Post submits a form as a same-origin browser would.
func (b *Browser) Post(path string, form url.Values) *Response {
	b.env.T.Helper()
	req, _ := http.NewRequest("POST", b.env.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.env.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.env.send(b.client, req)
}

// PostWith submits a form with extra request headers (e.g. htmx's HX-Request).
func (b *Browser) PostWith(path string, form url.Values, headers map[string]string) *Response {
	b.env.T.Helper()
	req, _ := http.NewRequest("POST", b.env.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.env.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return b.env.send(b.client, req)
}

// Login signs the browser in through the login form.
func (b *Browser) Login(u *auth.User) {
	b.env.T.Helper()
	r := b.Post("/login", url.Values{"email": {u.Email}, "password": {Password}})
	if r.Status != http.StatusSeeOther {
		b.env.T.Fatalf("login form for %s: %d %s", u.Email, r.Status, r.Body)
	}
}

// Server exposes the web server (for route enumeration).
func (e *Env) Web() *web.Server { return e.App.Web }
