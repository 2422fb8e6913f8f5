package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/tracktwo/tracktwo/internal/tenant"
)

// erasureSecretName names the erasure secret in installation_secrets.
const erasureSecretName = "erased_keys"

// ErasureSecret returns the installation's secret for the digests of erased people's keys
// (migration 00012). Without create it answers nil when there is none yet; with create it first
// stores a new random one unless another writer did (ON CONFLICT DO NOTHING), and returns the
// stored one. Call it with create outside a transaction (participant.Service.Delete does), so
// that the secret is committed before any digest it keys.
func (s *Participants) ErasureSecret(ctx context.Context, create bool) ([]byte, error) {
	read := func() ([]byte, error) {
		var vals []string
		err := s.db.read(ctx).Table("installation_secrets").Where("name = ?", erasureSecretName).Limit(1).Pluck("secret", &vals).Error
		if err != nil || len(vals) == 0 {
			return nil, err
		}
		return hex.DecodeString(vals[0])
	}
	secret, err := read()
	if err != nil || secret != nil || !create {
		return secret, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	err = s.db.write(ctx).Exec("INSERT INTO installation_secrets (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
		erasureSecretName, hex.EncodeToString(b), Now()).Error
	if err != nil {
		return nil, err
	}
	if secret, err = read(); err == nil && secret == nil {
		err = errors.New("erasure secret not stored")
	}
	return secret, err
}

// AddErasedKeys puts digests on the caller's suppression list, erased at at.
func (s *Participants) AddErasedKeys(ctx context.Context, sc tenant.Scope, digests []string, at time.Time) error {
	tx := s.db.write(ctx)
	for _, d := range digests {
		err := tx.Exec("INSERT INTO erased_keys (org_id, key_digest, erased_at) VALUES (?, ?, ?) "+
			"ON CONFLICT (org_id, key_digest) DO UPDATE SET erased_at = excluded.erased_at", sc.OrgID, d, at.UTC()).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// ErasedKeys maps those of digests on the caller's suppression list to their erasure time.
func (s *Participants) ErasedKeys(ctx context.Context, sc tenant.Scope, digests []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	for start := 0; start < len(digests); start += 500 {
		var rows []struct {
			KeyDigest string
			ErasedAt  time.Time
		}
		err := s.db.read(bounded(ctx)).Table("erased_keys").Select("key_digest, erased_at").
			Where("org_id = ? AND key_digest IN ?", sc.OrgID, digests[start:min(start+500, len(digests))]).Find(&rows).Error
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.KeyDigest] = r.ErasedAt
		}
	}
	return out, nil
}

// RemoveErasedKeys takes digests off the caller's suppression list.
func (s *Participants) RemoveErasedKeys(ctx context.Context, sc tenant.Scope, digests []string) (int, error) {
	if len(digests) == 0 {
		return 0, nil
	}
	res := s.db.write(ctx).Exec("DELETE FROM erased_keys WHERE org_id = ? AND key_digest IN ?", sc.OrgID, digests)
	return int(res.RowsAffected), res.Error
}
