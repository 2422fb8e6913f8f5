package watchlist

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const fixtures = "../testdata/watchlists"

func collectSDN(t testing.TB, fsys fstest.MapFS) ([]*Entry, Stats, error) {
	t.Helper()
	var out []*Entry
	st, err := ImportSDN(context.Background(), fsys, func(e *Entry) error { out = append(out, e); return nil })
	return out, st, err
}

func fixtureFS(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, n := range []string{"sdn.csv", "alt.csv", "add.csv"} {
		data, err := os.ReadFile(fixtures + "/" + n)
		if err != nil {
			t.Fatal(err)
		}
		fsys[n] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func TestImportSDNFixture(t *testing.T) {
	entries, st, err := collectSDN(t, fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 7379 || st.Entries != 7379 {
		t.Fatalf("imported %d entries (stats %d), want 7,379", len(entries), st.Entries)
	}
	if st.Join != JoinMerge || st.Orphans != 0 {
		t.Errorf("join = %s, orphans = %d; want merge, 0", st.Join, st.Orphans)
	}
	if st.Rows["alt.csv"] != 9682 || st.Rows["add.csv"] != 11696 {
		t.Errorf("rows = %v", st.Rows)
	}
	byID := map[string]*Entry{}
	strong := 0
	for _, e := range entries {
		byID[e.EntryID] = e
		for _, a := range e.Aliases {
			if !a.Weak {
				strong++
			}
		}
	}
	if strong != 9682 {
		t.Errorf("%d aliases from alt.csv joined, want all 9,682", strong)
	}

	li := byID["11447"]
	if li == nil || li.Name != "LI, Fangwei" || li.Kind != KindIndividual {
		t.Fatalf("LI, Fangwei = %+v", li)
	}
	if len(li.BirthDates) != 1 || li.BirthDates[0] != (BirthDate{Text: "18 Sep 1972", Year: 1972, Month: 9, Day: 18}) {
		t.Errorf("LI, Fangwei birth dates = %+v", li.BirthDates)
	}
	if strings.Join(li.Nationalities, ",") != "China" || strings.Join(li.Programs, ",") != "NPWMD,IFSR" {
		t.Errorf("LI, Fangwei nationalities %v programs %v", li.Nationalities, li.Programs)
	}
	if len(li.Aliases) != 1 || li.Aliases[0].Name != "LEE, Karl" || li.Aliases[0].Type != AliasAKA {
		t.Errorf("LI, Fangwei aliases = %+v", li.Aliases)
	}

	wong := byID["9340"]
	if wong == nil || len(wong.BirthDates) != 6 || wong.BirthDates[0].Year != 1961 || wong.BirthDates[1].Year != 1945 {
		t.Fatalf("WONG, Moon Chi birth dates = %+v", wong)
	}
	if !hasAliasNamed(wong, "ZHANG, Jiangping", false) || !hasAliasNamed(wong, "CHI BANG", true) {
		t.Errorf("WONG, Moon Chi aliases miss the alt.csv or the weak remark alias: %+v", wong.Aliases)
	}
	if strings.Join(wong.Citizenships, ",") != "China,Cambodia" || strings.Join(wong.PlacesOfBirth, ",") != "China" {
		t.Errorf("WONG, Moon Chi citizenships %v POB %v", wong.Citizenships, wong.PlacesOfBirth)
	}

	bank := byID["306"]
	if bank == nil || bank.Kind != KindEntity || len(bank.Addresses) != 4 || bank.Addresses[0].Country != "Switzerland" {
		t.Errorf("BANCO NACIONAL DE CUBA = %+v", bank)
	}

	// Every Chinese individual with a DOB in the remarks has a parsed year.
	chinese, parsed := 0, 0
	for _, e := range entries {
		if e.Kind != KindIndividual || !contains(e.Nationalities, "China") {
			continue
		}
		for _, d := range e.BirthDates {
			chinese++
			if d.Year >= 1900 && d.Year <= 2010 {
				parsed++
			}
		}
	}
	if chinese < 10 || parsed != chinese {
		t.Errorf("Chinese individuals' DOBs: %d parsed of %d", parsed, chinese)
	}
}

func hasAliasNamed(e *Entry, name string, weak bool) bool {
	for _, a := range e.Aliases {
		if a.Name == name && a.Weak == weak {
			return true
		}
	}
	return false
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestImportSDNIndexesUnsortedRelatedFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"sdn.csv": {Data: []byte("10,\"A, B\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960\"\n" +
			"20,\"C CORP\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n")},
		"alt.csv": {Data: []byte("20,2,\"fka\",\"OLD C\",-0- \n10,1,\"aka\",\"AB\",-0- \n99,3,\"aka\",\"ORPHAN\",-0- \n")},
		"add.csv": {Data: []byte("20,5,-0- ,\"Tehran\",\"Iran\",-0- \n")},
	}
	entries, st, err := collectSDN(t, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if st.Join != JoinIndex || st.Orphans != 1 || len(entries) != 2 {
		t.Fatalf("stats = %+v", st)
	}
	if entries[0].Aliases[0].Name != "AB" || entries[1].Aliases[0].Type != AliasFKA || entries[1].Addresses[0].City != "Tehran" {
		t.Errorf("entries = %+v %+v", entries[0], entries[1])
	}
}

func TestImportSDNErrors(t *testing.T) {
	good := fixtureFS(t)
	row := func(s string) []byte { return []byte(s) }
	tests := []struct {
		name  string
		file  string
		data  []byte
		kind  error
		where string
	}{
		{"rejects-short-row-with-line", "sdn.csv", row("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n173,\"X\",-0-\n"),
			ErrColumnCount, "sdn.csv:2: 3 columns, want 12"},
		{"rejects-missing-name-with-column", "sdn.csv", row("36,-0- ,-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"),
			ErrMissingName, "sdn.csv:1: column 2 (name): the entry has no name"},
		{"rejects-invalid-utf8-with-column", "sdn.csv", row("36,\"CAF\xe9 CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"),
			ErrEncoding, "sdn.csv:1: column 2: not valid UTF-8"},
		{"rejects-bare-quote", "sdn.csv", row("36,\"A\"B\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"),
			ErrSyntax, "sdn.csv:1:"},
		{"rejects-bad-alias-row", "alt.csv", row("36,12,\"aka\",\"AERO-CARIBBEAN\"\n"),
			ErrColumnCount, "alt.csv:1: 4 columns, want 5"},
		{"rejects-empty-main-file", "sdn.csv", row(""), ErrEmpty, "sdn.csv: the file holds no entries"},
		{"rejects-empty-entry-id", "sdn.csv", row("-0- ,\"X\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"),
			ErrBadValue, "sdn.csv:1: column 1: empty entry id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range good {
				fsys[k] = v
			}
			fsys[tc.file] = &fstest.MapFile{Data: tc.data}
			delivered := 0
			_, err := ImportSDN(context.Background(), fsys, func(*Entry) error { delivered++; return nil })
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.where) {
				t.Errorf("err = %q, want it to contain %q", err, tc.where)
			}
			if delivered != 0 {
				t.Errorf("%d entries delivered before a malformed file was rejected", delivered)
			}
		})
	}
}

