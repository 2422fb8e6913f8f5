package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestSessionsEnd covers S6: logout, password change, role lowering and disabling end the other
// sessions at once.
func TestSessionsEnd(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		adminTok := env.Token(us.Admin)
		path := "/api/v1/orgs/" + us.Org.ID + "/users/" + us.Organizer.ID
		cases := []struct {
			name string
			act  func(victimTok string)
		}{
			{"logout-ends-other-sessions", func(tok string) { env.Do("POST", "/api/v1/auth/logout", env.Token(us.Organizer), nil) }},
			{"password-change-ends-other-sessions", func(tok string) {
				r := env.Do("POST", "/api/v1/me/password", env.Token(us.Organizer), map[string]string{
					"current_password": testkit.Password, "new_password": testkit.Password})
				if r.Status != 200 {
					t.Fatalf("password change: %d %s", r.Status, r.Body)
				}
			}},
			{"role-lowering-ends-sessions", func(string) {
				if r := env.Do("PATCH", path, adminTok, map[string]string{"role": "member"}); r.Status != 200 {
					t.Fatalf("role change: %d %s", r.Status, r.Body)
				}
				env.Do("PATCH", path, adminTok, map[string]string{"role": "organizer"})
			}},
			{"disable-ends-sessions", func(string) {
				if r := env.Do("PATCH", path, adminTok, map[string]bool{"disabled": true}); r.Status != 200 {
					t.Fatalf("disable: %d %s", r.Status, r.Body)
				}
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				env.Do("PATCH", path, adminTok, map[string]bool{"disabled": false})
				login := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Organizer.Email, "password": testkit.Password}).JSON()
				victim, refresh := login["access_token"].(string), login["refresh_token"].(string)
				if env.Do("GET", "/api/v1/me", victim, nil).Status != 200 {
					t.Fatal("session not valid before the action")
				}
				tc.act(victim)
				if r := env.Do("GET", "/api/v1/me", victim, nil); r.Status != 401 {
					t.Fatalf("old access token still works: %d", r.Status)
				}
				if r := env.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}); r.Status != 401 {
					t.Fatalf("old refresh token still works: %d", r.Status)
				}
			})
		}
	})
}

// TestBrowserSession covers S7 (cookie attributes, no token in URLs) and S8 (cross-origin
// state-changing requests refused, GET changes nothing).
func TestBrowserSession(t *testing.T) {
	env := testkit.Start(t, testkit.Backends(t)[0], func(c *config.Config) { c.CookieSecure = "true" })
	us := env.NewTenant("usorg", "US")
	br := env.Browser()
	r := br.Post("/login", url.Values{"email": {us.Member.Email}, "password": {testkit.Password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", r.Status)
	}
	if loc := r.Header.Get("Location"); strings.Contains(loc, "token") || strings.Contains(loc, "eyJ") {
		t.Fatalf("token in redirect URL: %s", loc)
	}
	cookies := r.Header.Values("Set-Cookie")
	if len(cookies) < 2 {
		t.Fatalf("want access and refresh cookies, got %v", cookies)
	}
	for _, c := range cookies {
		for _, attr := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(c, attr) {
				t.Errorf("cookie %q lacks %s", c[:10], attr)
			}
		}
	}
	// A cross-site form post is refused, even with the victim's cookies.
	req, _ := http.NewRequest("POST", env.URL+"/account", strings.NewReader("name=pwned"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	for _, c := range cookies {
		req.Header.Add("Cookie", strings.SplitN(c, ";", 2)[0])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin post: want 403, got %d", resp.StatusCode)
	}
	// The same for the API with the cookie.
	req2, _ := http.NewRequest("PATCH", env.URL+"/api/v1/me", strings.NewReader(`{"name":"pwned"}`))
	req2.Header.Set("Origin", "https://evil.example")
	req2.Header.Set("Sec-Fetch-Site", "cross-site")
	for _, c := range cookies {
		req2.Header.Add("Cookie", strings.SplitN(c, ";", 2)[0])
	}
	resp2, _ := http.DefaultClient.Do(req2)
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin API call: want 403, got %d", resp2.StatusCode)
	}
	me := env.Do("GET", "/api/v1/me", env.Token(us.Member), nil).JSON()
	if me["name"] == "pwned" {
		t.Fatal("cross-origin request changed data")
	}
	// Same-origin post works.
	if r := br.Post("/account", url.Values{"name": {"New Name"}, "language": {"zh"}, "timezone": {"Asia/Shanghai"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("same-origin post: %d %s", r.Status, r.Body)
	}
	if page := br.Get("/account"); !strings.Contains(string(page.Body), `lang="zh-Hans"`) {
		t.Fatal("language preference not applied to pages")
	}
}

// TestLoginRateLimit covers S9: attempts are limited per IP and per e-mail, and a forged
// X-Forwarded-For does not escape the limit when no proxy is trusted.
func TestLoginRateLimit(t *testing.T) {
	env := testkit.Start(t, testkit.Backends(t)[0], func(c *config.Config) {
		c.Auth.LoginPerMinute, c.Auth.LoginBurst = 1, 3
	})
	us := env.NewTenant("usorg", "US")
	var last int
	for i := 0; i < 6; i++ {
		req, _ := http.NewRequest("POST", env.URL+"/api/v1/auth/login",
			strings.NewReader(`{"email":"`+us.Member.Email+`","password":"wrong password here"}`))
		req.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('1'+i)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		last = resp.StatusCode
		if i < 3 && resp.StatusCode != 401 {
			t.Fatalf("attempt %d: want 401, got %d", i, resp.StatusCode)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after the burst: want 429, got %d", last)
	}
	// Another e-mail from the same IP is limited too (per-IP bucket).
	r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Admin.Email, "password": testkit.Password})
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("per-IP limit: want 429, got %d", r.Status)
	}
}

// TestNoAccountOracle covers S10: an unknown e-mail and a wrong password get the same answer.
func TestNoAccountOracle(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		a := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@nowhere.test", "password": "whatever-password"})
		w := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Member.Email, "password": "whatever-password"})
		if a.Status != 401 || w.Status != 401 {
			t.Fatalf("statuses %d %d", a.Status, w.Status)
		}
		if a.JSON()["detail"] != w.JSON()["detail"] || a.JSON()["title"] != w.JSON()["title"] {
			t.Fatalf("answers differ: %s vs %s", a.Body, w.Body)
		}
		// A common password is refused on change.
		r := env.Do("POST", "/api/v1/me/password", env.Token(us.Member), map[string]string{"current_password": testkit.Password, "new_password": "password1234"})
		if r.Status != 422 || !strings.Contains(string(r.Body), "new_password") {
			t.Fatalf("common password: %d %s", r.Status, r.Body)
		}
	})
}

