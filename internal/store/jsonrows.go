package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Hot list pages (a page of sessions, a session's attendees) read their rows as one JSON text
// that the database builds: an array with one array of column values per row. On SQLite every
// column of every row otherwise costs two or three cgo calls in mattn/go-sqlite3 (type, length,
// bytes) and a timestamp parse, which made up most of a list request; one text value per page
// costs a handful. The rows still become the domain's structs here, in the store, so nothing
// above the store sees the difference. Both databases build the same JSON (SQLite json_array /
// json_group_array, PostgreSQL json_build_array / json_agg); only timestamps and booleans are
// spelled differently (SQLite: the stored text and 0/1; PostgreSQL: ISO 8601 and true/false),
// and the reader accepts both.

// errJSONRows is wrapped by every malformed-aggregate error (it would be a bug, not bad input).
var errJSONRows = errors.New("store: malformed JSON rows")

// jsonRowsQuery wraps q (a query whose SELECT names the columns cols, in order) so that it returns
// one row and one column: its rows as a JSON array of arrays, ordered by orderBy (columns of q,
// which must be among cols or otherwise selected by q). An empty result is "[]".
func (d *DB) jsonRowsQuery(q *gorm.DB, cols []string, orderBy string) *gorm.DB {
	return q.Session(&gorm.Session{NewDB: true}).Table("(?) AS q", q).Select(d.jsonRowsSelect(cols, orderBy))
}

// jsonRowsSQL is jsonRowsQuery for a statement written out in full (inner, with its placeholders).
func (d *DB) jsonRowsSQL(inner string, cols []string, orderBy string) string {
	return "SELECT " + d.jsonRowsSelect(cols, orderBy) + " FROM (" + inner + ") AS q"
}

func (d *DB) jsonRowsSelect(cols []string, orderBy string) string {
	inner := make([]string, len(cols))
	for i, c := range cols {
		inner[i] = "q." + c
	}
	list := strings.Join(inner, ", ")
	if d.dialect == Postgres {
		return "COALESCE(json_agg(json_build_array(" + list + ") ORDER BY " + orderBy + "), '[]'::json)::text"
	}
	return "json_group_array(json_array(" + list + ") ORDER BY " + orderBy + ")"
}

// readJSONRows runs a query made by jsonRowsQuery and calls row for each row, with a reader
// positioned on the row's first value; row reads every column in order.
func readJSONRows(q *gorm.DB, row func(r *jsonRow)) error {
	var raw string
	if err := q.Row().Scan(&raw); err != nil {
		return err
	}
	return readJSONRowsFrom(&jsonRow{s: raw}, row)
}

func readJSONRowsFrom(r *jsonRow, row func(r *jsonRow)) error {
	r.expect('[')
	if r.peek() == ']' {
		r.i++
		return r.done()
	}
	for r.err == nil {
		r.expect('[')
		r.first = true
		row(r)
		r.expect(']')
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return r.done()
		default:
			r.fail("',' or ']' after a row")
		}
	}
	return r.err
}

// jsonRow reads one row's values in order. A malformed value sets err (reported by readJSONRows)
// and reads as the zero value.
type jsonRow struct {
	s     string
	i     int
	first bool
	err   error
}

func (r *jsonRow) fail(want string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: want %s at byte %d", errJSONRows, want, r.i)
	}
}

func (r *jsonRow) done() error {
	if r.err == nil && r.i != len(r.s) {
		r.fail("the end")
	}
	return r.err
}

func (r *jsonRow) peek() byte {
	for r.i < len(r.s) && (r.s[r.i] == ' ' || r.s[r.i] == '\n' || r.s[r.i] == '\t' || r.s[r.i] == '\r') {
		r.i++
	}
	if r.i >= len(r.s) || r.err != nil {
		return 0
	}
	return r.s[r.i]
}

func (r *jsonRow) expect(c byte) {
	if r.peek() != c {
		r.fail(strconv.QuoteRune(rune(c)))
		return
	}
	r.i++
}

