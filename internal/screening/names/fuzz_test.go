package names

import (
	"math"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"ZHANG, Wei", "張偉", "Ｚｈａｎｇ　Ｗｅｉ", "Ch'en Shui-pien", "Lǚ Zhìqiáng", "Au-Yeung Ka Wai",
	"尉遲恭", "约翰·史密斯", "BANCO NACIONAL DE CUBA", "AL-HAQ, 'Abd", "", ",", "'-'", "ü", "\u0308u",
	"Xi'an", "zhangzhangzhangzhangzhangzhangzhangzhang", "张伟 (Zhang Wei)", "Wei ZHANG", "\xff\xfe",
}

// FuzzNormalize checks that Normalize never panics, keeps its bounds and
// yields keys for every name it reads as Chinese.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if len(n.Tokens) > maxTokens {
			t.Fatalf("%d tokens", len(n.Tokens))
		}
		if !utf8.ValidString(n.Folded) && utf8.ValidString(s) {
			t.Fatalf("folded form %q is not UTF-8", n.Folded)
		}
		if n.Chinese && len(n.Keys()) == 0 {
			t.Fatalf("%q read as Chinese without blocking keys", s)
		}
		for _, sy := range n.Syllables {
			if len(sy.Pinyin) == 0 && sy.Hanzi == "" {
				t.Fatalf("syllable %q without reading", sy.Written)
			}
		}
	})
}

// FuzzCompare checks that Compare never panics, scores in [0, 1], is
// symmetric, explains itself and matches a name with itself.
func FuzzCompare(f *testing.F) {
	for i, a := range fuzzSeeds {
		f.Add(a, fuzzSeeds[(i*7+3)%len(fuzzSeeds)])
	}
	f.Add("Zhang Wei", "Zhang Wen")
	f.Add("张伟", "张伟明")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Compare(a, b), Compare(b, a)
		if math.IsNaN(ab.Score) || ab.Score < 0 || ab.Score > 1 {
			t.Fatalf("score %v", ab.Score)
		}
		if ab.Score != ba.Score || ab.Match != ba.Match {
			t.Fatalf("asymmetric: %v vs %v", ab.Score, ba.Score)
		}
		if len(ab.Explanation) == 0 {
			t.Fatal("no explanation")
		}
		if len(Normalize(a).Keys()) > 0 {
			if self := Compare(a, a); !self.Match {
				t.Fatalf("%q does not match itself: %+v", a, self)
			}
		}
	})
}

// FuzzParseBirthDate checks that ParseBirthDate never panics and returns
// either an error or a plausible date.
func FuzzParseBirthDate(f *testing.F) {
	for _, s := range []string{"18 Sep 1972", "circa 1960", "1960 to 1962", "1972-09-18", "09/18/1972", "1972年9月18日", "", "31/31/1972", "-1-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseBirthDate(s)
		if err != nil {
			return
		}
		if d.Year < 1800 || d.YearTo < d.Year || d.YearTo > 2200 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || (d.Day > 0 && d.Month == 0) {
			t.Fatalf("ParseBirthDate(%q) = %+v", s, d)
		}
	})
}
