package names

import (
	"sort"
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"
)

//go:generate go run ./internal/pinyingen

// t2sConverter is OpenCC's traditional→simplified converter, built once on
// first use from the dictionaries embedded in the module (no file or network
// access; about 6 ms).
var t2sConverter = sync.OnceValues(func() (*opencc.OpenCC, error) {
	return opencc.New("t2s")
})

// toSimplified converts Han text to simplified characters. It keeps one
// character per input character, so positions still line up with the input;
// where OpenCC's phrase conversion would change the length it converts
// character by character, and if OpenCC is unavailable it returns the input.
func toSimplified(han []rune) []rune {
	cc, err := t2sConverter()
	if err != nil {
		return han
	}
	s, err := cc.Convert(string(han))
	if err == nil {
		if out := []rune(s); len(out) == len(han) {
			return out
		}
	}
	out := make([]rune, len(han))
	for i, r := range han {
		out[i] = r
		if c, err := cc.Convert(string(r)); err == nil {
			if rs := []rune(c); len(rs) == 1 {
				out[i] = rs[0]
			}
		}
	}
	return out
}

// readingCache memoises the filtered readings per character.
var readingCache sync.Map // rune → []string

// pinyinOf returns a character's toneless readings from the generated table (go-pinyin's Normal
// style, every reading, most usual first), nil when it has none.
func pinyinOf(r rune) []string {
	i := sort.Search(len(pinyinRunes), func(i int) bool { return pinyinRunes[i] >= r })
	if i == len(pinyinRunes) || pinyinRunes[i] != r {
		return nil
	}
	start := uint32(0)
	if i > 0 {
		start = pinyinEnds[i-1]
	}
	return strings.Split(pinyinData[start:pinyinEnds[i]], ",")
}

// hanReadings returns the toneless pinyin readings of a character, most
// usual first ("v" for ü); nil for characters without a reading.
func hanReadings(r rune) []string {
	if v, ok := readingCache.Load(r); ok {
		return v.([]string)
	}
	var out []string
	lx := theLexicon()
	for _, p := range pinyinOf(r) {
		if lx.pinyin[p] {
			out = append(out, p)
		}
	}
	if r == '〇' {
		out = []string{"ling"}
	}
	readingCache.Store(r, out)
	return out
}
