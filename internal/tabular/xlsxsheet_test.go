package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The importer's XLSX reader reads what excelize (the library it replaced) reads: the same rows
// with the same numbers and the same cell text, for random workbooks of strings, rich text,
// numbers, booleans, formulas and gaps, written both cell by cell and streamed (inline strings).
// Only number formats other than General differ (see TestXLSXDateCells).
func TestXLSXReaderMatchesExcelize(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2026))
	texts := []string{"ZHANG Wei", "张伟", "  padded  ", "a&b<c>\"d'", "_x0041_ literal", "line\nbreak", "tab\there",
		"=not a formula", "+86 10 1234 5678", "'quoted", "中國", "Ｆｕｌｌｗｉｄｔｈ", "x", strings.Repeat("长", 300), "ctl\x01char"}
	numbers := []any{0, 1, -1, 1970, 42.5, 0.1 + 0.2, 1e20, 1.5e-7, 123456789012345678, -0.000123, 3.14159265358979, int64(9007199254740993), float32(1.1)}
	for round := range 12 {
		f := excelize.NewFile()
		sheet := "Sheet1"
		streamed := round%3 == 2
		var sw *excelize.StreamWriter
		if streamed {
			var err error
			if sw, err = f.NewStreamWriter(sheet); err != nil {
				t.Fatal(err)
			}
		}
		for row := 1; row <= 40; row++ {
			if rng.IntN(4) == 0 {
				continue // a gap
			}
			var vals []any
			for col := 0; col < 12; col++ {
				var v any
				switch rng.IntN(8) {
				case 0, 1:
					v = texts[rng.IntN(len(texts))]
				case 2, 3:
					v = numbers[rng.IntN(len(numbers))]
				case 4:
					v = rng.IntN(2) == 0
				case 5:
					v = rng.NormFloat64() * 1e6
				case 6:
					if !streamed {
						v = excelize.RichTextRun{Text: texts[rng.IntN(len(texts))]}
					}
				}
				vals = append(vals, v)
			}
			if streamed {
				if err := sw.SetRow(CellRef(0, row), vals); err != nil {
					t.Fatal(err)
				}
				continue
			}
			for col, v := range vals {
				ref := CellRef(col, row)
				var err error
				switch v := v.(type) {
				case nil:
					if rng.IntN(10) == 0 {
						err = f.SetCellFormula(sheet, ref, "1+1")
					}
				case excelize.RichTextRun:
					err = f.SetCellRichText(sheet, ref, []excelize.RichTextRun{v, {Text: "+run", Font: &excelize.Font{Bold: true}}})
				default:
					err = f.SetCellValue(sheet, ref, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		if streamed {
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
		want := excelizeRows(t, buf.Bytes(), sheet)
		got := ourRows(t, buf.Bytes(), sheet)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d rows, excelize %d", round, len(got), len(want))
		}
		for i := range want {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("round %d, row %d:\n got  %q\n want %q", round, i+1, got[i], want[i])
			}
		}
	}
}

// excelizeRows reads a sheet the way the importer read it with excelize: one row per Next.
func excelizeRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cells)
	}
	return out
}