// value returns the next value's raw token (a string with its quotes) after the separator.
func (r *jsonRow) value() string {
	if !r.first {
		r.expect(',')
	}
	r.first = false
	switch c := r.peek(); {
	case r.err != nil:
		return ""
	case c == '"':
		start := r.i
		for r.i++; r.i < len(r.s); r.i++ {
			switch r.s[r.i] {
			case '\\':
				r.i++
			case '"':
				r.i++
				return r.s[start:r.i]
			}
		}
		r.fail("the end of a string")
		return ""
	default:
		start := r.i
		for r.i < len(r.s) && r.s[r.i] != ',' && r.s[r.i] != ']' {
			r.i++
		}
		return strings.TrimSpace(r.s[start:r.i])
	}
}

// str reads a string (null reads as "").
func (r *jsonRow) str() string { return r.strOf(r.value()) }

// nullStr reads a string or null.
func (r *jsonRow) nullStr() *string {
	tok := r.value()
	if tok == "null" {
		return nil
	}
	s := r.strOf(tok)
	return &s
}

func (r *jsonRow) strOf(tok string) string {
	if tok == "null" || r.err != nil {
		return ""
	}
	if len(tok) < 2 || tok[0] != '"' {
		r.fail("a string")
		return ""
	}
	if !strings.ContainsRune(tok, '\\') {
		return tok[1 : len(tok)-1]
	}
	var s string
	if err := json.Unmarshal([]byte(tok), &s); err != nil {
		r.fail("a string")
	}
	return s
}

// integer reads a whole number.
func (r *jsonRow) integer() int {
	tok := r.value()
	if tok == "null" {
		return 0
	}
	n, err := strconv.Atoi(tok)
	if err != nil && r.err == nil {
		r.fail("an integer")
	}
	return n
}

// boolean reads true/false (PostgreSQL) or 1/0 (SQLite).
func (r *jsonRow) boolean() bool {
	switch tok := r.value(); tok {
	case "true", "1":
		return true
	case "false", "0", "null":
		return false
	default:
		r.fail("a boolean")
		return false
	}
}

// timestamp reads a stored timestamp as UTC (null reads as the zero time).
func (r *jsonRow) timestamp() time.Time {
	if t := r.nullTimestamp(); t != nil {
		return *t
	}
	return time.Time{}
}

// timestampLayouts are the forms a timestamp arrives in: SQLite's stored text (as
// mattn/go-sqlite3 writes time.Time values, and as its reader accepts them) and PostgreSQL's
// ISO 8601 rendering of TIMESTAMP.
var timestampLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// nullTimestamp reads a timestamp or null.
func (r *jsonRow) nullTimestamp() *time.Time {
	s := r.nullStr()
	if s == nil || r.err != nil {
		return nil
	}
	if t, ok := parseTimestamp(*s); ok {
		return &t
	}
	v := strings.TrimSuffix(*s, "Z")
	for _, layout := range timestampLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			t = t.UTC()
			return &t
		}
	}
	r.fail("a timestamp")
	return nil
}

// parseTimestamp parses the usual form of a stored timestamp, "YYYY-MM-DD HH:MM:SS" (or with a
// "T"), an optional fraction and an optional "Z" or ±HH:MM offset, without time.Parse's general
// machinery (it was a tenth of a list page). Anything else is left to the layouts.
func parseTimestamp(s string) (time.Time, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if i < len(s) && s[i] == '.' {
		digits := 0
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if digits < 9 {
				nsec = nsec*10 + int(s[i]-'0')
				digits++
			}
		}
		if digits == 0 {
			return time.Time{}, false
		}
		for ; digits < 9; digits++ {
			nsec *= 10
		}
	}
	offset := 0
	switch rest := s[i:]; {
	case rest == "" || rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := num(i+1, i+3)
		om, okm := num(i+4, i+6)
		if !okh || !okm {
			return time.Time{}, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC)
	if t.Day() != d { // 31 February and the like
		return time.Time{}, false
	}
	return t.Add(-time.Duration(offset) * time.Second), true
}
