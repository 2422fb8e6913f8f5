package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// An XLSX workbook is a ZIP package of SpreadsheetML parts (ECMA-376 / ISO/IEC 29500): the
// workbook lists the sheets, its relationships name each sheet's part, the shared-string
// table holds the text of most cells, and the style sheet says which cells are dates. This
// file reads those parts, and xlsxsheet.go streams a sheet's rows: the importer needs nothing
// more, and reading it with the standard library keeps a general spreadsheet library (and the
// memory it takes at start) out of the binary.

// errNotWorkbook means a ZIP archive that is not a SpreadsheetML workbook (or a damaged one).
var errNotWorkbook = errors.New("not a SpreadsheetML workbook")

// maxSharedStringsXML bounds the shared-string part, which is read into memory whole.
const maxSharedStringsXML = 64 << 20

// xlsxSheet is one sheet of the workbook, in workbook order.
type xlsxSheet struct {
	name   string
	hidden bool   // state="hidden" or "veryHidden"
	part   string // the worksheet part, e.g. xl/worksheets/sheet1.xml
}

// xlsxBook is an opened workbook.
type xlsxBook struct {
	zr       *zip.Reader
	sheets   []xlsxSheet
	strData  string       // the shared strings, one after the other
	strEnds  []uint32     // where shared string i ends in strData (it starts where i-1 ends)
	formats  []numFmtKind // per cell format (cellXfs index): date, time or other
	date1904 bool         // serial dates count from 1904 (old Mac workbooks)
}

// xlsxRel is one relationship of a package part: the target part and the relationship type.
type xlsxRel struct{ target, typ string }

// openXLSX opens the package, refusing one whose parts unpack to more than unzipLimit bytes.
func openXLSX(data []byte, unzipLimit int64) (*xlsxBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotWorkbook, err)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(unzipLimit) {
			return nil, &FileError{Err: ErrTooLarge, Detail: "the workbook unpacks to too much data"}
		}
	}
	b := &xlsxBook{zr: zr}
	wbPart := b.officeDocument()
	dir := path.Dir(wbPart)
	rels, err := b.rels(path.Join(dir, "_rels", path.Base(wbPart)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	if err := b.readWorkbook(wbPart, rels); err != nil {
		return nil, err
	}
	if err := b.readSharedStrings(relTarget(rels, "/sharedStrings", path.Join(dir, "sharedStrings.xml"))); err != nil {
		return nil, err
	}
	if err := b.readStyles(relTarget(rels, "/styles", path.Join(dir, "styles.xml"))); err != nil {
		return nil, err
	}
	return b, nil
}

// open opens a part of the package; ok is false when there is no such part.
func (b *xlsxBook) open(name string) (io.ReadCloser, bool, error) {
	for _, f := range b.zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				return nil, true, fmt.Errorf("%w: %s: %v", errNotWorkbook, name, err)
			}
			return rc, true, nil
		}
	}
	return nil, false, nil
}

// tokens calls fn with each XML token of part name, in order; found is false when the package has
// no such part. A decoding error or fn's error ends the walk.
func (b *xlsxBook) tokens(name string, fn func(tok xml.Token) error) (found bool, err error) {
	rc, ok, err := b.open(name)
	if err != nil || !ok {
		return ok, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return true, fmt.Errorf("%w: %s: %v", errNotWorkbook, name, err)
		}
		if err := fn(tok); err != nil {
			return true, err
		}
	}
}

// relTarget returns the target of the first relationship whose type ends in typ, or def.
func relTarget(rels map[string]xlsxRel, typ, def string) string {
	for _, r := range rels {
		if strings.HasSuffix(r.typ, typ) {
			return r.target
		}
	}
	return def
}

// rels reads a relationships part: relationship id → target part (resolved against base, the
// directory of the part the relationships belong to) and type.
func (b *xlsxBook) rels(name, base string) (map[string]xlsxRel, error) {
	out := map[string]xlsxRel{}
	found, err := b.tokens(name, func(tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			target := attr(se, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(base, target)
			}
			out[attr(se, "Id")] = xlsxRel{target: target, typ: attr(se, "Type")}
		}
		return nil
	})
	if err != nil || !found {
		return nil, err
	}
	return out, nil
}

