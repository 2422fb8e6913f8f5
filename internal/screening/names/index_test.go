package names

import (
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

func testIndex(t *testing.T) *Index {
	t.Helper()
	ix := NewIndex()
	for _, e := range []Entry{
		{ID: "23647", Names: []string{"ZHANG, Wei", "WEI, Zhang"}, BirthDates: []string{"circa 1965"}, Nationalities: []string{"China"}},
		{ID: "11447", Names: []string{"LI, Fangwei", "LEE, Karl", "LI, Fang Wei"}, BirthDates: []string{"18 Sep 1972"}, Nationalities: []string{"China"}, Employers: []string{"LIMMT ECONOMIC AND TRADE COMPANY, LTD."}},
		{ID: "9340", Names: []string{"WONG, Moon Chi", "ZHANG, Jiangping"}, BirthDates: []string{"18 Mar 1961", "21 Apr 1945"}, Nationalities: []string{"China"}},
		{ID: "500", Names: []string{"欧阳修远"}, BirthDates: []string{"1980"}, Nationalities: []string{"中国"}},
		{ID: "306", Names: []string{"BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA"}},
		{ID: "11353", Names: []string{"HAQ, Abdul", "SAIMAITI, Abdul", "QERMAN"}, BirthDates: []string{"10 Oct 1971"}, Nationalities: []string{"China"}},
	} {
		if err := ix.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

func TestSearchLevels(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		name  string
		q     Query
		id    string
		level Level
	}{
		{"common-name-only-needs-corroboration", Query{Name: "Zhang Wei"}, "23647", LevelNeedsCorroboration},
		{"common-name-hanzi-needs-corroboration", Query{Name: "張偉"}, "23647", LevelNeedsCorroboration},
		{"common-name-nationality-probable", Query{Name: "Zhang Wei", Nationality: "CN"}, "23647", LevelProbable},
		{"common-name-year-and-nationality-strong", Query{Name: "张伟", BirthDate: "1966", Nationality: "PRC"}, "23647", LevelStrong},
		{"common-name-other-birth-year-none", Query{Name: "Zhang Wei", BirthDate: "1990"}, "23647", LevelNone},
		{"full-birth-date-strong", Query{Name: "李方伟", BirthDate: "1972-09-18"}, "11447", LevelStrong},
		{"employer-and-year-strong", Query{Name: "Li Fang-wei", BirthDate: "1972", Employer: "LIMMT Economic & Trade Co Ltd"}, "11447", LevelStrong},
		{"employer-only-probable", Query{Name: "Fangwei Li", Employer: "Limmt Economic and Trade Company"}, "11447", LevelProbable},
		{"other-birth-year-demotes", Query{Name: "Li Fangwei", BirthDate: "1980", Nationality: "China"}, "11447", LevelNeedsCorroboration},
		{"cantonese-alias-found", Query{Name: "黄满志"}, "9340", LevelNeedsCorroboration},
		{"long-name-alone-probable", Query{Name: "Ouyang Xiuyuan"}, "500", LevelProbable},
		{"organisation-probable", Query{Name: "Banco Nacional de Cuba"}, "306", LevelProbable},
		{"western-name-order", Query{Name: "Abdul Haq", BirthDate: "10 October 1971"}, "11353", LevelStrong},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ix.Search(tc.q, 5)
			for _, c := range got {
				if c.EntryID == tc.id {
					if c.Level != tc.level {
						t.Fatalf("level %s, want %s (score %.3f, %v)", c.Level, tc.level, c.Score, c.Explanation)
					}
					if c.Score < 0 || c.Score > 1 || len(c.Explanation) == 0 {
						t.Fatalf("bad candidate %+v", c)
					}
					return
				}
			}
			t.Fatalf("entry %s not found; got %+v", tc.id, got)
		})
	}
}

func TestSearchKeepsApartNearNames(t *testing.T) {
	ix := testIndex(t)
	for _, q := range []string{"Zhang Wen", "张伟明", "Zhang Weiming", "Li Fangwen", "李芳偉明", "Ouyang Xiu", "Abdul Hamid", "Karl", "Dan Tianfang"} {
		if got := ix.Search(Query{Name: q}, 0); len(got) != 0 {
			t.Errorf("%q: want no candidate, got %+v", q, got)
		}
	}
}

func TestAddRejectsEntryWithoutName(t *testing.T) {
	ix := NewIndex()
	err := ix.Add(Entry{ID: "x", Names: []string{"", "  ", "!!"}})
	if !errors.Is(err, ErrEntry) {
		t.Fatalf("err = %v, want ErrEntry", err)
	}
	var ee *EntryError
	if !errors.As(err, &ee) || ee.ID != "x" {
		t.Fatalf("err = %#v", err)
	}
	if ix.Len() != 0 {
		t.Fatal("entry added")
	}
}

