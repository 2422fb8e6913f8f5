package watchlist

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxRowBytes bounds one row (CSV record or JSON line): a larger one is an
// error rather than unbounded memory.
const maxRowBytes = 1 << 20

// countingReader counts bytes and refuses to run more than limit bytes
// ahead of the last accepted row.
type countingReader struct {
	r     io.Reader
	n     int64
	mark  int64
	limit int64
}

var errRowLimit = errors.New("row limit")

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n-c.mark > c.limit {
		return 0, errRowLimit
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// decodeText wraps r to produce UTF-8 from the declared encoding, skipping
// a UTF-8 byte-order mark.
func decodeText(r io.Reader, encoding string) io.Reader {
	switch encoding {
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(r)
	case "latin1", "iso-8859-1":
		return charmap.ISO8859_1.NewDecoder().Reader(r)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	return br
}

// csvFile reads validated rows of one CSV file.
type csvFile struct {
	name   string
	cr     *csv.Reader
	cnt    *countingReader
	cols   int // expected columns; 0 = take from the first row
	empty  map[string]bool
	header []string
	line   int // line of the current row
	rows   int
}

func newCSVFile(r io.Reader, name string, delim rune, encoding string, cols int, empty []string) *csvFile {
	cnt := &countingReader{r: r, limit: maxRowBytes}
	cr := csv.NewReader(decodeText(cnt, encoding))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	f := &csvFile{name: name, cr: cr, cnt: cnt, cols: cols, empty: map[string]bool{}}
	for _, v := range empty {
		f.empty[v] = true
	}
	return f
}

func (f *csvFile) errorf(kind error, col int, colName, format string, args ...any) *ParseError {
	return &ParseError{File: f.name, Line: f.line, Column: col, ColumnName: colName, Kind: kind, Reason: fmt.Sprintf(format, args...)}
}

// next returns the next row, trimmed, with empty markers cleared; io.EOF
// at the end. The slice is reused by the following call.
func (f *csvFile) next() ([]string, error) {
	for {
		rec, err := f.cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			if errors.Is(err, errRowLimit) {
				return nil, &ParseError{File: f.name, Line: f.line + 1, Kind: ErrRowTooLarge, Reason: fmt.Sprintf("a row is larger than %d bytes", maxRowBytes), Err: err}
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{File: f.name, Line: pe.Line, Column: 0, Kind: ErrSyntax,
					Reason: fmt.Sprintf("%v (at character %d of the line)", pe.Err, pe.Column), Err: err}
			}
			return nil, &ParseError{File: f.name, Line: f.line + 1, Kind: ErrSyntax, Reason: err.Error(), Err: err}
		}
		f.cnt.mark = f.cr.InputOffset()
		f.line, _ = f.cr.FieldPos(0)
		// OFAC files end with a DOS end-of-file character (Ctrl-Z).
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \t\r\n") == "" {
			continue
		}
		if f.cols == 0 {
			f.cols = len(rec)
		}
		if len(rec) != f.cols {
			return nil, f.errorf(ErrColumnCount, 0, "", "%d columns, want %d", len(rec), f.cols)
		}
		for i, v := range rec {
			if !utf8.ValidString(v) {
				return nil, f.errorf(ErrEncoding, i+1, f.columnName(i), "not valid UTF-8 (declare encoding: windows-1252 or latin1 in the column map if the file uses it)")
			}
			v = strings.TrimSpace(v)
			if f.empty[v] {
				v = ""
			}
			rec[i] = v
		}
		f.rows++
		return rec, nil
	}
}

func (f *csvFile) columnName(i int) string {
	if i < len(f.header) {
		return f.header[i]
	}
	return ""
}
