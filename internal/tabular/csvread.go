package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// ReadCSV imports a CSV file (RFC 4180; comma, semicolon or tab separated, detected from the
// header line) in UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK (what Excel on
// Chinese Windows writes for "CSV"). Other encodings are refused with ErrEncoding.
func ReadCSV(r io.Reader, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	data, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return readCSV(data, opts)
}

func readCSV(data []byte, opts Options) (*Result, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	res := &Result{Format: "csv", Encoding: enc}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = detectDelimiter(text)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	b := newBuilder(res, opts)
	row, endLine := 0, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &FileError{Row: row + 1 + max(0, pe.StartLine-endLine-1), Err: ErrMalformed, Detail: csvErrorText(pe)}
			}
			return nil, &FileError{Err: ErrMalformed, Detail: err.Error()}
		}
		// Spreadsheet rows: one per record, plus any blank lines the CSV reader skipped.
		start, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		row += 1 + max(0, start-endLine-1)
		endLine = last + strings.Count(rec[len(rec)-1], "\n")
		if b.cols == nil {
			if err := b.header(row, rec); err != nil {
				return nil, err
			}
			continue
		}
		if err := b.row(row, rec); err != nil {
			return nil, err
		}
	}
	if b.cols == nil {
		return nil, &FileError{Err: ErrEmpty}
	}
	return res, nil
}

func csvErrorText(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a double quote (") inside a cell that is not itself in quotes`
	case errors.Is(pe.Err, csv.ErrQuote):
		return "a quoted cell is not closed, or has text after its closing quote"
	default:
		return pe.Err.Error()
	}
}

// decodeText returns the file as UTF-8 without BOM, and the encoding it was in.
func decodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if !utf8.Valid(data) {
			return nil, "", &FileError{Err: ErrEncoding, Detail: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8"}
		}
		return data, "UTF-8 with BOM", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		name := "UTF-16LE"
		if data[0] == 0xFE {
			name = "UTF-16BE"
		}
		out, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
			return nil, "", &FileError{Err: ErrEncoding, Detail: "the file claims to be UTF-16 but cannot be decoded"}
		}
		return out, name, nil
	case bytes.IndexByte(data, 0) >= 0:
		return nil, "", &FileError{Err: ErrEncoding, Detail: "the file contains NUL bytes: it is UTF-16 without a byte-order mark, or not a text file"}
	case utf8.Valid(data):
		return data, "UTF-8", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !mostlyChinese(out) {
		return nil, "", &FileError{Err: ErrEncoding, Detail: "the file is neither UTF-8 nor Chinese GB18030/GBK text"}
	}
	return out, "GB18030", nil
}

// mostlyChinese reports whether at least 3/4 of the non-ASCII characters decoded from a
// supposed GB18030 file are CJK ideographs or CJK/full-width punctuation — the test that tells
// a real GBK file from, say, Windows-1252 text decoded as GB18030.
func mostlyChinese(s []byte) bool {
	nonASCII, cjk := 0, 0
	for _, r := range string(s) {
		if r < 0x80 {
			continue
		}
		nonASCII++
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || r == 0x00B7 || r == 0x2014 || r == 0x2026 || r == 0x201C || r == 0x201D {
			cjk++
		}
	}
	return nonASCII > 0 && cjk*4 >= nonASCII*3
}

// detectDelimiter picks the separator of the header line: the most frequent of , ; and tab
// outside quotes (comma when none occurs).
func detectDelimiter(text []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(firstLine(text)) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func firstLine(text []byte) []byte {
	const maxScan = 64 << 10
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	quoted := false
	for i, c := range text {
		switch {
		case c == '"':
			quoted = !quoted
		case (c == '\n' || c == '\r') && !quoted:
			return text[:i]
		}
	}
	return text
}
