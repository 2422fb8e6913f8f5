package tabular

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Options bound an import. Zero fields take the defaults.
type Options struct {
	MaxBytes     int64            // file size; default 10 MiB
	MaxRows      int              // data rows; default 50,000
	MaxColumns   int              // header width; default 100
	MaxCellRunes int              // characters per cell; default 2,000
	Sheet        string           // XLSX sheet name; default the first visible sheet
	Now          func() time.Time // clock for birth-date checks; default time.Now
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 10 << 20
	}
	if o.MaxRows <= 0 {
		o.MaxRows = 50_000
	}
	if o.MaxColumns <= 0 {
		o.MaxColumns = 100
	}
	if o.MaxCellRunes <= 0 {
		o.MaxCellRunes = 2000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Read detects the format by content (an XLSX is a ZIP archive, "PK\x03\x04"; anything else
// is treated as CSV text) and imports it.
func Read(r io.Reader, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	data, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data, opts)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, &FileError{Err: ErrUnknownFormat, Detail: "this is an old Excel (.xls) file: save it as .xlsx or CSV UTF-8"}
	}
	return readCSV(data, opts)
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &FileError{Err: ErrTooLarge, Detail: fmt.Sprintf("the limit is %d bytes", max)}
	}
	return data, nil
}

// builder turns header and data rows into a Result.
type builder struct {
	opts   Options
	res    *Result
	cols   []Column // per file column index: matched column or ""
	seen   map[string]int
	now    time.Time
	hasRow bool
}

func newBuilder(res *Result, opts Options) *builder {
	return &builder{opts: opts, res: res, seen: map[string]int{}, now: opts.Now()}
}

func (b *builder) problem(row, col int, sev Severity, code, msg string) {
	p := Problem{Row: row, Severity: sev, Code: code, Message: msg}
	if col >= 0 {
		p.Cell = CellRef(col, row)
		if col < len(b.res.Header) {
			p.Column = b.res.Header[col].Text
			p.Field = b.res.Header[col].Column
		}
	}
	b.res.Problems = append(b.res.Problems, p)
}

// header reads the header row (normally row 1 of the sheet). It returns an error only for a
// header wider than MaxColumns.
func (b *builder) header(line int, cells []string) error {
	cells = trimTrailingEmpty(cells)
	if len(cells) > b.opts.MaxColumns {
		return &FileError{Row: line, Err: ErrTooManyColumns, Detail: fmt.Sprintf("%d columns; the limit is %d", len(cells), b.opts.MaxColumns)}
	}
	firstAt := map[Column]int{}
	for i, raw := range cells {
		text, _ := cleanText(raw)
		hc := HeaderCell{Index: i, Text: text}
		b.res.Header = append(b.res.Header, hc)
		if text == "" {
			continue
		}
		col := MatchHeader(text)
		switch {
		case col == "":
			b.problem(line, i, SeverityWarning, "unknown_column", fmt.Sprintf("column %q is not recognised and will be ignored", text))
		case firstAt[col] != 0:
			b.problem(line, i, SeverityError, "duplicate_column", fmt.Sprintf("column %q repeats column %s; only the first is used", text, ColumnName(firstAt[col]-1)))
		default:
			firstAt[col] = i + 1
			b.res.Header[i].Column = col
		}
	}
	b.cols = make([]Column, len(b.res.Header))
	for i, hc := range b.res.Header {
		b.cols[i] = hc.Column
	}
	if firstAt[ColNameLatin] == 0 && firstAt[ColNameNative] == 0 {
		b.problem(line, -1, SeverityError, "missing_name_column",
			`no name column: add a column "Name (Latin)" / "姓名(拉丁)" or "Name (native)" / "姓名(原文)"`)
	}
	return nil
}

