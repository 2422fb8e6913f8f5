package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ReadXLSX imports the first visible sheet (or Options.Sheet) of an XLSX workbook, streaming
// its rows. Cells are read as text: strings as they are, formulas as their last computed
// value (never as formula text), numbers as Excel's General format shows them, and numbers in a
// date or time format as ISO 8601 dates (2006-01-02), dates with times or times. Size, rows,
// columns and the unpacked size are limited.
func ReadXLSX(r io.Reader, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	data, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return readXLSX(data, opts)
}

func readXLSX(data []byte, opts Options) (*Result, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, &FileError{Err: ErrMalformed, Detail: "not an XLSX workbook"}
	}
	book, err := openXLSX(data, opts.MaxBytes*20) // XML compresses well; a bigger ratio is a zip bomb
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, &FileError{Err: ErrMalformed, Detail: "not a readable XLSX workbook (password-protected or damaged?)"}
	}
	sheet, err := pickSheet(book, opts.Sheet)
	if err != nil {
		return nil, err
	}
	rows, err := book.rows(sheet)
	if err != nil {
		return nil, &FileError{Err: ErrMalformed, Detail: "cannot read sheet " + sheet.name}
	}
	defer rows.Close()
	res := &Result{Format: "xlsx", Sheet: sheet.name}
	b := newBuilder(res, opts)
	for {
		line, cells, ok := rows.Next()
		if !ok {
			break
		}
		if len(cells) > opts.MaxColumns && !isBlank(cells[opts.MaxColumns:]) {
			return nil, &FileError{Row: line, Err: ErrTooManyColumns, Detail: fmt.Sprintf("the limit is %d columns", opts.MaxColumns)}
		}
		if b.cols == nil {
			if isBlank(cells) {
				if line > 100 {
					return nil, &FileError{Err: ErrEmpty}
				}
				continue
			}
			if err := b.header(line, cells); err != nil {
				return nil, err
			}
			continue
		}
		if line-1 > opts.MaxRows*2 && len(res.Rows) < line/4 {
			// A sheet of mostly empty rows (formatting applied to a million rows): stop early.
			return nil, &FileError{Row: line, Err: ErrTooManyRows, Detail: "the sheet has too many (empty) rows"}
		}
		if err := b.row(line, cells); err != nil {
			return nil, err
		}
	}
	if rows.Err() != nil {
		return nil, &FileError{Row: rows.line, Err: ErrMalformed, Detail: "unreadable sheet"}
	}
	if b.cols == nil {
		return nil, &FileError{Err: ErrEmpty}
	}
	return res, nil
}

// pickSheet returns the named sheet, or the first visible one.
func pickSheet(b *xlsxBook, want string) (xlsxSheet, error) {
	if want != "" {
		for _, s := range b.sheets {
			if s.name == want {
				return s, nil
			}
		}
		return xlsxSheet{}, &FileError{Err: ErrMalformed, Detail: fmt.Sprintf("the workbook has no sheet %q", want)}
	}
	for _, s := range b.sheets {
		if !s.hidden {
			return s, nil
		}
	}
	return xlsxSheet{}, &FileError{Err: ErrEmpty, Detail: "the workbook has no visible sheet"}
}
