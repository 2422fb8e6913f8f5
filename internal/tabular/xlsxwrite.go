package tabular

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrSheetName means a sheet name Excel would refuse: empty, longer than 31 characters, with
// one of : \ / ? * [ ], or starting or ending with an apostrophe.
var ErrSheetName = errors.New("invalid sheet name")

// The parts of a one-sheet workbook besides the sheet (ECMA-376: content types, package and
// workbook relationships, workbook, styles). Cell formats: 0 default, 1 bold (the header),
// 2 text ("@", number format 49), so that what people type into an exported list stays text.
const (
	xlsxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`</Types>`
	xlsxPackageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`</Relationships>`
	xlsxWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	xlsxWorkbookStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="`
	xlsxWorkbookEnd = `" sheetId="1" r:id="rId1"/></sheets></workbook>`
	xlsxStyles      = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
		`<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`
	xlsxSheetStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheetViews><sheetView tabSelected="1" workbookViewId="0">` +
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="15"/>`
)

// WriteXLSX writes header and rows to a one-sheet XLSX workbook, streamed: every cell is a
// neutralised text cell, the header is bold and frozen, columns are 20 characters wide.
// sheet is the sheet name ("Participants" when empty). Nothing is written when a row is wider
// than the header or the sheet name is invalid.
func WriteXLSX(w io.Writer, sheet string, header []string, rows [][]string) error {
	if sheet == "" {
		sheet = "Participants"
	}
	if n := utf8.RuneCountInString(sheet); n > 31 || strings.ContainsAny(sheet, `:\/?*[]`) ||
		strings.HasPrefix(sheet, "'") || strings.HasSuffix(sheet, "'") || !utf8.ValidString(sheet) {
		return fmt.Errorf("%w: %q", ErrSheetName, sheet)
	}
	for i, r := range rows {
		if len(r) > len(header) {
			return fmt.Errorf("row %d: %w", i+2, ErrRowWidth)
		}
	}
	zw := zip.NewWriter(w)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", xlsxContentTypes},
		{"_rels/.rels", xlsxPackageRels},
		{"xl/workbook.xml", xlsxWorkbookStart + xmlAttrEscape(sheet) + xlsxWorkbookEnd},
		{"xl/_rels/workbook.xml.rels", xlsxWorkbookRels},
		{"xl/styles.xml", xlsxStyles},
	} {
		pw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(pw, p.body); err != nil {
			return err
		}
	}
	pw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(pw, 64<<10)
	bw.WriteString(xlsxSheetStart)
	if len(header) > 0 {
		fmt.Fprintf(bw, `<cols><col min="1" max="%d" width="20" customWidth="1"/></cols>`, len(header))
	}
	bw.WriteString("<sheetData>")
	writeXLSXRow(bw, 1, header, 1)
	for i, r := range rows {
		writeXLSXRow(bw, i+2, r, 2)
	}
	bw.WriteString("</sheetData></worksheet>")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// writeXLSXRow writes one row of inline-string cells in cell format style.
func writeXLSXRow(bw *bufio.Writer, n int, vals []string, style int) {
	row := strconv.Itoa(n)
	bw.WriteString(`<row r="` + row + `">`)
	for i, v := range vals {
		ref := ColumnName(i) + row
		v = Neutralize(strings.ToValidUTF8(v, "\uFFFD"))
		if utf8.RuneCountInString(v) > maxXLSXCell {
			v = string([]rune(v)[:maxXLSXCell])
		}
		if v == "" {
			fmt.Fprintf(bw, `<c r="%s" s="%d"/>`, ref, style)
			continue
		}
		fmt.Fprintf(bw, `<c r="%s" s="%d" t="inlineStr"><is><t xml:space="preserve">`, ref, style)
		xml.EscapeText(bw, []byte(escapeBSTR(v)))
		bw.WriteString(`</t></is></c>`)
	}
	bw.WriteString(`</row>`)
}

// escapeBSTR protects text that looks like an _xHHHH_ escape (see unescapeBSTR), so that
// spreadsheet programs show it as written: "_x0041_" is stored as "_x005F_x0041_".
func escapeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if _, ok := bstrEscape(s[i:]); ok {
			out.WriteString("_x005F")
		}
		out.WriteByte(s[i])
	}
	return out.String()
}

// xmlAttrEscape escapes text for an XML attribute value.
func xmlAttrEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
