package names_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/tracktwo/tracktwo/internal/screening/names"
)

// The CLI `tracktwo screen match "NAME A" "NAME B"` prints Compare's Result
// as JSON.
func ExampleCompare() {
	r := names.Compare("Chang Wei", "張偉")
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	// Output:
	// {"score":0.925,"match":true,"explanation":["CHANG=張 (Wade-Giles chang→zhang; traditional→simplified→pinyin zhang)","WEI=偉 (traditional→simplified→pinyin wei)"]}
}

func ExampleIndex_Search() {
	ix := names.NewIndex()
	_ = ix.Add(names.Entry{ID: "11447", Names: []string{"LI, Fangwei", "LI, Fang Wei"}, BirthDates: []string{"18 Sep 1972"}, Nationalities: []string{"China"}})
	for _, c := range ix.Search(names.Query{Name: "李方伟", BirthDate: "1972-09-18"}, 5) {
		fmt.Println(c.EntryID, c.Alias, c.Level, c.Score)
		for _, e := range c.Explanation {
			fmt.Println(" ", e)
		}
	}
	// Output:
	// 11447 LI, Fangwei strong 1
	//   LI=李 (Hanzi→pinyin li)
	//   FANG=方 (Hanzi→pinyin fang)
	//   WEI=伟 (Hanzi→pinyin wei)
	//   birth date agrees (same day)
	//   common name (a Chinese name of at most three syllables or a single word), corroborated by the facts above
}

// TestConcurrentFirstUse exercises the lazily built tables (OpenCC, the
// lexicon, the reading cache) from several goroutines; run with -race.
func TestConcurrentFirstUse(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			pairs := [][2]string{{"張學良", "Chang Hsueh-liang"}, {"歐陽修", "Ouyang Xiu"}, {"單田芳", "Shan Tianfang"}, {"陳水扁", "Chen Shui-bian"}}
			p := pairs[i%len(pairs)]
			if r := names.Compare(p[0], p[1]); !r.Match {
				t.Errorf("%q ~ %q: %+v", p[0], p[1], r)
			}
		}(i)
	}
	wg.Wait()
}
