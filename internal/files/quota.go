package files

import "errors"

// Quota is an organization's storage usage and limit in bytes, as the caller
// knows them from its database. A Limit of zero or less means no limit.
type Quota struct {
	// Used is the bytes already stored by the organization.
	Used int64
	// Limit is the most bytes the organization may store (≤ 0: unlimited).
	Limit int64
}

// errNegativeSize reports a caller bug: sizes are never negative.
var errNegativeSize = errors.New("files: negative size in quota check")

// CheckQuota reports whether add more bytes fit beside used within limit. It
// returns nil if they fit (or limit ≤ 0, unlimited), a *QuotaError wrapping
// ErrQuotaExceeded if not, and a plain error for negative arguments. It
// never overflows.
func CheckQuota(used, add, limit int64) error {
	if used < 0 || add < 0 {
		return errNegativeSize
	}
	if limit <= 0 {
		return nil
	}
	if used > limit || add > limit-used {
		return &QuotaError{Used: used, Add: add, Limit: limit}
	}
	return nil
}

// Remaining returns how many bytes still fit within the quota: limit-used,
// at least 0; -1 when limit ≤ 0 (unlimited).
func (q Quota) Remaining() int64 {
	if q.Limit <= 0 {
		return -1
	}
	return max(q.Limit-q.Used, 0)
}

// MaxUpload returns the largest upload allowed by both the per-file limit
// perFile and the quota: the value to give http.MaxBytesReader.
func (q Quota) MaxUpload(perFile int64) int64 {
	if rem := q.Remaining(); rem >= 0 && rem < perFile {
		return rem
	}
	return perFile
}