// officeDocument returns the workbook part named by the package relationships (normally
// xl/workbook.xml).
func (b *xlsxBook) officeDocument() string {
	rels, err := b.rels("_rels/.rels", "")
	if err != nil {
		return "xl/workbook.xml"
	}
	return relTarget(rels, "/officeDocument", "xl/workbook.xml")
}

// readWorkbook reads the sheet list (names, visibility, parts) and the date system.
func (b *xlsxBook) readWorkbook(wbPart string, rels map[string]xlsxRel) error {
	found, err := b.tokens(wbPart, func(tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			var id string
			for _, a := range se.Attr {
				if a.Name.Local == "id" && strings.Contains(a.Name.Space, "relationships") {
					id = a.Value
				}
			}
			state := attr(se, "state")
			b.sheets = append(b.sheets, xlsxSheet{name: attr(se, "name"), hidden: state == "hidden" || state == "veryHidden", part: rels[id].target})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%w: no workbook part", errNotWorkbook)
	}
	if len(b.sheets) == 0 {
		return fmt.Errorf("%w: no sheets", errNotWorkbook)
	}
	return nil
}

// readSharedStrings reads the shared-string table: each <si> item's text, the runs of rich
// text joined, phonetic hints (<rPh>) left out. The strings are kept in one buffer, so that a
// table of many tiny items costs little more memory than its XML.
func (b *xlsxBook) readSharedStrings(name string) error {
	for _, f := range b.zr.File {
		if f.Name == name && f.UncompressedSize64 > maxSharedStringsXML {
			return &FileError{Err: ErrTooLarge, Detail: "the workbook unpacks to too much data"}
		}
	}
	var data, cur strings.Builder
	inSI, inT, rph := false, false, 0
	_, err := b.tokens(name, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				rph++
			case "t":
				inT = inSI && rph == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				data.WriteString(unescapeBSTR(cur.String()))
				b.strEnds = append(b.strEnds, uint32(data.Len()))
				inSI = false
			case "rPh":
				rph--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
		return nil
	})
	b.strData = data.String()
	return err
}

// sharedString returns shared string i; ok is false when there is none.
func (b *xlsxBook) sharedString(i int) (string, bool) {
	if i < 0 || i >= len(b.strEnds) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = b.strEnds[i-1]
	}
	return b.strData[start:b.strEnds[i]], true
}

// readStyles reads which cell formats (the s attribute of a cell indexes cellXfs) are date or
// time formats.
func (b *xlsxBook) readStyles(name string) error {
	custom := map[int]string{}
	var xfIDs []int
	inCellXfs := false
	found, err := b.tokens(name, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
					custom[id] = attr(t, "formatCode")
				}
			case "cellXfs":
				inCellXfs = true
			case "xf":
				if inCellXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					xfIDs = append(xfIDs, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inCellXfs = false
			}
		}
		return nil
	})
	if err != nil || !found {
		return err
	}
	b.formats = make([]numFmtKind, len(xfIDs))
	for i, id := range xfIDs {
		if code, ok := custom[id]; ok {
			b.formats[i] = formatCodeKind(code)
		} else {
			b.formats[i] = builtinFormatKind(id)
		}
	}
	return nil
}

// attr returns the value of the attribute with local name name ("" if absent).
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// unescapeBSTR decodes the _xHHHH_ escapes SpreadsheetML uses for characters XML cannot hold
// (ECMA-376 Part 1, 22.9.2.19 ST_Xstring): "_x0008_" is U+0008, "_x005F_" a literal underscore
// (so "_x005F_x0008_" is the text "_x0008_").
func unescapeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		if r, ok := bstrEscape(s[i:]); ok {
			if r >= 0 {
				out.WriteRune(r)
			}
			i += 7
			continue
		}
		out.WriteByte(s[i])
		i++
	}
	return out.String()
}

// bstrEscape reports whether s starts with an _xHHHH_ escape and the rune it stands for.
func bstrEscape(s string) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	v, err := strconv.ParseUint(s[2:6], 16, 16)
	if err != nil {
		return 0, false
	}
	if v >= 0xD800 && v <= 0xDFFF {
		return -1, true // a lone surrogate stands for nothing
	}
	return rune(v), true
}
