package tabular

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxXLSXRow and maxXLSXCol are the largest row number and column a worksheet can have.
const (
	maxXLSXRow = 1 << 20
	maxXLSXCol = 1 << 14
)

// xlsxRows streams the rows of a worksheet, one per row number from 1: a row the sheet leaves
// out comes as an empty row, so that row numbers are those the spreadsheet shows.
type xlsxRows struct {
	b    *xlsxBook
	rc   io.ReadCloser
	d    *xml.Decoder
	line int // number of the row last returned

	next     int      // number of the <row> element read ahead (0: none)
	nextRow  []string // its cells
	finished bool     // no more <row> elements
	err      error
}

// rows opens a worksheet for streaming.
func (b *xlsxBook) rows(sh xlsxSheet) (*xlsxRows, error) {
	rc, ok, err := b.open(sh.part)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: no part for sheet %q", errNotWorkbook, sh.name)
	}
	return &xlsxRows{b: b, rc: rc, d: xml.NewDecoder(rc)}, nil
}

// Close releases the worksheet part.
func (r *xlsxRows) Close() error { return r.rc.Close() }

// Err returns the error that ended the rows early, if any.
func (r *xlsxRows) Err() error { return r.err }

// Next returns the next row's number and cells, from column A, without the empty cells after
// the last non-empty one (nil for an empty row); ok is false after the last row or on an error.
func (r *xlsxRows) Next() (line int, cells []string, ok bool) {
	if r.err != nil {
		return 0, nil, false
	}
	r.line++
	if r.next == 0 && !r.finished {
		r.next, r.nextRow, r.err = r.readRow()
		if r.err != nil {
			return 0, nil, false
		}
		r.finished = r.next == 0
	}
	switch {
	case r.next == 0:
		return 0, nil, false
	case r.next > r.line:
		return r.line, nil, true
	}
	cells = r.nextRow
	r.next, r.nextRow = 0, nil
	return r.line, cells, true
}

// readRow reads the next <row> element: its number (the next one when it has none, or when it
// repeats or goes back, as spreadsheet programs read it) and its cells; 0 at the end.
func (r *xlsxRows) readRow() (int, []string, error) {
	for {
		tok, err := r.d.Token()
		if err == io.EOF {
			return 0, nil, nil
		}
		if err != nil {
			return 0, nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return 0, nil, nil
			}
		case xml.StartElement:
			if t.Name.Local != "row" {
				continue
			}
			num := r.line
			if v := attr(t, "r"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > maxXLSXRow {
					return 0, nil, fmt.Errorf("row number %q", v)
				}
				num = max(n, r.line)
			}
			cells, err := r.readCells()
			return num, cells, err
		}
	}
}

// readCells reads the cells of the current <row> up to its end tag.
func (r *xlsxRows) readCells() ([]string, error) {
	var cells []string
	col := 0
	for {
		tok, err := r.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "row" {
				return cells, nil
			}
		case xml.StartElement:
			if t.Name.Local != "c" {
				continue
			}
			col++
			if ref := attr(t, "r"); ref != "" {
				if col, err = refColumn(ref); err != nil {
					return nil, err
				}
			}
			v, formula, err := r.readCell(t)
			if err != nil {
				return nil, err
			}
			if v == "" && !formula {
				continue
			}
			for len(cells) < col-1 {
				cells = append(cells, "")
			}
			if cells = append(cells, v); len(cells) > maxXLSXCol {
				return nil, fmt.Errorf("more than %d cells in a row", maxXLSXCol)
			}
		}
	}
}

// readCell reads one <c> element up to its end tag: the value as the spreadsheet shows it, and
// whether the cell holds a formula.
func (r *xlsxRows) readCell(c xml.StartElement) (string, bool, error) {
	var v, inline strings.Builder
	var in string // the child whose text is being read: "v", or "t" inside <is>
	formula, inIS, rph := false, false, 0
	for {
		tok, err := r.d.Token()
		if err != nil {
			return "", false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "f":
				formula = true
			case "v":
				in = "v"
			case "is":
				inIS = true
			case "rPh":
				rph++
			case "t":
				if inIS && rph == 0 {
					in = "t"
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				return r.b.cellValue(attr(c, "t"), attr(c, "s"), v.String(), inline.String()), formula, nil
			case "v", "t":
				in = ""
			case "rPh":
				rph--
			case "is":
				inIS = false
			}
		case xml.CharData:
			switch in {
			case "v":
				v.Write(t)
			case "t":
				inline.Write(t)
			}
		}
	}
}

