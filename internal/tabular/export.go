package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// formulaStarts are the first characters that make a spreadsheet treat a cell as a formula
// (or, for tab and CR, that hide a formula after them): SECURITY.md E1, after OWASP's CSV
// injection guidance.
const formulaStarts = "=+-@\t\r"

// Neutralize makes a cell value safe to open in a spreadsheet: a value starting with
// = + - @ tab or CR gets a leading apostrophe, so Excel, LibreOffice and Google Sheets show it
// as text instead of evaluating it. Every other value is returned unchanged. Negative numbers
// and "+86…" phone numbers are prefixed too: safety over looks.
func Neutralize(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// ErrRowWidth means a data row has more cells than the header.
var ErrRowWidth = errors.New("row has more cells than the header")

// maxXLSXCell is Excel's limit on characters in one cell.
const maxXLSXCell = 32767

// WriteCSV writes header and rows as RFC 4180 CSV with CRLF line ends, preceded by a UTF-8
// byte-order mark so that Excel opens Chinese text correctly. Every cell is neutralised.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, 0, len(header))
	write := func(cells []string) error {
		rec = rec[:0]
		for _, c := range cells {
			rec = append(rec, Neutralize(strings.ToValidUTF8(c, "\uFFFD")))
		}
		return cw.Write(rec)
	}
	if err := write(header); err != nil {
		return err
	}
	for i, r := range rows {
		if len(r) > len(header) {
			return fmt.Errorf("row %d: %w", i+2, ErrRowWidth)
		}
		if err := write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Records turns participant rows into export records in the order of cols.
func Records(cols []Column, rows []map[Column]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		rec := make([]string, len(cols))
		for j, c := range cols {
			rec[j] = r[c]
		}
		out[i] = rec
	}
	return out
}
