package auth

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// AccessTokenType is the JWT "typ" header of access tokens (RFC 9068). Other token kinds
// (refresh, invitation) are opaque random strings and can never pass as access tokens (S3).
const AccessTokenType = "at+jwt"

// leeway is the clock skew allowed when checking exp/iat (S2: at most 30 s).
const leeway = 30 * time.Second

// SigningKey is one Ed25519 key of the keyring; retired keys verify no tokens (S4).
type SigningKey struct {
	Kid        string
	Alg        string
	PrivateKey string // base64 of the 64-byte Ed25519 private key
	CreatedAt  time.Time
	RetiredAt  *time.Time
}

// AccessClaims are the claims of an access token.
type AccessClaims struct {
	OrgID   string `json:"org"`
	Version int64  `json:"ver"`
	jwt.RegisteredClaims
}

// Keyring holds the signing keys, loaded from the database and shared by every instance.
type Keyring struct {
	mu       sync.RWMutex
	keys     map[string]ed25519.PrivateKey
	current  string
	store    KeyStore
	now      func() time.Time
	overlap  time.Duration
	lastLoad time.Time
	verified verifiedCache
}

// verifiedCache remembers tokens whose signature and claims were checked, for at most a minute
// and never past their expiry, so the signature is not verified again on every request. An entry
// is used only while its signing key is still in the keyring (retirement takes effect at once).
type verifiedCache struct {
	mu      sync.Mutex
	entries map[string]verifiedEntry
}

type verifiedEntry struct {
	claims AccessClaims
	kid    string
	until  time.Time
}

const verifiedCacheMax = 20000

func (c *verifiedCache) get(raw string, now time.Time) (verifiedEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[raw]
	if !ok || !now.Before(e.until) {
		return verifiedEntry{}, false
	}
	return e, true
}

func (c *verifiedCache) put(raw string, e verifiedEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= verifiedCacheMax {
		c.entries = make(map[string]verifiedEntry, 1024)
	}
	c.entries[raw] = e
}

// KeyStore persists signing keys.
type KeyStore interface {
	SigningKeys(ctx context.Context) ([]SigningKey, error)
	AddSigningKey(ctx context.Context, k SigningKey) error
	RetireSigningKeys(ctx context.Context, except string, at time.Time) error
}

// NewKeyring loads the keys, creating the first one when there is none.
func NewKeyring(ctx context.Context, st KeyStore, now func() time.Time, overlap time.Duration) (*Keyring, error) {
	k := &Keyring{store: st, now: now, overlap: overlap}
	if err := k.reload(ctx); err != nil {
		return nil, err
	}
	if k.current == "" {
		if _, err := k.Rotate(ctx); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// reload reads the active keys; the newest is the one that signs.
func (k *Keyring) reload(ctx context.Context) error {
	list, err := k.store.SigningKeys(ctx)
	if err != nil {
		return fmt.Errorf("load signing keys: %w", err)
	}
	keys := map[string]ed25519.PrivateKey{}
	var current string
	var newest time.Time
	now := k.now()
	for _, sk := range list {
		if sk.Alg != "EdDSA" || (sk.RetiredAt != nil && !sk.RetiredAt.After(now)) {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(sk.PrivateKey)
		if err != nil || len(raw) != ed25519.PrivateKeySize {
			return fmt.Errorf("signing key %s is malformed", sk.Kid)
		}
		keys[sk.Kid] = ed25519.PrivateKey(raw)
		if sk.RetiredAt == nil && (current == "" || sk.CreatedAt.After(newest)) {
			current, newest = sk.Kid, sk.CreatedAt
		}
	}
	k.mu.Lock()
	k.keys, k.current, k.lastLoad = keys, current, now
	k.mu.Unlock()
	k.verified.mu.Lock()
	k.verified.entries = nil // a reload may have retired keys: verify everything afresh
	k.verified.mu.Unlock()
	return nil
}

// Rotate makes a new signing key; older keys stay valid for the overlap (so live tokens keep
// working) and are then retired. It returns the new kid.
func (k *Keyring) Rotate(ctx context.Context) (string, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	kid := newKID()
	now := k.now()
	if err := k.store.AddSigningKey(ctx, SigningKey{Kid: kid, Alg: "EdDSA", PrivateKey: base64.StdEncoding.EncodeToString(priv), CreatedAt: now}); err != nil {
		return "", err
	}
	if err := k.store.RetireSigningKeys(ctx, kid, now.Add(k.overlap)); err != nil {
		return "", err
	}
	return kid, k.reload(ctx)
}

// RetireNow retires every key but the current one at once (after a suspected leak): tokens they
// signed stop working immediately.
func (k *Keyring) RetireNow(ctx context.Context) error {
	k.mu.RLock()
	cur := k.current
	k.mu.RUnlock()
	if err := k.store.RetireSigningKeys(ctx, cur, k.now()); err != nil {
		return err
	}
	return k.reload(ctx)
}

func newKID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sign issues a token with the current key.
func (k *Keyring) sign(claims AccessClaims) (string, error) {
	k.mu.RLock()
	kid, key := k.current, k.keys[k.current]
	k.mu.RUnlock()
	if key == nil {
		return "", errors.New("auth: no signing key")
	}
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	t.Header["kid"] = kid
	t.Header["typ"] = AccessTokenType
	return t.SignedString(key)
}

// errBadToken is the one answer to every kind of bad token.
var errBadToken = errors.New("auth: invalid token")

// verify checks an access token: algorithm pinned to EdDSA, typ, kid from the keyring only (jku,
// x5u and embedded keys ignored), exp required, iss/aud/iat checked with 30 s leeway.
func (k *Keyring) verify(ctx context.Context, raw, issuer, audience string) (*AccessClaims, error) {
	now := k.now()
	if e, ok := k.verified.get(raw, now); ok {
		k.mu.RLock()
		live := k.keys[e.kid] != nil
		k.mu.RUnlock()
		if live {
			c := e.claims
			return &c, nil
		}
	}
	var claims AccessClaims
	var kidUsed string
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(k.now),
	)
	_, err := parser.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		if typ, _ := t.Header["typ"].(string); typ != AccessTokenType {
			return nil, errBadToken
		}
		kid, _ := t.Header["kid"].(string)
		kidUsed = kid
		key := k.key(ctx, kid)
		if key == nil {
			return nil, errBadToken
		}
		return key.Public(), nil
	})
	if err != nil {
		return nil, errBadToken
	}
	if claims.Subject == "" || claims.OrgID == "" || claims.IssuedAt == nil {
		return nil, errBadToken
	}
	until := now.Add(time.Minute)
	if exp := claims.ExpiresAt.Add(leeway); exp.Before(until) {
		until = exp
	}
	k.verified.put(raw, verifiedEntry{claims: claims, kid: kidUsed, until: until})
	return &claims, nil
}

// key finds a verification key by kid, reloading at most every 10 s when the kid is unknown (a
// key rotated by another instance).
func (k *Keyring) key(ctx context.Context, kid string) ed25519.PrivateKey {
	k.mu.RLock()
	key, last := k.keys[kid], k.lastLoad
	k.mu.RUnlock()
	if key != nil || kid == "" || len(kid) > 64 {
		return key
	}
	if k.now().Sub(last) < 10*time.Second {
		return nil
	}
	if err := k.reload(ctx); err != nil {
		return nil
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.keys[kid]
}

// Current returns the signing kid.
func (k *Keyring) Current() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current
}
