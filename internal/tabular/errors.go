package tabular

import (
	"errors"
	"fmt"
)

// Sentinel errors for files that cannot be read at all. Problems with the content (unknown
// columns, bad values) are not errors: they are reported as Problems in the Result.
var (
	// ErrTooLarge means the file exceeds Options.MaxBytes (or an XLSX unpacks to too much).
	ErrTooLarge = errors.New("file is too large")
	// ErrTooManyRows means the file has more data rows than Options.MaxRows.
	ErrTooManyRows = errors.New("too many rows")
	// ErrTooManyColumns means the header has more columns than Options.MaxColumns.
	ErrTooManyColumns = errors.New("too many columns")
	// ErrEncoding means the text is neither UTF-8 (with or without BOM), UTF-16 with a BOM, nor
	// GB18030/GBK Chinese text.
	ErrEncoding = errors.New("unsupported text encoding: save the file as \"CSV UTF-8\"")
	// ErrMalformed means the file is not valid CSV (RFC 4180) or not a readable XLSX workbook.
	ErrMalformed = errors.New("malformed file")
	// ErrEmpty means the file has no header row.
	ErrEmpty = errors.New("file is empty: the first row must hold the column names")
	// ErrUnknownFormat means Read could not tell CSV from XLSX.
	ErrUnknownFormat = errors.New("unknown file format: upload a .csv or .xlsx file")
)

// FileError is a fatal problem with a whole file, with the spreadsheet row where it was found
// (0 when it concerns the whole file) and a plain-text detail for the user.
type FileError struct {
	Row    int
	Detail string
	Err    error // one of the sentinel errors above
}

// Error implements error.
func (e *FileError) Error() string {
	msg := e.Err.Error()
	if e.Row > 0 {
		msg = fmt.Sprintf("row %d: %s", e.Row, msg)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *FileError) Unwrap() error { return e.Err }
