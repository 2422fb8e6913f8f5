package watchlist

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	watchlistfiles "github.com/tracktwo/tracktwo/configs/watchlists"
)

// checkEntry asserts what every delivered entry guarantees.
func checkEntry(t *testing.T, e *Entry) {
	t.Helper()
	if e.Name == "" || e.EntryID == "" || !validKind(e.Kind) {
		t.Fatalf("invalid entry delivered: %+v", e)
	}
	if !utf8.ValidString(e.Name) {
		t.Fatalf("invalid UTF-8 name %q", e.Name)
	}
}

func checkImportError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
}

func FuzzImportSDN(f *testing.F) {
	f.Add([]byte("306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\n"),
		[]byte("306,220,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \n"),
		[]byte("306,199,\"Zweierstrasse 35\",\"Zurich CH-8022\",\"Switzerland\",-0- \n"))
	f.Add([]byte("11447,\"LI, Fangwei\",\"individual\",\"NPWMD] [IFSR\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 18 Sep 1972; nationality China.\"\n"),
		[]byte("11447,1,\"aka\",\"LEE, Karl\",-0- \n5,2,\"fka\",\"X\",-0- \n"), []byte("\x1a"))
	f.Fuzz(func(t *testing.T, sdn, alt, add []byte) {
		fsys := fstest.MapFS{"sdn.csv": {Data: sdn}, "alt.csv": {Data: alt}, "add.csv": {Data: add}}
		_, err := ImportSDN(context.Background(), fsys, func(e *Entry) error { checkEntry(t, e); return nil })
		checkImportError(t, err)
	})
}

func FuzzImportCSL(f *testing.F) {
	header := "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"
	f.Add([]byte(header + "Specially Designated Nationals (SDN) - Treasury Department,8124,Entity,CUBA,\"2904977 CANADA, INC.\",,\"818 rue Sherbrooke East, Montreal, Quebec, H2L 1K3, CA\",,,,,,,,,,,,,,http://bit.ly/1I7ipyR,CARIBE SOL; HAVANTUR CANADA INC.,,,,,http://bit.ly/1MLgpye,\n"))
	f.Add([]byte(header + "Entity List (EL) - Bureau of Industry and Security,,,,ACME,,,,,,,,,,,,,,,,,,,1965; circa 1970,,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ImportCSL(context.Background(), strings.NewReader(string(data)), "csl.csv", func(e *Entry) error { checkEntry(t, e); return nil })
		checkImportError(t, err)
	})
}

func FuzzImportJSONL(f *testing.F) {
	m, err := ParseColumnMap("jsonl.yaml", []byte(jsonlMap))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"id": 7, "names": {"primary": "WEI, Zhang", "other": ["ZHANG Wei", {"name": "张伟"}]}, "type": "individual", "dob": ["1980"]}` + "\n"))
	f.Add([]byte(`{"id": "8", "names": {"primary": "ACME"}, "remarks": "DOB 1960 to 1962; a.k.a. 'A'."}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := m.ImportReader(context.Background(), strings.NewReader(string(data)), "l.jsonl", func(e *Entry) error { checkEntry(t, e); return nil })
		checkImportError(t, err)
	})
}

func FuzzParseColumnMap(f *testing.F) {
	f.Add([]byte(jsonlMap))
	for _, n := range []string{"ofac-sdn.yaml", "csl.yaml", "example-custom.yaml"} {
		if data, err := fs.ReadFile(watchlistfiles.FS, n); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("list_id: x\nformat: csv\nheader: true\nfields: {name: a}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseColumnMap("m.yaml", data)
		checkImportError(t, err)
		if err == nil {
			// A valid map imports a small file without panicking.
			_, err = m.ImportReader(context.Background(), strings.NewReader("a,b,c\n1,2,3\n"), "x", func(*Entry) error { return nil })
			_ = err
		}
	})
}

func FuzzParseBirthDate(f *testing.F) {
	for _, s := range []string{"18 Sep 1972", "circa 1960", "1964 to 1966", "1972-09-18", "18/09/1972", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bd := ParseBirthDate(s)
		if bd.Month < 0 || bd.Month > 12 || bd.Day < 0 || bd.Day > 31 {
			t.Fatalf("ParseBirthDate(%q) = %+v", s, bd)
		}
	})
}