// TestSecurityHeaders covers I2 on pages, API answers, errors, 404s and static files.
func TestSecurityHeaders(t *testing.T) {
	env := testkit.Start(t, testkit.Backends(t)[0], nil)
	us := env.NewTenant("usorg", "US")
	tok := env.Token(us.Member)
	for _, path := range []string{"/login", "/api/v1/me", "/api/v1/orgs/nope", "/no-such-page", "/static/app.css", "/healthz", "/api/v1/openapi.json"} {
		r := env.Do("GET", path, tok, nil)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP lacks %s", path, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline script/style", path)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: nosniff/referrer policy missing", path)
		}
		if strings.HasPrefix(path, "/api/v1/me") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: personal data without Cache-Control: no-store", path)
		}
	}
}

// TestPasswordReset: an admin issues a single-use link for a user of their organization only; the
// link sets a new password once and ends the user's sessions.
func TestPasswordReset(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		other := env.NewTenant("other", "CN")
		admin := env.Token(us.Admin)
		victim := env.Token(us.Member)
		path := "/api/v1/orgs/" + us.Org.ID + "/users/"
		if r := env.Do("POST", path+other.Member.ID+"/password-reset", admin, nil); r.Status != 404 {
			t.Fatalf("reset of another organization's user: want 404, got %d", r.Status)
		}
		if r := env.Do("POST", path+us.Admin.ID+"/password-reset", env.Token(us.Organizer), nil); r.Status != 403 {
			t.Fatalf("reset by a non-admin: want 403, got %d", r.Status)
		}
		r := env.Do("POST", path+us.Member.ID+"/password-reset", admin, nil)
		if r.Status != 201 {
			t.Fatalf("issue: %d %s", r.Status, r.Body)
		}
		link := r.JSON()["url"].(string)
		if !strings.HasPrefix(link, "http://tracktwo.test/password-reset/") {
			t.Fatalf("link not built from the base URL: %s", link)
		}
		pathOnly := strings.TrimPrefix(link, "http://tracktwo.test")
		br := env.Browser()
		if p := br.Get(pathOnly); p.Status != 200 || !strings.Contains(string(p.Body), us.Member.Email) {
			t.Fatalf("reset page: %d", p.Status)
		}
		if p := br.Post(pathOnly, url.Values{"password": {"password1234"}}); p.Status != 422 {
			t.Fatalf("weak password: want 422, got %d", p.Status)
		}
		if p := br.Post(pathOnly, url.Values{"password": {"a brand new passphrase 2026"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", p.Status, p.Body)
		}
		if p := br.Post(pathOnly, url.Values{"password": {"another new passphrase 2027"}}); p.Status != 404 {
			t.Fatalf("second use: want 404, got %d", p.Status)
		}
		if r := env.Do("GET", "/api/v1/me", victim, nil); r.Status != 401 {
			t.Fatalf("old session survived the reset: %d", r.Status)
		}
		if r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Member.Email, "password": "a brand new passphrase 2026"}); r.Status != 200 {
			t.Fatalf("login with the new password: %d", r.Status)
		}
	})
}
