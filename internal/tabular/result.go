package tabular

import "strconv"

// Severity of a Problem.
type Severity string

// Severities: an error makes the row (or, on row 1, the column) unusable; a warning does not.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is one finding about one cell, row or header, addressed as the user sees the
// spreadsheet: Row 1 is the header, Cell is the A1-style reference ("C5").
type Problem struct {
	Row      int      // spreadsheet row, header = 1
	Column   string   // the header text as written in the file ("" for a whole row)
	Field    Column   // the matched column ("" when unknown)
	Cell     string   // e.g. "C5"; "" for a whole row
	Severity Severity // error or warning
	Code     string   // stable code for translation, e.g. "invalid_email"
	Message  string   // plain-text English message (never HTML)
}

// String formats the problem as "row 5, Email (C5): … ".
func (p Problem) String() string {
	where := "row " + strconv.Itoa(p.Row)
	if p.Column != "" {
		where += ", " + p.Column
	}
	if p.Cell != "" {
		where += " (" + p.Cell + ")"
	}
	return where + ": " + p.Message
}

// HeaderCell is one cell of the file's header row and the column it was matched to.
type HeaderCell struct {
	Index  int    // 0-based position
	Text   string // as written
	Column Column // "" when ignored (unknown or duplicate)
}

// Row is one imported participant.
type Row struct {
	Line   int               // spreadsheet row number (header = 1)
	Values map[Column]string // cleaned, normalised values of the non-empty cells
	Key    string            // NaturalKey(Values)
	Valid  bool              // false when any error concerns this row
}

// Result is the outcome of an import: the rows, and every problem found.
type Result struct {
	Format   string // "csv" or "xlsx"
	Encoding string // CSV: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE" or "GB18030"
	Sheet    string // XLSX: the sheet read
	Header   []HeaderCell
	Rows     []Row
	Problems []Problem
}

// HasErrors reports whether any problem is an error.
func (r *Result) HasErrors() bool {
	for _, p := range r.Problems {
		if p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// ValidRows returns the rows without errors.
func (r *Result) ValidRows() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Valid {
			out = append(out, row)
		}
	}
	return out
}
