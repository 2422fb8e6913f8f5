package watchlist

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// importJSONL streams a JSON Lines file: one JSON object per line, fields
// found by key (dots reach into nested objects); arrays give several
// values. Blank lines are skipped.
func (m *ColumnMap) importJSONL(ctx context.Context, r io.Reader, name string, fn Handler) (Stats, error) {
	st := Stats{Rows: map[string]int{}}
	br := bufio.NewReaderSize(decodeText(r, m.Encoding), 64<<10)
	var line []byte
	for lineNo := 1; ; lineNo++ {
		if lineNo%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
		}
		var err error
		line, err = readLine(br, line[:0])
		if err != nil && !errors.Is(err, io.EOF) {
			kind := ErrSyntax
			if errors.Is(err, errRowLimit) {
				kind = ErrRowTooLarge
			}
			return st, &ParseError{File: name, Line: lineNo, Kind: kind, Reason: err.Error(), Err: err}
		}
		eof := errors.Is(err, io.EOF)
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) > 0 {
			if !utf8.Valid(trimmed) {
				return st, &ParseError{File: name, Line: lineNo, Kind: ErrEncoding, Reason: "not valid UTF-8"}
			}
			var obj map[string]any
			dec := json.NewDecoder(bytes.NewReader(trimmed))
			dec.UseNumber()
			if err := dec.Decode(&obj); err != nil || dec.More() {
				if err == nil {
					err = errors.New("more than one JSON value on the line")
				}
				return st, &ParseError{File: name, Line: lineNo, Kind: ErrSyntax, Reason: "not a JSON object: " + err.Error(), Err: err}
			}
			if obj == nil {
				return st, &ParseError{File: name, Line: lineNo, Kind: ErrSyntax, Reason: "not a JSON object"}
			}
			st.Rows[name]++
			raw := func(field string) []string { return jsonValues(obj, m.Fields[field].Column) }
			e, perr := m.buildEntry(raw, func() string { return string(trimmed) })
			if perr != nil {
				perr.File, perr.Line = name, lineNo
				perr.ColumnName = m.Fields[perr.ColumnName].Column
				return st, perr
			}
			if m.RemarksFormat == "ofac" && e.Remarks != "" {
				parseOFACRemarks(e.Remarks, e)
			}
			st.Entries++
			st.Aliases += len(e.Aliases)
			st.Addresses += len(e.Addresses)
			if err := fn(e); err != nil {
				return st, fmt.Errorf("watchlist: %s:%d: handler: %w", name, lineNo, err)
			}
		}
		if eof {
			break
		}
	}
	if st.Entries == 0 {
		return st, &ParseError{File: name, Kind: ErrEmpty, Reason: "the file holds no entries"}
	}
	return st, nil
}

// readLine appends one line (without its newline) to buf, refusing lines
// longer than maxRowBytes.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > maxRowBytes {
			return buf, fmt.Errorf("line longer than %d bytes: %w", maxRowBytes, errRowLimit)
		}
		buf = append(buf, chunk...)
		switch {
		case err == nil:
			return bytes.TrimRight(buf, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return buf, err
		}
	}
}

// jsonValues returns the string values at a dotted key.
func jsonValues(obj map[string]any, key string) []string {
	var v any = obj
	for _, part := range strings.Split(key, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = mm[part]; !ok {
			return nil
		}
	}
	return flatten(v, nil)
}

func flatten(v any, out []string) []string {
	switch x := v.(type) {
	case nil:
	case string:
		out = append(out, x)
	case json.Number:
		out = append(out, x.String())
	case bool:
		out = append(out, fmt.Sprint(x))
	case []any:
		for _, el := range x {
			out = flatten(el, out)
		}
	case map[string]any:
		// An object in a list of names: take its "name" or "value".
		for _, k := range []string{"name", "value", "full_name"} {
			if s, ok := x[k].(string); ok {
				return append(out, s)
			}
		}
	}
	return out
}
