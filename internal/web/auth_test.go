package web_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestLoginAndMe covers the login contract and GET /api/v1/me.
func TestLoginAndMe(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		r := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Organizer.Email, "password": testkit.Password})
		if r.Status != 200 {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
		pair := r.JSON()
		for _, k := range []string{"access_token", "refresh_token", "token_type", "expires_in"} {
			if pair[k] == nil || pair[k] == "" {
				t.Fatalf("login answer lacks %s: %s", k, r.Body)
			}
		}
		me := env.Do("GET", "/api/v1/me", pair["access_token"].(string), nil)
		if me.Status != 200 {
			t.Fatalf("me: %d %s", me.Status, me.Body)
		}
		m := me.JSON()
		o := m["org"].(map[string]any)
		if m["role"] != "organizer" || o["id"] != us.Org.ID || o["country"] != "US" || o["name"] == "" {
			t.Fatalf("me answer: %s", me.Body)
		}
	})
}

// forge signs claims with an arbitrary method and key.
func forge(t *testing.T, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

// TestTokenValidation covers S1–S4: every malformed, forged or misused token answers 401.
func TestTokenValidation(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		good := env.Token(us.Member)
		parts := strings.Split(good, ".")
		valid := env.Do("GET", "/api/v1/me", good, nil)
		if valid.Status != 200 {
			t.Fatalf("valid token refused: %d", valid.Status)
		}
		kid, _, _ := jwt.NewParser().ParseUnverified(good, jwt.MapClaims{})
		now := time.Now()
		base := func() jwt.MapClaims {
			return jwt.MapClaims{"iss": "tracktwo", "aud": []string{"tracktwo"}, "sub": us.Member.ID, "org": us.Org.ID,
				"ver": 1, "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
		}
		_, stranger, _ := ed25519.GenerateKey(rand.Reader)
		hdr := map[string]any{"kid": kid.Header["kid"], "typ": auth.AccessTokenType}
		pairResp := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Member.Email, "password": testkit.Password})
		refresh := pairResp.JSON()["refresh_token"].(string)

		cases := map[string]string{
			"rejects-alg-none":                forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, hdr, base()),
			"rejects-hs256-with-public-key":   forge(t, jwt.SigningMethodHS256, []byte(kid.Header["kid"].(string)), hdr, base()),
			"rejects-foreign-ed25519-key":     forge(t, jwt.SigningMethodEdDSA, stranger, hdr, base()),
			"rejects-unknown-kid":             forge(t, jwt.SigningMethodEdDSA, stranger, map[string]any{"kid": "nope", "typ": auth.AccessTokenType}, base()),
			"rejects-jku-header":              forge(t, jwt.SigningMethodEdDSA, stranger, map[string]any{"jku": "http://evil.test/jwks", "typ": auth.AccessTokenType}, base()),
			"rejects-tampered-payload":        parts[0] + "." + strings.TrimRight(parts[1], "A") + "B." + parts[2],
			"rejects-refresh-token-as-access": refresh,
			"rejects-empty-signature":         parts[0] + "." + parts[1] + ".",
			"rejects-garbage":                 "not-a-token",
		}
		for name, tok := range cases {
			t.Run(name, func(t *testing.T) {
				if r := env.Do("GET", "/api/v1/me", tok, nil); r.Status != http.StatusUnauthorized {
					t.Fatalf("want 401, got %d %s", r.Status, r.Body)
				}
			})
		}
	})
}

// TestRefreshRotationAndReuse covers S5.
func TestRefreshRotationAndReuse(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		login := env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Member.Email, "password": testkit.Password}).JSON()
		r1 := login["refresh_token"].(string)
		rot := env.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r1})
		if rot.Status != 200 {
			t.Fatalf("refresh: %d %s", rot.Status, rot.Body)
		}
		r2 := rot.JSON()["refresh_token"].(string)
		if r2 == r1 {
			t.Fatal("refresh token did not rotate")
		}
		if a := rot.JSON()["access_token"].(string); env.Do("GET", "/api/v1/me", a, nil).Status != 200 {
			t.Fatal("rotated access token refused")
		}
		// Replaying the used token is reuse: 401, and the whole family (r2 too) is revoked.
		if r := env.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r1}); r.Status != 401 {
			t.Fatalf("reuse: want 401, got %d", r.Status)
		}
		if r := env.Do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r2}); r.Status != 401 {
			t.Fatalf("family member after reuse: want 401, got %d", r.Status)
		}
		evs, err := env.App.Audit.ForOrg(t.Context(), us.Member.Scope(), 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if e.Action == "auth.refresh_reuse" && e.Outcome == "denied" {
				found = true
			}
		}
		if !found {
			t.Fatal("token reuse was not audited")
		}
	})
}