// row validates one data row at spreadsheet row line.
func (b *builder) row(line int, cells []string) error {
	if isBlank(cells) {
		return nil
	}
	if len(b.res.Rows) >= b.opts.MaxRows {
		return &FileError{Row: line, Err: ErrTooManyRows, Detail: fmt.Sprintf("the limit is %d rows", b.opts.MaxRows)}
	}
	before := len(b.res.Problems)
	values := make(map[Column]string, len(b.cols))
	extra := false
	for i, raw := range cells {
		if i >= len(b.cols) {
			if strings.TrimSpace(raw) != "" {
				extra = true
			}
			continue
		}
		col := b.cols[i]
		if col == "" {
			continue
		}
		v, n := cleanText(unneutralize(raw))
		if v == "" {
			continue
		}
		if n > b.opts.MaxCellRunes {
			b.problem(line, i, SeverityError, "too_long", fmt.Sprintf("%d characters; at most %d are allowed", n, b.opts.MaxCellRunes))
			continue
		}
		if norm, ok := b.value(line, i, col, v); ok {
			values[col] = norm
		}
	}
	if extra {
		b.problem(line, -1, SeverityWarning, "extra_cells", "cells to the right of the last named column are ignored")
	}
	if values[ColNameLatin] == "" && values[ColNameNative] == "" && !b.cellProblem(before, ColNameLatin, ColNameNative) {
		b.problem(line, -1, SeverityError, "missing_name", "the row has no name (Latin or native)")
	}
	key := NaturalKey(values)
	if first, dup := b.seen[key]; dup && key != "" {
		b.problem(line, -1, SeverityError, "duplicate_row", fmt.Sprintf("same person as row %d (%s)", first, keyKind(key)))
	} else if key != "" {
		b.seen[key] = line
	}
	valid := true
	for _, p := range b.res.Problems[before:] {
		if p.Severity == SeverityError {
			valid = false
		}
	}
	b.res.Rows = append(b.res.Rows, Row{Line: line, Values: values, Key: key, Valid: valid})
	return nil
}

func (b *builder) cellProblem(from int, cols ...Column) bool {
	for _, p := range b.res.Problems[from:] {
		for _, c := range cols {
			if p.Field == c {
				return true
			}
		}
	}
	return false
}

func keyKind(key string) string {
	if strings.HasPrefix(key, "email:") {
		return "same e-mail"
	}
	return "same names and employer"
}

// value validates and normalises one non-empty cell.
func (b *builder) value(line, i int, col Column, v string) (string, bool) {
	bad := func(code, msg string) (string, bool) {
		b.problem(line, i, SeverityError, code, msg)
		return "", false
	}
	switch col {
	case ColEmail:
		e, ok := ParseEmail(v)
		if !ok {
			return bad("invalid_email", fmt.Sprintf("%q is not an e-mail address", v))
		}
		return e, true
	case ColNationality, ColResidence:
		parts := splitList(v)
		if col == ColResidence && len(parts) > 1 {
			return bad("one_country", "give one country of residence")
		}
		codes := make([]string, 0, len(parts))
		for _, p := range parts {
			c, ok := Country(p)
			if !ok {
				return bad("invalid_country", fmt.Sprintf("%q is not a country: use an ISO 3166 code such as US or CN, or the English or Chinese name", p))
			}
			if !contains(codes, c) {
				codes = append(codes, c)
			}
		}
		return strings.Join(codes, ";"), true
	case ColEmployerKind:
		k, ok := ParseEmployerKind(v)
		if !ok {
			keys := make([]string, len(EmployerKinds))
			for i, k := range EmployerKinds {
				keys[i] = k.Key
			}
			return bad("invalid_employer_kind", fmt.Sprintf("%q is not an employer kind; use one of: %s", v, strings.Join(keys, ", ")))
		}
		return k, true
	case ColLanguages:
		parts := splitList(v)
		tags := make([]string, 0, len(parts))
		for _, p := range parts {
			t, ok := ParseLanguage(p)
			if !ok {
				return bad("invalid_language", fmt.Sprintf("%q is not a language: use a code such as en or zh, or a name such as English or 中文", p))
			}
			if !contains(tags, t) {
				tags = append(tags, t)
			}
		}
		return strings.Join(tags, ";"), true
	case ColNameLatin:
		if !latinName(v) {
			return bad("not_latin", fmt.Sprintf("%q is not in Latin script: put it in the native-name column and give a romanised name (e.g. pinyin) here", v))
		}
	case ColBirthDate:
		d, ok := parseBirthDate(v, b.now)
		if !ok {
			return bad("invalid_birth_date", fmt.Sprintf("%q is not a date of birth: use YYYY-MM-DD or a year", v))
		}
		return d, true
	case ColPhone:
		if !phoneOK(v) {
			return bad("invalid_phone", fmt.Sprintf("%q is not a phone number", v))
		}
	}
	return v, true
}

// unneutralize undoes Neutralize, so a file exported by this package, edited and imported
// again keeps "+86 10…" rather than "'+86 10…". Values are stored raw and neutralised on
// every export.
func unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimTrailingEmpty(cells []string) []string {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// ColumnName returns the spreadsheet letters of a 0-based column index: 0 → "A", 27 → "AB".
func ColumnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// CellRef returns the A1-style reference of a 0-based column and a 1-based row: (2, 5) → "C5".
func CellRef(col, row int) string { return ColumnName(col) + strconv.Itoa(row) }