// ourRows reads a sheet with the importer's reader, checking that row numbers count from 1.
func ourRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	book, err := openXLSX(data, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := pickSheet(book, sheet)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.rows(sh)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for {
		line, cells, ok := rows.Next()
		if !ok {
			break
		}
		if line != len(out)+1 {
			t.Fatalf("row number %d after %d rows", line, len(out))
		}
		out = append(out, cells)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	return out
}

// Numbers in a date or time format read as ISO 8601 dates, dates with times or times, whether
// the format is built in (including the Chinese ones) or custom; other formats read as General.
func TestXLSXDateCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	cells := []struct {
		numFmt int
		custom string
		value  any
		want   string
	}{
		{14, "", 25267, "1969-03-05"},             // m/d/yyyy
		{22, "", 25267.75, "1969-03-05 18:00:00"}, // m/d/yyyy h:mm
		{21, "", 0.5, "12:00:00"},                 // h:mm:ss
		{31, "", 25267, "1969-03-05"},             // yyyy"年"m"月"d"日"
		{0, "yyyy/m/d", 36526, "2000-01-01"},
		{0, `[$-804]yyyy"年"m"月"d"日";@`, 1, "1900-01-01"},
		{0, `mmm\-yy`, 59, "1900-02-28"},
		{0, "hh:mm", 0.25, "06:00:00"},
		{0, `0.00" m"`, 2.5, "2.5"}, // a quoted m is text, not a month
		{10, "", 0.125, "0.125"},    // 0.00%: read as General
		{0, `[Red]#,##0;[Blue]-#,##0`, -5, "-5"},
	}
	for i, c := range cells {
		st := &excelize.Style{NumFmt: c.numFmt}
		if c.custom != "" {
			st = &excelize.Style{CustomNumFmt: &c.custom}
		}
		id, err := f.NewStyle(st)
		if err != nil {
			t.Fatal(err)
		}
		ref := CellRef(i, 1)
		if err := f.SetCellValue("Sheet1", ref, c.value); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle("Sheet1", ref, ref, id); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got := ourRows(t, buf.Bytes(), "Sheet1")[0]
	for i, c := range cells {
		if i >= len(got) || got[i] != c.want {
			t.Errorf("format %d %q, value %v: read %q, want %q", c.numFmt, c.custom, c.value, fmt.Sprint(got[min(i, len(got)-1)]), c.want)
		}
	}
}

func TestUnescapeBSTR(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                  "plain",
		"_x0041_":                "A",
		"a_x000D_b":              "a\rb",
		"_x005F_x0041_":          "_x0041_",
		"_x00zz_ _x41_ _x0041":   "_x00zz_ _x41_ _x0041",
		"_xD800_ lone surrogate": " lone surrogate",
	} {
		if got := unescapeBSTR(in); got != want {
			t.Errorf("unescapeBSTR(%q) = %q, want %q", in, got, want)
		}
	}
}

// rawWorkbook builds a minimal workbook around a hand-written sheetData.
func rawWorkbook(t *testing.T, sheetData string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/s.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>name</t></si><si><r><t>Li </t></r><r><t>Na</t></r><rPh><t>リ</t></rPh></si></sst>`,
		"xl/worksheets/s.xml":        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXReaderHandWrittenSheets(t *testing.T) {
	tests := []struct {
		name, sheetData string
		want            string // the rows' name column, by row number, or the error
	}{
		{"reads-rich-text-without-phonetic-hints", `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`, "2:Li Na"},
		{"numbers-rows-without-r-in-order", `<row><c t="s"><v>0</v></c></row><row><c t="inlineStr"><is><t>Jo</t></is></c></row><row r="5"><c><v>7</v></c></row>`, "2:Jo 5:7"},
		{"reads-row-that-goes-back-as-the-next", `<row r="3"><c t="s"><v>0</v></c></row><row r="2"><c t="str"><v>Ann</v></c></row>`, "4:Ann"},
		{"skips-unknown-shared-string", `<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>99</v></c><c t="inlineStr"><is><t>x</t></is></c></row>`, "2:"},
		{"refuses-row-number-past-the-last", `<row r="1"><c t="s"><v>0</v></c></row><row r="1048577"><c><v>1</v></c></row>`, "error"},
		{"refuses-bad-cell-reference", `<row r="1"><c r="1A" t="s"><v>0</v></c></row>`, "error"},
		{"refuses-column-past-the-last", `<row r="1"><c r="XFE1" t="s"><v>0</v></c></row>`, "error"},
		{"refuses-broken-xml", `<row r="1"><c t="s"><v>0</c></row>`, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadXLSX(bytes.NewReader(rawWorkbook(t, tt.sheetData)), Options{Now: fixedNow})
			if tt.want == "error" {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.Rows {
				got = append(got, fmt.Sprintf("%d:%s", r.Line, r.Values[ColNameLatin]))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("rows = %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}
}

// An exported workbook reads back with the same text in every cell, including text that looks
// like an escape, control characters and the neutralising apostrophe.
func TestWriteXLSXReadsBackWithTheImporter(t *testing.T) {
	header := []string{"name", "notes"}
	rows := [][]string{{"_x0041_", "a\r\nb\tc"}, {"=1+1", "  spaced  "}, {"中文", ""}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "参会者", header, rows); err != nil {
		t.Fatal(err)
	}
	got := ourRows(t, buf.Bytes(), "参会者")
	want := [][]string{header, {"_x0041_", "a\r\nb\tc"}, {"'=1+1", "  spaced  "}, {"中文"}}
	if len(got) != len(want) {
		t.Fatalf("rows = %q", got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i+1, got[i], want[i])
		}
	}
	for _, name := range []string{"a:b", "[x]", "'quoted'", strings.Repeat("长", 32)} {
		if err := WriteXLSX(&bytes.Buffer{}, name, header, nil); !errors.Is(err, ErrSheetName) {
			t.Errorf("sheet name %q: err = %v", name, err)
		}
	}
}