func TestImportSDNHandlesCtrlZAndMissingRelatedFile(t *testing.T) {
	fsys := fstest.MapFS{
		"sdn.csv": {Data: []byte("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a")},
		"alt.csv": {Data: []byte("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n\x1a")},
		"add.csv": {Data: []byte("\x1a")},
	}
	entries, _, err := collectSDN(t, fsys)
	if err != nil || len(entries) != 1 || entries[0].Aliases[0].Name != "AERO-CARIBBEAN" {
		t.Fatalf("entries %+v err %v", entries, err)
	}
	delete(fsys, "add.csv")
	if _, _, err := collectSDN(t, fsys); err == nil || !strings.Contains(err.Error(), "add.csv") {
		t.Errorf("missing add.csv: err = %v", err)
	}
}

func TestImportStopsOnHandlerErrorAndCancel(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := ImportSDN(context.Background(), fixtureFS(t), func(*Entry) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("err = %v after %d entries", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ImportSDN(ctx, fixtureFS(t), func(*Entry) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: err = %v", err)
	}
}

func TestImportCSLSample(t *testing.T) {
	f, err := os.Open(fixtures + "/csl-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var entries []*Entry
	st, err := ImportCSL(context.Background(), f, "csl-sample.csv", func(e *Entry) error { entries = append(entries, e); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 115 || len(entries) != 115 {
		t.Fatalf("imported %d entries, want 115", st.Entries)
	}
	sources := map[string]int{}
	ids := map[string]bool{}
	for _, e := range entries {
		sources[e.Source]++
		if ids[e.EntryID] {
			t.Errorf("duplicate entry id %s", e.EntryID)
		}
		ids[e.EntryID] = true
	}
	if sources["SDN"] != 28 || sources["EL"] != 22 || sources["UVL"] != 4 {
		t.Errorf("sources = %v", sources)
	}
	var canada *Entry
	for _, e := range entries {
		if e.EntryID == "8124" {
			canada = e
		}
	}
	if canada == nil || len(canada.Aliases) != 2 || canada.Aliases[1].Name != "HAVANTUR CANADA INC." ||
		canada.Addresses[0].Country != "CA" || canada.Addresses[0].Street != "818 rue Sherbrooke East, Montreal, Quebec, H2L 1K3" {
		t.Errorf("2904977 CANADA, INC. = %+v", canada)
	}
}

func TestImportCSLErrors(t *testing.T) {
	header := "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n"
	tests := []struct {
		name, data, where string
		kind              error
	}{
		{"rejects-missing-name-column", "source,type\nX,Entity\n", `csl.csv:1: field name: column "name" (for name) is not in the header`, ErrBadColumnMap},
		{"rejects-row-with-extra-column", header + "Entity List (EL) - BIS,,Entity,,ACME,,,,,,,,,,,,,,,,,,,,,,,,extra\n", "csl.csv:2: 29 columns, want 28", ErrColumnCount},
		{"rejects-row-without-name", header + "Entity List (EL) - BIS,,Entity,,,,,,,,,,,,,,,,,,,,,,,,,\n", "csl.csv:2: column 5 (name): the entry has no name", ErrMissingName},
		{"rejects-header-only-file", header, "csl.csv: the file holds no entries", ErrEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ImportCSL(context.Background(), strings.NewReader(tc.data), "csl.csv", func(*Entry) error { return nil })
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.where) {
				t.Errorf("err = %v, want %v containing %q", err, tc.kind, tc.where)
			}
		})
	}
}
