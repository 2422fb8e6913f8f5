package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX in memory: sheets in order, each a map of cell reference to value
// (a value starting with "=" becomes a formula).
func workbook(t *testing.T, hidden string, sheets []string, cells map[string]map[string]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for ref, v := range cells[name] {
			var err error
			if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
				err = f.SetCellFormula(name, ref, s[1:])
			} else {
				err = f.SetCellValue(name, ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if hidden != "" {
		f.SetActiveSheet(1)
		if err := f.SetSheetVisible(hidden, false); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := workbook(t, "Lookup", []string{"Lookup", "参会者"}, map[string]map[string]any{
		"Lookup": {"A1": "not the participant sheet"},
		"参会者": {
			"A1": "姓名（拉丁）", "B1": "姓名(原文)", "C1": "国籍", "D1": "电子邮箱", "E1": "出生日期", "F1": "单位类型",
			"A2": "ZHANG Wei", "B2": "张伟", "C2": "中国", "D2": "zw@pku.edu.cn", "E2": 1970, "F2": "公立大学",
			"A3": "Jane Doe", "C3": "=\"U\"&\"S\"", "D3": "bad@", "F3": "ngo",
			// row 4 left empty
			"A5": "Li Na", "C5": "Narnia",
		},
	})
	res, err := Read(bytes.NewReader(data), Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "xlsx" || res.Sheet != "参会者" {
		t.Errorf("format %q sheet %q", res.Format, res.Sheet)
	}
	if got := strings.Join(problemCodes(res), " "); got != "D3:invalid_email C5:invalid_country" {
		t.Errorf("problems = %s", got)
	}
	if len(res.Rows) != 3 || res.Rows[0].Line != 2 || res.Rows[1].Line != 3 || res.Rows[2].Line != 5 {
		t.Fatalf("rows = %+v", res.Rows)
	}
	r := res.Rows[0].Values
	if r[ColNameLatin] != "ZHANG Wei" || r[ColNationality] != "CN" || r[ColBirthDate] != "1970" || r[ColEmployerKind] != "public_university" {
		t.Errorf("row 2 = %v", r)
	}
	// A formula cell is read as its computed value, once Excel has stored one; excelize does
	// not compute, so a fresh workbook's formula cell reads as empty: never as formula text.
	if v := res.Rows[1].Values[ColNationality]; v != "" && v != "US" {
		t.Errorf("formula cell read as %q", v)
	}
}

func TestReadXLSXNamedSheet(t *testing.T) {
	data := workbook(t, "", []string{"A", "B"}, map[string]map[string]any{
		"A": {"A1": "name", "A2": "From A"},
		"B": {"A1": "name", "A2": "From B"},
	})
	res, err := ReadXLSX(bytes.NewReader(data), Options{Sheet: "B"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows[0].Values[ColNameLatin] != "From B" {
		t.Errorf("rows = %+v", res.Rows)
	}
	if _, err := ReadXLSX(bytes.NewReader(data), Options{Sheet: "C"}); !errors.Is(err, ErrMalformed) {
		t.Errorf("missing sheet: err = %v", err)
	}
}

func TestReadXLSXFileErrors(t *testing.T) {
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("not a workbook"))
	zw.Close()

	big := map[string]any{"A1": "name", "B1": "notes"}
	for i := 2; i < 400; i++ {
		big[CellRef(0, i)] = "Person"
		big[CellRef(1, i)] = strings.Repeat("a", 2000) + CellRef(1, i)
	}
	bomb := workbook(t, "", []string{"S"}, map[string]map[string]any{"S": big})

	wide := map[string]any{}
	for i := 0; i < 5; i++ {
		wide[CellRef(i, 1)] = "name"
	}
	tests := []struct {
		name string
		data []byte
		opts Options
		err  error
	}{
		{"refuses-zip-that-is-not-a-workbook", plainZip.Bytes(), Options{}, ErrMalformed},
		{"refuses-truncated-workbook", bomb[:len(bomb)/2], Options{}, ErrMalformed},
		{"refuses-high-compression-ratio", bomb, Options{MaxBytes: int64(len(bomb)) + 10}, ErrTooLarge},
		{"refuses-too-many-rows", bomb, Options{MaxRows: 100}, ErrTooManyRows},
		{"refuses-too-many-columns", workbook(t, "", []string{"S"}, map[string]map[string]any{"S": wide}), Options{MaxColumns: 3}, ErrTooManyColumns},
		{"refuses-empty-sheet", workbook(t, "", []string{"S"}, nil), Options{}, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadXLSX(bytes.NewReader(tt.data), tt.opts)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
		})
	}
}

func FuzzReadXLSX(f *testing.F) {
	// Seeds live in testdata/fuzz/FuzzReadXLSX (small workbooks written by excelize, and
	// damaged copies); f.Add adds one more built here.
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadXLSX(bytes.NewReader(data), Options{MaxBytes: 1 << 20, MaxRows: 100, Now: fixedNow})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a *FileError: %v", err)
			}
			return
		}
		last := 0
		for _, r := range res.Rows {
			if r.Line <= last {
				t.Fatalf("row numbers not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
		}
	})
}

func TestWriteFuzzXLSXSeeds(t *testing.T) {
	if os.Getenv("TABULAR_WRITE_SEEDS") == "" {
		t.Skip("set TABULAR_WRITE_SEEDS=1 to regenerate testdata/fuzz/FuzzReadXLSX")
	}
	good := workbook(t, "", []string{"S"}, map[string]map[string]any{"S": {
		"A1": "姓名(拉丁)", "B1": "国籍", "C1": "Email", "A2": "Li Na", "B2": "CN", "C2": "li@example.cn", "A4": "Jo", "B4": "=1+1",
	}})
	for name, data := range map[string][]byte{"seed-good": good, "seed-truncated": good[:len(good)*2/3]} {
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.MkdirAll("testdata/fuzz/FuzzReadXLSX", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/fuzz/FuzzReadXLSX/"+name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
