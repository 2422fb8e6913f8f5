package tabular

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }

func readCSVString(t *testing.T, s string, opts Options) *Result {
	t.Helper()
	opts.Now = fixedNow
	res, err := ReadCSV(strings.NewReader(s), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func problemCodes(res *Result) []string {
	var out []string
	for _, p := range res.Problems {
		out = append(out, p.Cell+":"+p.Code)
	}
	return out
}

func TestReadCSVNormalisesValues(t *testing.T) {
	in := "\uFEFFName (Latin),Name (native),Nationality,Residence,Employer,Employer kind,Position,E-mail,Languages,Date of birth\r\n" +
		"ZHANG Wei,张伟,\"China, Hong Kong\",中国,Peking University,公立大学,Professor,Zhang.Wei@PKU.EDU.CN,\"中文, English\",1970-3-5\r\n" +
		"  Jane   Doe ,,usa,United States,Brookings,Think tank,  Senior  Fellow ,,en,1980\r\n"
	res := readCSVString(t, in, Options{})
	if res.Encoding != "UTF-8 with BOM" || res.Format != "csv" {
		t.Errorf("format %q encoding %q", res.Format, res.Encoding)
	}
	if len(res.Problems) != 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	if len(res.Rows) != 2 {
		t.Fatalf("rows = %d", len(res.Rows))
	}
	r := res.Rows[0]
	want := map[Column]string{
		ColNameLatin: "ZHANG Wei", ColNameNative: "张伟", ColNationality: "CN;HK", ColResidence: "CN",
		ColEmployer: "Peking University", ColEmployerKind: "public_university", ColPosition: "Professor",
		ColEmail: "Zhang.Wei@pku.edu.cn", ColLanguages: "zh;en", ColBirthDate: "1970-03-05",
	}
	for c, v := range want {
		if r.Values[c] != v {
			t.Errorf("%s = %q, want %q", c, r.Values[c], v)
		}
	}
	if r.Line != 2 || !r.Valid || r.Key != "email:zhang.wei@pku.edu.cn" {
		t.Errorf("row = line %d valid %v key %q", r.Line, r.Valid, r.Key)
	}
	r2 := res.Rows[1]
	if r2.Values[ColNameLatin] != "Jane Doe" || r2.Values[ColPosition] != "Senior Fellow" || r2.Values[ColEmployerKind] != "research_institute" ||
		r2.Values[ColNationality] != "US" || r2.Values[ColBirthDate] != "1980" || r2.Key != "name:jane doe||brookings" {
		t.Errorf("row 3 = %+v", r2)
	}
}

func TestReadCSVReportsProblemsWhereTheUserSeesThem(t *testing.T) {
	in := "姓名(拉丁),姓名（原文）,国籍,单位类型,电子邮箱,Shoe size,电子邮件,出生日期\n" +
		"Li Na,李娜,CN,ngo,li.na@example.cn,42,x@y.z,1975\n" +
		"\"Wang\nFang\",王芳,Atlantis,casino,not-an-email,,,2030-01-01\n" +
		"\n" +
		"张三,,CN,,,,,\n" +
		",,CN,,,,,\n" +
		"Li Na,,US,,LI.NA@example.cn,,,\n"
	res := readCSVString(t, in, Options{})
	got := strings.Join(problemCodes(res), " ")
	want := "F1:unknown_column G1:duplicate_column C3:invalid_country D3:invalid_employer_kind E3:invalid_email H3:invalid_birth_date A5:not_latin :missing_name :duplicate_row"
	if got != want {
		t.Errorf("problems =\n%s\nwant\n%s", got, want)
	}
	// Row numbers follow the spreadsheet: the quoted two-line cell is one row (3), the blank
	// line is row 4.
	var lines []int
	for _, r := range res.Rows {
		lines = append(lines, r.Line)
	}
	if len(lines) != 5 || lines[0] != 2 || lines[1] != 3 || lines[2] != 5 || lines[3] != 6 || lines[4] != 7 {
		t.Errorf("row lines = %v, want [2 3 5 6 7]", lines)
	}
	for _, p := range res.Problems {
		if p.Code == "missing_name" && p.Row != 6 || p.Code == "duplicate_row" && (p.Row != 7 || !strings.Contains(p.Message, "row 2")) {
			t.Errorf("problem %v", p)
		}
		if p.Code == "invalid_email" && (p.Column != "电子邮箱" || p.Field != ColEmail || p.String() != `row 3, 电子邮箱 (E3): "not-an-email" is not an e-mail address`) {
			t.Errorf("email problem = %+v / %s", p, p)
		}
	}
	if res.Rows[0].Valid != true || res.Rows[1].Valid || res.Rows[2].Valid || !res.HasErrors() || len(res.ValidRows()) != 1 {
		t.Errorf("validity: %v %v %v", res.Rows[0].Valid, res.Rows[1].Valid, res.Rows[2].Valid)
	}
	if res.Header[6].Column != "" || res.Header[4].Column != ColEmail {
		t.Errorf("header = %+v", res.Header)
	}
}

func TestReadCSVMissingNameColumn(t *testing.T) {
	res := readCSVString(t, "email,nationality\na@b.org,US\n", Options{})
	if got := strings.Join(problemCodes(res), " "); got != ":missing_name_column :missing_name" {
		t.Errorf("problems = %s", got)
	}
}

func TestReadCSVEncodings(t *testing.T) {
	plain := "姓名,国籍,工作单位\r\n张伟,中国,北京大学\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(plain)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(strings.ReplaceAll(plain, ",", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	utf16NoBOM, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().String(plain)
	tests := []struct {
		name, data, encoding string
		err                  error
	}{
		{"reads-utf8", plain, "UTF-8", nil},
		{"reads-utf8-bom", "\uFEFF" + plain, "UTF-8 with BOM", nil},
		{"decodes-gbk-from-chinese-excel", gbk, "GB18030", nil},
		{"decodes-utf16-tab-separated", utf16, "UTF-16LE", nil},
		{"refuses-utf16-without-bom", utf16NoBOM, "", ErrEncoding},
		{"refuses-latin1", "name,employer\r\nJos\xe9 Mar\xeda,Caf\xe9 S.A.\r\n", "", ErrEncoding},
		{"refuses-bom-with-bad-utf8", "\uFEFFname\n\xff\xfe\xfd\n", "", ErrEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadCSV(strings.NewReader(tt.data), Options{})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Encoding != tt.encoding {
				t.Errorf("encoding = %q, want %q", res.Encoding, tt.encoding)
			}
			if len(res.Rows) != 1 || res.Rows[0].Values[ColNameNative] != "张伟" || res.Rows[0].Values[ColNationality] != "CN" ||
				res.Rows[0].Values[ColEmployer] != "北京大学" {
				t.Errorf("rows = %+v, problems %v", res.Rows, res.Problems)
			}
		})
	}
}

func TestReadCSVDetectsSemicolons(t *testing.T) {
	res := readCSVString(t, "Name;Email;Notes\r\n\"Doe, Jane\";jane@example.org;a, b\r\n", Options{})
	if len(res.Rows) != 1 || res.Rows[0].Values[ColNameLatin] != "Doe, Jane" || res.Rows[0].Values[ColNotes] != "a, b" {
		t.Errorf("rows = %+v problems %v", res.Rows, res.Problems)
	}
}

func TestReadCSVFileErrors(t *testing.T) {
	many := "name\n" + strings.Repeat("x y\n", 11)
	tests := []struct {
		name, data string
		opts       Options
		err        error
		row        int
	}{
		{"refuses-bare-quote", "name,email\nJo \"Jo\" Doe,a@b.org\n", Options{}, ErrMalformed, 2},
		{"refuses-unclosed-quote", "name,email\n\"Jo,a@b.org\n", Options{}, ErrMalformed, 2},
		{"refuses-empty-file", "", Options{}, ErrEmpty, 0},
		{"refuses-oversized-file", many, Options{MaxBytes: 20}, ErrTooLarge, 0},
		{"refuses-too-many-rows", many, Options{MaxRows: 10}, ErrTooManyRows, 12},
		{"refuses-too-many-columns", "a,b,c,d\nx,y,z,w\n", Options{MaxColumns: 3}, ErrTooManyColumns, 1},
		{"refuses-old-xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", Options{}, ErrUnknownFormat, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.data), tt.opts)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Row != tt.row {
				t.Errorf("FileError = %+v, want row %d", fe, tt.row)
			}
		})
	}
}

func TestReadCSVCellTooLong(t *testing.T) {
	res := readCSVString(t, "name,notes\nJo,"+strings.Repeat("x", 30)+"\n", Options{MaxCellRunes: 20})
	if got := strings.Join(problemCodes(res), " "); got != "B2:too_long" {
		t.Errorf("problems = %s", got)
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"name,email\nJo,jo@example.org\n",
		"\uFEFF姓名(拉丁),国籍\r\n\"Li\nNa\",CN\r\n\r\n,\r\n",
		"Name;Email\n\"a;b\";x\n",
		"name\n\"unterminated\n",
		"\xff\xfe\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadCSV(strings.NewReader(string(data)), Options{MaxRows: 200, Now: fixedNow})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a *FileError: %v", err)
			}
			return
		}
		last := 1
		for _, r := range res.Rows {
			if r.Line <= last {
				t.Fatalf("row numbers not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			if r.Key != NaturalKey(r.Values) {
				t.Fatalf("key mismatch")
			}
		}
		for _, p := range res.Problems {
			if p.Row < 1 || p.Row > last+1 || p.Message == "" {
				t.Fatalf("bad problem %+v (last row %d)", p, last)
			}
		}
	})
}
