package names

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// watchlistDir holds the real OFAC fixtures (see its README.md).
var watchlistDir = filepath.Join("..", "testdata", "watchlists")

var (
	reDOB         = regexp.MustCompile(`(?:^|; )(?:alt\. )?DOB ([^;]+)`)
	reNationality = regexp.MustCompile(`(?:^|; )(?:alt\. )?(?:nationality|citizen) ([^;(]+)`)
	reLinkedTo    = regexp.MustCompile(`Linked To: ([^.;]+)`)
)

// readCSV is a tiny reader for the OFAC legacy CSV files: no header, "-0-"
// for empty fields.
func readCSV(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(watchlistDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for i, v := range rec {
			v = strings.TrimSpace(v)
			if v == "-0-" {
				v = ""
			}
			rec[i] = v
		}
	}
	return recs
}

var (
	sdnOnce    sync.Once
	sdnEntries []Entry
)

// loadSDN turns sdn.csv and alt.csv into entries: names and aliases, birth
// dates, nationalities and linked organisations from the Remarks field.
func loadSDN(t testing.TB) []Entry {
	sdnOnce.Do(func() {
		alts := map[string][]string{}
		for _, rec := range readCSV(t, "alt.csv") {
			if len(rec) >= 4 && rec[3] != "" {
				alts[rec[0]] = append(alts[rec[0]], rec[3])
			}
		}
		for _, rec := range readCSV(t, "sdn.csv") {
			if len(rec) < 12 || rec[1] == "" {
				continue
			}
			e := Entry{ID: rec[0], Names: append([]string{rec[1]}, alts[rec[0]]...)}
			remarks := rec[11]
			for _, m := range reDOB.FindAllStringSubmatch(remarks, -1) {
				e.BirthDates = append(e.BirthDates, strings.TrimSpace(m[1]))
			}
			for _, m := range reNationality.FindAllStringSubmatch(remarks, -1) {
				e.Nationalities = append(e.Nationalities, strings.TrimSpace(m[1]))
			}
			for _, m := range reLinkedTo.FindAllStringSubmatch(remarks, -1) {
				e.Employers = append(e.Employers, strings.TrimSpace(m[1]))
			}
			sdnEntries = append(sdnEntries, e)
		}
	})
	if len(sdnEntries) == 0 {
		t.Fatal("no SDN entries read")
	}
	return sdnEntries
}

var (
	sdnIndexOnce sync.Once
	sdnIndex     *Index
)

func loadSDNIndex(t testing.TB) *Index {
	entries := loadSDN(t)
	sdnIndexOnce.Do(func() {
		sdnIndex = NewIndex()
		for _, e := range entries {
			if err := sdnIndex.Add(e); err != nil {
				t.Logf("skip %v", err)
			}
		}
	})
	return sdnIndex
}

func TestSDNFixtureLoads(t *testing.T) {
	entries := loadSDN(t)
	if len(entries) < 7000 {
		t.Fatalf("read %d SDN entries, want about 7,379", len(entries))
	}
	var li *Entry
	for i := range entries {
		if entries[i].ID == "11447" {
			li = &entries[i]
		}
	}
	if li == nil || len(li.BirthDates) != 1 || li.BirthDates[0] != "18 Sep 1972" || len(li.Nationalities) == 0 {
		t.Fatalf("entry 11447 (LI, Fangwei) read as %+v", li)
	}
}
