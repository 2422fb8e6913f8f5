package names

import (
	"sync"

	"github.com/longbridgeapp/opencc"
	"github.com/mozillazg/go-pinyin"
)

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

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	a.Heteronym = true
	return a
}()

// readingCache memoises go-pinyin readings per character (its style
// conversion runs regular expressions).
var readingCache sync.Map // rune → []string

// hanReadings returns the toneless pinyin readings of a character, most
// usual first ("v" for ü); nil for characters without a reading.
func hanReadings(r rune) []string {
	if v, ok := readingCache.Load(r); ok {
		return v.([]string)
	}
	var out []string
	lx := theLexicon()
	for _, p := range pinyin.SinglePinyin(r, pinyinArgs) {
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