func TestLevelText(t *testing.T) {
	for l := LevelNone; l <= LevelStrong; l++ {
		b, _ := l.MarshalText()
		var back Level
		if err := back.UnmarshalText(b); err != nil || back != l {
			t.Fatalf("%s round trip: %v %v", b, back, err)
		}
	}
	var l Level
	if err := l.UnmarshalText([]byte("maybe")); err == nil {
		t.Fatal("accepted unknown level")
	}
}

// TestBlockingFindsWhatCompareMatches checks the index against a full scan:
// for queries derived from the SDN list (reordered, re-spelt), every entry
// that Compare matches must come out of Search.
func TestBlockingFindsWhatCompareMatches(t *testing.T) {
	entries := loadSDN(t)
	ix := loadSDNIndex(t)
	type al struct {
		id   string
		norm Normalized
	}
	var all []al
	for _, e := range entries {
		for _, n := range e.Names {
			all = append(all, al{e.ID, Normalize(n)})
		}
	}
	step := 199
	if testing.Short() {
		step = 997
	}
	var queries []string
	for i := 0; i < len(all); i += step {
		o := all[i].norm.Original
		queries = append(queries, o)
		if parts := strings.SplitN(o, ", ", 2); len(parts) == 2 {
			queries = append(queries, parts[1]+" "+strings.ToLower(parts[0]))
		}
	}
	queries = append(queries, "Zhang Wei", "Wei Zhang", "Chang Wei", "李方伟", "Wong Moon Chi", "Hsueh Ying Wei")
	start := time.Now()
	for _, q := range queries {
		qn := Normalize(q)
		found := map[string]bool{}
		for _, c := range ix.Search(Query{Name: q}, 0) {
			found[c.EntryID] = true
		}
		for _, a := range all {
			if r := compareNormalized(&qn, &a.norm, false); r.Match && !found[a.id] {
				t.Errorf("%q matches %q (entry %s, %.3f) but Search missed it", q, a.norm.Original, a.id, r.Score)
			}
		}
	}
	t.Logf("%d queries checked against %d aliases in %v", len(queries), len(all), time.Since(start))
}

func TestSearchConcurrentWithAdd(t *testing.T) {
	ix := testIndex(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if g == 0 {
					_ = ix.Add(Entry{ID: "c" + string(rune('a'+i%26)), Names: []string{"Chen Jing"}})
				} else if len(ix.Search(Query{Name: "Zhang Wei"}, 3)) == 0 {
					t.Error("lost a candidate while adding")
					return
				}
			}
		}(g)
	}
	wg.Wait()
	if ix.Len() != 56 {
		t.Fatalf("Len = %d, want 56", ix.Len())
	}
}

// TestBlockingFindsWhatCompareMatchesChinese does the same on synthetic,
// mostly Chinese names, with queries re-spelt across scripts and orders.
func TestBlockingFindsWhatCompareMatchesChinese(t *testing.T) {
	entries := genEntries(9, 3000)
	ix := NewIndex()
	type al struct {
		id   string
		norm Normalized
	}
	var all []al
	for _, e := range entries {
		if err := ix.Add(e); err != nil {
			t.Fatal(err)
		}
		for _, n := range e.Names {
			all = append(all, al{e.ID, Normalize(n)})
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	n := 300
	if testing.Short() {
		n = 60
	}
	var queries []string
	for i := 0; i < n; i++ {
		queries = append(queries, genName(r))
	}
	// Re-spellings of listed names: Wade-Giles and Cantonese spellings, reversed order.
	queries = append(queries, "Chang Wei", "Wong Fong", "Hsu Hsin", "Lau Yeung", "Wei Zhang", "Fang Wang", "WANG, Fang")
	matched := 0
	for _, q := range queries {
		qn := Normalize(q)
		found := map[string]bool{}
		for _, c := range ix.Search(Query{Name: q}, 0) {
			found[c.EntryID] = true
		}
		for _, a := range all {
			if r := compareNormalized(&qn, &a.norm, false); r.Match {
				matched++
				if !found[a.id] {
					t.Errorf("%q matches %q (entry %s, %.3f) but Search missed it", q, a.norm.Original, a.id, r.Score)
				}
			}
		}
	}
	if matched == 0 {
		t.Fatal("no query matched anything: the test checks nothing")
	}
	t.Logf("%d queries, %d matching aliases, all found by Search", len(queries), matched)
}
