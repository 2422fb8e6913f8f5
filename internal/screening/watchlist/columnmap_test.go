package watchlist

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	watchlistfiles "github.com/tracktwo/tracktwo/configs/watchlists"
)

func TestShippedColumnMapsLoad(t *testing.T) {
	files, err := fs.Glob(watchlistfiles.FS, "*.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("shipped maps: %v %v", files, err)
	}
	for _, f := range files {
		if _, err := BuiltinMap(strings.TrimSuffix(f, ".yaml")); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestExampleCustomMapImportsItsDocumentedCSV(t *testing.T) {
	m, err := BuiltinMap("example-custom")
	if err != nil {
		t.Fatal(err)
	}
	data := "id,full_name,other_names,person_or_org,born,nationality,country,notes\n" +
		"X-1,\"ZHANG, San\",\"Zhang San|張三\",person,1970-03-02,CN,CN,\"met 2023\"\n" +
		"X-2,Acme Trading,n/a,organisation,n/a,-,\"12 Harbour Rd, Wan Chai, HK\",\n"
	var got []*Entry
	st, err := m.ImportReader(context.Background(), strings.NewReader(data), "mine.csv", func(e *Entry) error { got = append(got, e); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 2 {
		t.Fatalf("entries = %d", st.Entries)
	}
	z := got[0]
	if z.Kind != KindIndividual || z.ListID != "example-custom" || len(z.Aliases) != 2 || z.Aliases[1].Name != "張三" ||
		z.BirthDates[0] != (BirthDate{Text: "1970-03-02", Year: 1970, Month: 3, Day: 2}) || z.Nationalities[0] != "CN" {
		t.Errorf("ZHANG, San = %+v", z)
	}
	a := got[1]
	if a.Kind != KindEntity || len(a.Aliases) != 0 || len(a.BirthDates) != 0 || len(a.Nationalities) != 0 ||
		a.Addresses[0].Country != "HK" || a.Addresses[0].Street != "12 Harbour Rd, Wan Chai" {
		t.Errorf("Acme = %+v", a)
	}
}

const jsonlMap = `list_id: jsonl-list
format: jsonl
fields:
  entry_id: id
  name: names.primary
  aliases: names.other
  kind: type
  birth_dates: dob
  remarks: remarks
remarks_format: ofac
`

func TestImportJSONL(t *testing.T) {
	m, err := ParseColumnMap("jsonl.yaml", []byte(jsonlMap))
	if err != nil {
		t.Fatal(err)
	}
	data := `{"id": 7, "names": {"primary": "WEI, Zhang", "other": ["ZHANG Wei", {"name": "张伟"}]}, "type": "individual", "dob": ["1980", "circa 1981"]}

{"id": "8", "names": {"primary": "ACME"}, "remarks": "nationality China; a.k.a. 'ACME HK'."}
`
	var got []*Entry
	if _, err := m.ImportReader(context.Background(), strings.NewReader(data), "l.jsonl", func(e *Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].EntryID != "7" || len(got[0].Aliases) != 2 || got[0].Aliases[1].Name != "张伟" ||
		len(got[0].BirthDates) != 2 || !got[0].BirthDates[1].Circa || got[0].BirthDates[1].Year != 1981 {
		t.Fatalf("entries = %+v", got)
	}
	if got[1].Nationalities[0] != "China" || got[1].Aliases[0].Name != "ACME HK" || !got[1].Aliases[0].Weak {
		t.Errorf("remarks not parsed: %+v", got[1])
	}
}

func TestImportJSONLErrors(t *testing.T) {
	m, err := ParseColumnMap("jsonl.yaml", []byte(jsonlMap))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, where string
		kind              error
	}{
		{"rejects-truncated-json-with-line", "{\"id\": 1, \"names\": {\"primary\": \"A\"}}\n{\"id\": 2,\n", "l.jsonl:2: not a JSON object", ErrSyntax},
		{"rejects-array-line", "[1,2]\n", "l.jsonl:1:", ErrSyntax},
		{"rejects-missing-name-with-key", "{\"id\": 1}\n", "l.jsonl:1: field names.primary: the entry has no name", ErrMissingName},
		{"rejects-invalid-utf8", "{\"id\": 1, \"names\": {\"primary\": \"\xff\"}}\n", "l.jsonl:1: not valid UTF-8", ErrEncoding},
		{"rejects-overlong-line", "{\"x\": \"" + strings.Repeat("a", maxRowBytes+10) + "\"}\n", "l.jsonl:1:", ErrRowTooLarge},
		{"rejects-empty-file", "\n\n", "l.jsonl: the file holds no entries", ErrEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.ImportReader(context.Background(), strings.NewReader(tc.data), "l.jsonl", func(*Entry) error { return nil })
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.where) {
				t.Errorf("err = %v, want %v containing %q", err, tc.kind, tc.where)
			}
		})
	}
}

func TestImportCSVRejectsOversizedRow(t *testing.T) {
	m, err := BuiltinMap("example-custom")
	if err != nil {
		t.Fatal(err)
	}
	data := "id,full_name,other_names,person_or_org,born,nationality,country,notes\n1,\"" + strings.Repeat("x", 3*maxRowBytes) + "\",,,,,,\n"
	_, err = m.ImportReader(context.Background(), strings.NewReader(data), "big.csv", func(*Entry) error { return nil })
	if !errors.Is(err, ErrRowTooLarge) {
		t.Errorf("err = %v, want ErrRowTooLarge", err)
	}
}

func TestWindows1252Encoding(t *testing.T) {
	m, err := ParseColumnMap("w.yaml", []byte("list_id: w\nformat: csv\nheader: true\nencoding: windows-1252\nfields:\n  name: name\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got string
	_, err = m.ImportReader(context.Background(), bytes.NewReader([]byte("name\nCAF\xc9 \x93CUBA\x94\n")), "w.csv", func(e *Entry) error { got = e.Name; return nil })
	if err != nil || got != "CAFÉ “CUBA”" {
		t.Errorf("name = %q, err = %v", got, err)
	}
}

func TestParseColumnMapErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"rejects-unknown-key-with-line", "list_id: x\nformat: csv\nheadr: true\nfields: {name: a}\n", "x.yaml:3: line 3: field headr not found"},
		{"rejects-unknown-field", "list_id: x\nformat: csv\nheader: true\nfields: {name: a, birthday: b}\n", `unknown field "birthday"`},
		{"rejects-unmapped-name", "list_id: x\nformat: csv\nheader: true\nfields: {title: a}\n", "the name field must be mapped"},
		{"rejects-bad-format", "list_id: x\nformat: xml\nfields: {name: a}\n", `format "xml"`},
		{"rejects-name-column-not-index-without-header", "list_id: x\nformat: csv\nfields: {name: a}\n", "0-based index"},
		{"rejects-bad-pattern", "list_id: x\nformat: csv\nheader: true\nfields: {name: {column: a, pattern: '('}}\n", "pattern"},
		{"rejects-related-file-path", "list_id: x\nformat: csv\nfields: {name: 1, entry_id: 0}\naliases_file: {file: ../alt.csv, columns: 5, name: 3}\n", "plain file name"},
		{"rejects-bad-kind", "list_id: x\nformat: csv\nheader: true\nfields: {name: a}\nkinds: {p: person}\n", `kind "person"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseColumnMap("x.yaml", []byte(tc.yaml))
			if !errors.Is(err, ErrBadColumnMap) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrBadColumnMap containing %q", err, tc.want)
			}
		})
	}
}

func TestParseBirthDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     BirthDate
	}{
		{"parses-day-month-year", "18 Sep 1972", BirthDate{Text: "18 Sep 1972", Year: 1972, Month: 9, Day: 18}},
		{"parses-month-year", "Sep 1972", BirthDate{Text: "Sep 1972", Year: 1972, Month: 9}},
		{"parses-year", "1965", BirthDate{Text: "1965", Year: 1965}},
		{"parses-circa", "circa 1960", BirthDate{Text: "circa 1960", Year: 1960, Circa: true}},
		{"parses-year-range", "1964 to 1966", BirthDate{Text: "1964 to 1966", Year: 1964, YearTo: 1966}},
		{"parses-date-range-in-one-year", "01 Jan 1973 to 31 Dec 1973", BirthDate{Text: "01 Jan 1973 to 31 Dec 1973", Year: 1973, Month: 1, Day: 1}},
		{"parses-iso-date", "1972-09-18", BirthDate{Text: "1972-09-18", Year: 1972, Month: 9, Day: 18}},
		{"keeps-unparseable-text", "unknown", BirthDate{Text: "unknown"}},
		{"drops-impossible-month", "1972-13-01", BirthDate{Text: "1972-13-01", Year: 1972}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ParseBirthDate(tc.in); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}
