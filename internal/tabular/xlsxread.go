package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX imports the first visible sheet (or Options.Sheet) of an XLSX workbook, streaming
// its rows. Cell values are read as Excel displays them (formulas as their last computed
// value). Size, rows, columns and the unpacked size are limited.
func ReadXLSX(r io.Reader, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	data, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return readXLSX(data, opts)
}

func readXLSX(data []byte, opts Options) (res *Result, err error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, &FileError{Err: ErrMalformed, Detail: "not an XLSX workbook"}
	}
	unzipLimit := opts.MaxBytes * 20 // XML compresses well; a bigger ratio is a zip bomb
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: min(unzipLimit, 64<<20),
	})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, &FileError{Err: ErrMalformed, Detail: "not a readable XLSX workbook (password-protected or damaged?)"}
		}
		if strings.Contains(err.Error(), "unzip size") {
			return nil, &FileError{Err: ErrTooLarge, Detail: "the workbook unpacks to too much data"}
		}
		return nil, &FileError{Err: ErrMalformed, Detail: "not a readable XLSX workbook"}
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			res, err = nil, cerr
		}
	}()
	sheet, err := pickSheet(f, opts.Sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, &FileError{Err: ErrMalformed, Detail: "cannot read sheet " + sheet}
	}
	defer rows.Close()
	res = &Result{Format: "xlsx", Sheet: sheet}
	b := newBuilder(res, opts)
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return nil, &FileError{Row: line, Err: ErrMalformed, Detail: "unreadable row"}
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
	if err := rows.Error(); err != nil {
		return nil, &FileError{Row: line, Err: ErrMalformed, Detail: "unreadable sheet"}
	}
	if b.cols == nil {
		return nil, &FileError{Err: ErrEmpty}
	}
	return res, nil
}

// pickSheet returns the named sheet, or the first visible one.
func pickSheet(f *excelize.File, want string) (string, error) {
	list := f.GetSheetList()
	if want != "" {
		for _, s := range list {
			if s == want {
				return s, nil
			}
		}
		return "", &FileError{Err: ErrMalformed, Detail: fmt.Sprintf("the workbook has no sheet %q", want)}
	}
	for _, s := range list {
		if visible, err := f.GetSheetVisible(s); err == nil && visible {
			return s, nil
		}
	}
	return "", &FileError{Err: ErrEmpty, Detail: "the workbook has no visible sheet"}
}
