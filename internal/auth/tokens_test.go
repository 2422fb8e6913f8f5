package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// memKeys is an in-memory KeyStore.
type memKeys struct{ keys []SigningKey }

func (m *memKeys) SigningKeys(context.Context) ([]SigningKey, error) { return m.keys, nil }
func (m *memKeys) AddSigningKey(_ context.Context, k SigningKey) error {
	m.keys = append(m.keys, k)
	return nil
}
func (m *memKeys) RetireSigningKeys(_ context.Context, except string, at time.Time) error {
	for i := range m.keys {
		if m.keys[i].Kid != except && (m.keys[i].RetiredAt == nil || m.keys[i].RetiredAt.After(at)) {
			t := at
			m.keys[i].RetiredAt = &t
		}
	}
	return nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func claimsAt(now time.Time) AccessClaims {
	return AccessClaims{OrgID: "org", Version: 1, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: "tracktwo", Subject: "user", Audience: jwt.ClaimStrings{"tracktwo"},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(15 * time.Minute)),
	}}
}

// TestClaimChecks covers S2: exp required, iss/aud/iat checked, leeway at most 30 s.
func TestClaimChecks(t *testing.T) {
	ck := &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	k, err := NewKeyring(context.Background(), &memKeys{}, ck.now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	now := ck.t
	cases := []struct {
		name   string
		mutate func(*AccessClaims)
		at     time.Duration // verification time after now
		ok     bool
	}{
		{"accepts-valid", func(*AccessClaims) {}, 0, true},
		{"accepts-expired-within-leeway", func(*AccessClaims) {}, 15*time.Minute + 20*time.Second, true},
		{"rejects-expired-beyond-leeway", func(*AccessClaims) {}, 15*time.Minute + 31*time.Second, false},
		{"rejects-missing-exp", func(c *AccessClaims) { c.ExpiresAt = nil }, 0, false},
		{"rejects-wrong-issuer", func(c *AccessClaims) { c.Issuer = "evil" }, 0, false},
		{"rejects-wrong-audience", func(c *AccessClaims) { c.Audience = jwt.ClaimStrings{"other-app"} }, 0, false},
		{"rejects-iat-in-future", func(c *AccessClaims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Minute)) }, 0, false},
		{"rejects-missing-iat", func(c *AccessClaims) { c.IssuedAt = nil }, 0, false},
		{"rejects-missing-subject", func(c *AccessClaims) { c.Subject = "" }, 0, false},
		{"rejects-missing-org", func(c *AccessClaims) { c.OrgID = "" }, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ck.t = now
			c := claimsAt(now)
			tc.mutate(&c)
			tok, err := k.sign(c)
			if err != nil {
				t.Fatal(err)
			}
			ck.t = now.Add(tc.at)
			_, err = k.verify(context.Background(), tok, "tracktwo", "tracktwo")
			if (err == nil) != tc.ok {
				t.Fatalf("ok=%v, err=%v", tc.ok, err)
			}
		})
	}
}

// TestKeyRotation covers S4: a rotated key keeps verifying during the overlap; a retired key's
// tokens are rejected; the typ header is required.
func TestKeyRotation(t *testing.T) {
	ck := &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	st := &memKeys{}
	k, err := NewKeyring(context.Background(), st, ck.now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	long := claimsAt(ck.t)
	long.ExpiresAt = jwt.NewNumericDate(ck.t.Add(3 * time.Hour)) // outlives the overlap, so only retirement can refuse it
	old, _ := k.sign(long)
	oldKid := k.Current()
	if _, err := k.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if k.Current() == oldKid {
		t.Fatal("rotation kept the old signing key")
	}
	if _, err := k.verify(context.Background(), old, "tracktwo", "tracktwo"); err != nil {
		t.Fatalf("token of the previous key refused during overlap: %v", err)
	}
	ck.t = ck.t.Add(61 * time.Minute)
	if err := k.reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := k.verify(context.Background(), old, "tracktwo", "tracktwo"); !errors.Is(err, errBadToken) {
		t.Fatalf("token of a retired key accepted: %v", err)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claimsAt(ck.t))
	tok.Header["kid"] = k.Current()
	k.mu.RLock()
	raw, _ := tok.SignedString(k.keys[k.Current()])
	k.mu.RUnlock()
	if _, err := k.verify(context.Background(), raw, "tracktwo", "tracktwo"); err == nil {
		t.Fatal("token without typ at+jwt accepted")
	}
}

// TestPasswords covers S10's hashing and password policy.
func TestPasswords(t *testing.T) {
	h, err := HashPassword("a long passphrase of several words")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := VerifyPassword(h, "a long passphrase of several words"); !ok {
		t.Fatal("right password refused")
	}
	if ok, _ := VerifyPassword(h, "a long passphrase of several word"); ok {
		t.Fatal("wrong password accepted")
	}
	if h[:10] != "$argon2id$" {
		t.Fatalf("not argon2id: %s", h[:10])
	}
	for name, pw := range map[string]string{
		"refuses-short":            "short",
		"refuses-common":           "password1234",
		"refuses-common-with-tail": "qwertyuiop123!",
		"refuses-email-name":       "margaret.ellis-2026",
		"refuses-repeated":         "aaaaaaaaaaaaaaaa",
	} {
		if PasswordProblem(pw, "margaret.ellis@example.org", 12) == "" {
			t.Errorf("%s: %q accepted", name, pw)
		}
	}
	long := ""
	for len(long) < 200 {
		long += "correct horse battery staple "
	}
	if p := PasswordProblem(long, "x@example.org", 12); p != "" {
		t.Fatalf("long passphrase refused: %s", p)
	}
}
