package tabular

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestNeutralize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"prefixes-equals", "=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"prefixes-plus", "+1 202 555 0100", "'+1 202 555 0100"},
		{"prefixes-minus", "-2+3", "'-2+3"},
		{"prefixes-at", "@SUM(A1)", "'@SUM(A1)"},
		{"prefixes-tab", "\t=1", "'\t=1"},
		{"prefixes-cr", "\r=1", "'\r=1"},
		{"keeps-plain-text", "Zhang Wei", "Zhang Wei"},
		{"keeps-inner-equals", "a=b", "a=b"},
		{"keeps-empty", "", ""},
		{"keeps-chinese", "张伟", "张伟"},
		{"keeps-apostrophe-text", "'quoted", "'quoted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Neutralize(tt.in); got != tt.want {
				t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

var dangerous = [][]string{
	{"=cmd|' /C calc'!A0", "张伟", "+86 10 1234 5678"},
	{"@SUM(1+1)", "-1", "plain, with \"quotes\"\nand a newline"},
	{"\t=1+1", "\r=2", ""},
}

func TestWriteCSVNeutralisesAndReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, []string{"=Header", "姓名", "Phone"}, dangerous); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) || !bytes.Contains(out, []byte("\r\n")) {
		t.Fatalf("missing BOM or CRLF: %q", out)
	}
	recs, err := csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[0][0] != "'=Header" || recs[0][1] != "姓名" {
		t.Fatalf("header = %q", recs[0])
	}
	for i, row := range dangerous {
		for j, cell := range row {
			// encoding/csv drops a lone CR on reading; the prefix is what matters.
			if got, want := recs[i+1][j], strings.ReplaceAll(Neutralize(cell), "\r", ""); got != want {
				t.Errorf("cell %d,%d = %q, want %q", i+1, j, got, want)
			}
			if got := recs[i+1][j]; got != "" && strings.ContainsRune(formulaStarts, rune(got[0])) {
				t.Errorf("cell %d,%d still starts with a formula character: %q", i+1, j, got)
			}
		}
	}
}

func TestWriteXLSXNeutralisesAndReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "", []string{"=Header", "姓名", "Phone"}, dangerous); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if list := f.GetSheetList(); len(list) != 1 || list[0] != "Participants" {
		t.Fatalf("sheets = %v", list)
	}
	rows, err := f.GetRows("Participants")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "'=Header" || rows[0][1] != "姓名" {
		t.Errorf("header = %q", rows[0])
	}
	for i, row := range dangerous {
		for j, cell := range row {
			ref := CellRef(j, i+2)
			got, _ := f.GetCellValue("Participants", ref)
			if want := Neutralize(cell); got != want {
				t.Errorf("%s = %q, want %q", ref, got, want)
			}
			if formula, _ := f.GetCellFormula("Participants", ref); formula != "" {
				t.Errorf("%s has formula %q", ref, formula)
			}
		}
	}
}

func TestExportThenImportRoundTrips(t *testing.T) {
	cols := AllColumns()
	people := []map[Column]string{
		{ColNameLatin: "ZHANG Wei", ColNameNative: "张伟", ColNationality: "CN", ColResidence: "CN", ColEmployer: "Peking University",
			ColEmployerKind: "public_university", ColPosition: "Professor", ColEmail: "zhang.wei@pku.edu.cn", ColLanguages: "zh;en",
			ColPhone: "+86 10 6275 1234", ColBirthDate: "1970-03-05", ColNotes: "Prefers 中文 materials"},
		{ColNameLatin: "Jane Doe", ColNationality: "US;GB", ColEmployerKind: "ngo", ColEmail: "jane@example.org"},
	}
	for _, lang := range []string{"en", "zh"} {
		for _, format := range []string{"csv", "xlsx"} {
			t.Run(format+"-"+lang, func(t *testing.T) {
				var buf bytes.Buffer
				var err error
				if format == "csv" {
					err = WriteCSV(&buf, Header(cols, lang), Records(cols, people))
				} else {
					err = WriteXLSX(&buf, "参会者", Header(cols, lang), Records(cols, people))
				}
				if err != nil {
					t.Fatal(err)
				}
				res, err := Read(&buf, Options{Now: fixedNow})
				if err != nil {
					t.Fatal(err)
				}
				if res.Format != format {
					t.Errorf("format = %q", res.Format)
				}
				// The apostrophe that neutralised the phone number is removed again on import.
				if len(res.Problems) != 0 {
					t.Errorf("problems = %v", res.Problems)
				}
				for i, p := range people {
					for c, v := range p {
						if got := res.Rows[i].Values[c]; got != v {
							t.Errorf("row %d %s = %q, want %q", i+2, c, got, v)
						}
					}
				}
			})
		}
	}
}

func TestWriteRejectsRowWiderThanHeader(t *testing.T) {
	if err := WriteCSV(&bytes.Buffer{}, []string{"a"}, [][]string{{"1", "2"}}); err == nil {
		t.Error("WriteCSV accepted a row wider than the header")
	}
	if err := WriteXLSX(&bytes.Buffer{}, "", []string{"a"}, [][]string{{"1", "2"}}); err == nil {
		t.Error("WriteXLSX accepted a row wider than the header")
	}
}

func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"=1+1", "+1", "-1", "@x", "\t=1", "\r=1", "plain", "", "'=1", "张伟"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Neutralize(s)
		if got != "" && strings.ContainsRune(formulaStarts, rune(got[0])) {
			t.Fatalf("Neutralize(%q) = %q starts with a formula character", s, got)
		}
		if got != s && got != "'"+s {
			t.Fatalf("Neutralize(%q) = %q changed more than a prefix", s, got)
		}
		if Neutralize(got) != got {
			t.Fatalf("Neutralize is not idempotent on %q", s)
		}
	})
}
