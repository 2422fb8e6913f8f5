package files

import (
	"context"
	"io"
	"time"
)

// Store keeps files under keys it makes itself. Implementations must be safe
// for concurrent use. LocalStore keeps them on a local disk; an
// S3-compatible store can implement the same contract (Put streams to a
// multipart upload or a temporary object, checks, then completes it).
//
// Contract for callers (SECURITY.md F1–F3, R1):
//   - Put returns only after the object is durable; commit the database row
//     that names the key after Put returned, and Delete the key if that
//     commit fails.
//   - Keys are opaque strings made by the store; never build one from user
//     input. A key the store did not make is refused with ErrInvalidKey.
type Store interface {
	// Put streams r into a new object. It stops reading at the size limit
	// (opts.Limits.MaxSize, or the remaining quota), decides the type from
	// the content in the same pass that computes the SHA-256, checks DOCX
	// containers before the object becomes visible, and returns the new
	// object. On any error nothing is stored. Rejections of the content
	// satisfy IsRejected.
	Put(ctx context.Context, r io.Reader, opts PutOptions) (Object, error)
	// Open returns the object's content. A missing object gives ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Stat returns the object's size and time of storage without reading it.
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	// Delete removes the object. Deleting a missing object is not an error,
	// so a cleanup may be retried.
	Delete(ctx context.Context, key string) error
}

// PutOptions tune one Put.
type PutOptions struct {
	// Limits bound the file (MaxSize) and DOCX containers; zero fields take
	// the defaults.
	Limits Limits
	// Name is the uploader's file name. It only words error messages ("the
	// file is HTML, not a PDF file"); it never decides the type and is never
	// used to name the stored object.
	Name string
	// Quota, if set, is the organization's usage and limit before this
	// upload: Put then also stops at the remaining quota and returns a
	// *QuotaError. Check again with CheckQuota in the transaction that
	// commits the row, since uploads can run concurrently.
	Quota *Quota
	// Generated marks content the server made itself (an export): it is
	// stored without type detection and its Kind is KindUnknown. Never set it
	// for uploads.
	Generated bool
}

// Object describes a stored object, as returned by Put.
type Object struct {
	// Key names the object in its store (a UUIDv7 for LocalStore).
	Key string
	// SHA256 is the lowercase hex SHA-256 of the content.
	SHA256 string
	// Size is the content's length in bytes.
	Size int64
	// Kind is the type detected from the content.
	Kind Kind
}

// ObjectInfo describes a stored object without its content.
type ObjectInfo struct {
	// Key names the object in its store.
	Key string
	// Size is the content's length in bytes.
	Size int64
	// ModTime is when the object was stored.
	ModTime time.Time
}
