package files

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every rejection returned by this package wraps one of them
// (test with errors.Is); the wrapping typed error's message is written for the
// uploader and may be shown to them as is.
var (
	// ErrEmpty means the upload has no content (or only whitespace).
	ErrEmpty = errors.New("the file is empty")
	// ErrUnsupportedType means the content is not PDF, DOCX or Markdown (see UnsupportedTypeError).
	ErrUnsupportedType = errors.New("unsupported file type; upload a PDF, DOCX or Markdown file")
	// ErrTooLarge means the upload exceeds the per-file size limit (see TooLargeError).
	ErrTooLarge = errors.New("the file is too large")
	// ErrQuotaExceeded means the upload does not fit in the organization's quota (see QuotaError).
	ErrQuotaExceeded = errors.New("the storage quota is exceeded")
	// ErrDamaged means the file is of an accepted kind but truncated or corrupt.
	ErrDamaged = errors.New("the file is damaged")
	// ErrZipBomb means a DOCX container unpacks to too much data, has too many
	// entries, an extreme compression ratio, overlapping entries, or entries
	// larger than their headers declare.
	ErrZipBomb = errors.New("the DOCX file unpacks to too much data")
	// ErrZipTraversal means a DOCX container has an entry name that could
	// escape a directory: absolute, "..", backslash, drive letter, NUL or
	// other control characters.
	ErrZipTraversal = errors.New("the DOCX file contains an unsafe entry name")
	// ErrZipDuplicate means a DOCX container holds two entries with the same
	// name (compared case-insensitively, as Office Open XML part names are).
	ErrZipDuplicate = errors.New("the DOCX file contains duplicate entries")
	// ErrZipEncrypted means a DOCX container has encrypted entries.
	ErrZipEncrypted = errors.New("the DOCX file is encrypted")
	// ErrInvalidKey means an object key was not made by the store (it may be hostile).
	ErrInvalidKey = errors.New("files: invalid object key")
	// ErrNotFound means no stored object has the key.
	ErrNotFound = errors.New("files: object not found")
)

// rejections are the sentinels that mean "the uploader's file was refused".
var rejections = []error{ErrEmpty, ErrUnsupportedType, ErrTooLarge, ErrQuotaExceeded,
	ErrDamaged, ErrZipBomb, ErrZipTraversal, ErrZipDuplicate, ErrZipEncrypted}

// IsRejected reports whether err refuses the uploaded content (a 4xx for the
// uploader, with err.Error() as the message) rather than a storage or I/O
// failure (a 5xx, logged).
func IsRejected(err error) bool {
	for _, s := range rejections {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// UnsupportedTypeError refuses content that is not PDF, DOCX or Markdown. Its
// message names what the content is when it was recognised, and the kind the
// file name claimed if any: "the file is HTML, not a PDF file; upload a PDF,
// DOCX or Markdown file".
type UnsupportedTypeError struct {
	// Found is what the content was recognised as (FormatUnknown when not).
	// It is a stable code the web layer may translate.
	Found Format
	// Claimed is the kind the uploader's file name claimed (KindUnknown if
	// none); used only for the message.
	Claimed Kind
}

// Error returns the message for the uploader.
func (e *UnsupportedTypeError) Error() string {
	msg := "the file type is not recognised"
	if d := e.Found.describe(); d != "" {
		msg = "the file is " + d
	}
	if e.Claimed.Valid() {
		msg += ", not a " + e.Claimed.String() + " file"
	}
	if h := e.Found.hint(); h != "" {
		return msg + "; " + h
	}
	return msg + "; upload a PDF, DOCX or Markdown file"
}

// Unwrap returns ErrUnsupportedType.
func (e *UnsupportedTypeError) Unwrap() error { return ErrUnsupportedType }

// TooLargeError refuses an upload larger than the per-file limit. The upload
// was stopped at Limit+1 bytes: nothing more was read or kept.
type TooLargeError struct {
	// Limit is the maximum size in bytes.
	Limit int64
}

// Error returns the message for the uploader.
func (e *TooLargeError) Error() string {
	return "the file is larger than the " + FormatSize(e.Limit) + " limit"
}

// Unwrap returns ErrTooLarge.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// QuotaError refuses an upload that does not fit in the organization's
// storage quota.
type QuotaError struct {
	// Used is the organization's usage before the upload, in bytes.
	Used int64
	// Add is the size of the upload, or -1 when the upload was stopped while
	// streaming, before its full size was known.
	Add int64
	// Limit is the organization's quota in bytes.
	Limit int64
}

// Error returns the message for the uploader.
func (e *QuotaError) Error() string {
	return fmt.Sprintf("the file does not fit in your organization's storage quota (%s of %s used)",
		FormatSize(e.Used), FormatSize(e.Limit))
}

// Unwrap returns ErrQuotaExceeded.
func (e *QuotaError) Unwrap() error { return ErrQuotaExceeded }

// ContentError refuses a file of an accepted kind whose content is unsafe or
// damaged: a ZIP bomb, an unsafe or duplicate entry name, encryption, a
// truncated PDF, a corrupt DOCX.
type ContentError struct {
	// Err is the sentinel: ErrZipBomb, ErrZipTraversal, ErrZipDuplicate,
	// ErrZipEncrypted or ErrDamaged.
	Err error
	// Kind is the kind the content claimed to be.
	Kind Kind
	// Entry is the ZIP entry concerned, if any (for logs; it may be hostile,
	// so quote it before display).
	Entry string
	// Reason completes "the <kind> file …" for the uploader.
	Reason string
}

// Error returns the message for the uploader.
func (e *ContentError) Error() string {
	msg := "the " + e.Kind.String() + " file " + e.Reason
	if e.Entry != "" {
		msg += fmt.Sprintf(" (entry %q)", truncateForMessage(e.Entry))
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *ContentError) Unwrap() error { return e.Err }

func truncateForMessage(s string) string {
	const max = 80
	r := []rune(s)
	if len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// FormatSize renders a byte count for people: "512 bytes", "1.5 KB", "50 MB"
// (binary multiples, as file managers show them).
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit {
		if n == 1 {
			return "1 byte"
		}
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"KB", "MB", "GB", "TB", "PB", "EB"}
	v := float64(n)
	i := -1
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), units[i])
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}