// refColumn returns the 1-based column of an A1-style cell reference ("C7" → 3).
func refColumn(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		if col > maxXLSXCol {
			return 0, fmt.Errorf("cell reference %q", ref)
		}
	}
	if col == 0 || i == len(ref) {
		return 0, fmt.Errorf("cell reference %q", ref)
	}
	if n, err := strconv.Atoi(ref[i:]); err != nil || n < 1 || n > maxXLSXRow {
		return 0, fmt.Errorf("cell reference %q", ref)
	}
	return col, nil
}

// cellValue returns a cell's value as text, by its type: shared string, inline string,
// formula string, boolean (TRUE / FALSE), error (#N/A…) or number. Numbers are written as
// Excel's General format writes them, except that numbers in a date or time format become an
// ISO 8601 date, date and time, or time.
func (b *xlsxBook) cellValue(typ, style, v, inline string) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return ""
		}
		s, _ := b.sharedString(i)
		return s
	case "inlineStr":
		if inline != "" {
			return unescapeBSTR(inline)
		}
		return v
	case "str", "d":
		return v
	case "b":
		switch v {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
		return v
	}
	if s, err := strconv.Atoi(style); err == nil && s >= 0 && s < len(b.formats) && b.formats[s] != fmtNumber {
		if t, ok := excelTime(v, b.date1904); ok {
			switch b.formats[s] {
			case fmtDate:
				return t.Format(time.DateOnly)
			case fmtDateTime:
				return t.Format(time.DateTime)
			case fmtTime:
				return t.Format(time.TimeOnly)
			}
		}
	}
	return generalNumber(v)
}

// generalNumber writes a stored number as the General format shows it: as is, or to 15
// significant digits when it has more (the precision of Excel's numbers). Text that is not a
// number is returned unchanged.
func generalNumber(v string) string {
	if strings.Contains(v, "_") {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if len(s)-strings.Count(s, ".") > 15 && !integerWithin15Digits(v) {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return s
}

// integerWithin15Digits reports whether v is an integer written with at most 15 significant
// digits (leading signs and zeros and trailing zeros do not count).
func integerWithin15Digits(v string) bool {
	if strings.ContainsAny(v, ".Ee") {
		return false
	}
	v = strings.TrimLeft(v, "+-0")
	return len(strings.TrimRight(v, "0")) <= 15
}

// numFmtKind is what a cell's number format makes of a number.
type numFmtKind uint8

const (
	fmtNumber   numFmtKind = iota // General or another number format
	fmtDate                       // a date (with or without the day)
	fmtDateTime                   // a date and a time of day
	fmtTime                       // a time of day or a duration
)

// builtinFormatKind classifies the built-in number formats (ECMA-376 Part 1, 18.8.30, and
// the East Asian ones that Excel fills in by locale).
func builtinFormatKind(id int) numFmtKind {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id == 57, id == 58:
		return fmtDate
	case id == 22:
		return fmtDateTime
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47, id == 55, id == 56:
		return fmtTime
	}
	return fmtNumber
}

// formatCodeKind classifies a custom format code by the date and time codes of its first
// section, outside quoted text, escaped characters and [colour / condition / locale] parts:
// y, d (and m without h or s) are dates; h, s and [h] [m] [s] are times.
func formatCodeKind(code string) numFmtKind {
	var date, clock, month bool
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		switch c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is literal text or padding
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				i = len(code)
				break
			}
			switch strings.ToLower(code[i+1 : i+1+j]) {
			case "h", "hh", "m", "mm", "s", "ss":
				clock = true
			}
			i += j + 1
		case ';':
			i = len(code) // only the first section
		case 'y', 'd':
			date = true
		case 'h', 's':
			clock = true
		case 'm':
			month = true
		}
	}
	if month && !clock {
		date = true
	}
	switch {
	case date && clock:
		return fmtDateTime
	case date:
		return fmtDate
	case clock:
		return fmtTime
	}
	return fmtNumber
}

// excelTime converts a serial date (days since 1899-12-30 in the 1900 date system, which
// counts a 29 February 1900 that never was; days since 1904-01-01 in the 1904 system) to a
// time, rounded to the second. ok is false for text and numbers outside 1900–9999.
func excelTime(v string, date1904 bool) (time.Time, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f >= 2958466 {
		return time.Time{}, false
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days < 60:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) // before the phantom 29 February (60 reads as the 28th)
	}
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}
