package names

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
)

func TestCompareExplains(t *testing.T) {
	tests := []struct {
		name, a, b string
		match      bool
		explains   string // a substring of one explanation line
	}{
		{"matches-traditional-hanzi-to-pinyin", "ZHANG Wei", "張偉", true, "ZHANG=張 (traditional→simplified→pinyin zhang)"},
		{"matches-wade-giles", "Chang Wei", "Zhang Wei", true, "Chang→Zhang (Wade-Giles)"},
		{"matches-cantonese", "Cheung Ka Wai", "张家伟", true, "CHEUNG=张 (Cantonese cheung→zhang; Hanzi→pinyin zhang)"},
		{"matches-surname-reading", "Shan Tianfang", "单田芳", true, "surname reading"},
		{"matches-u-written-yu", "Lyu Bu", "吕布", true, "pinyin with ü written u/v/yu"},
		{"matches-tongyong", "Jhang Wei", "张伟", true, "Tongyong"},
		{"matches-hokkien-surname", "Tan Wei Ming", "陈伟明", true, "Hokkien"},
		{"matches-reversed-order", "Wei Zhang", "张伟", true, "name order"},
		{"matches-simplified-traditional", "张伟", "張偉", true, "张=張 (traditional→simplified)"},
		{"rejects-one-syllable-apart", "Zhang Wei", "Zhang Wen", false, "Wei≠Wen"},
		{"rejects-extra-character", "张伟", "张伟明", false, "different number of syllables"},
		{"rejects-homophone-character", "李方伟", "李芳伟", false, "both read fang"},
		{"rejects-plain-reading-of-surname", "Dan Tianfang", "单田芳", false, "≠"},
		{"rejects-hanzi-against-western-name", "张伟", "John Smith", false, "not a Chinese name"},
		{"rejects-other-western-name", "Abdul Haq", "Abdul Hamid", false, "share 1 of 3 words"},
		{"matches-long-hanzi-name", "中國電子進出口總公司", "中国电子进出口总公司", true, "same characters"},
		{"rejects-other-long-hanzi-name", "中国电子进出口总公司", "中国航天科技集团公司", false, "different characters"},
		{"rejects-aspirated-against-unaspirated", "Ch'ang Wei", "Zhang Wei", false, "≠"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Compare(tc.a, tc.b)
			if r.Match != tc.match {
				t.Fatalf("Compare(%q, %q) = %.3f match %v, want %v: %v", tc.a, tc.b, r.Score, r.Match, tc.match, r.Explanation)
			}
			if !strings.Contains(strings.Join(r.Explanation, "\n"), tc.explains) {
				t.Fatalf("explanation %q lacks %q", r.Explanation, tc.explains)
			}
		})
	}
}

func TestCompareScoreOrder(t *testing.T) {
	same := Compare("张伟", "张伟").Score
	script := Compare("张伟", "Zhang Wei").Score
	wg := Compare("張偉", "Chang Wei").Score
	if !(same == 1 && same > script && script > wg && wg >= MatchThreshold) {
		t.Fatalf("scores same %.3f > pinyin %.3f > Wade-Giles %.3f >= threshold not kept", same, script, wg)
	}
}

// TestCompareSymmetric checks symmetry and range on the evaluation pairs.
func TestCompareSymmetric(t *testing.T) {
	f, err := os.Open("testdata/eval.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		ab, ba := Compare(r[0], r[1]), Compare(r[1], r[0])
		if ab.Score != ba.Score || ab.Match != ba.Match {
			t.Errorf("Compare(%q, %q) = %.4f but reversed %.4f", r[0], r[1], ab.Score, ba.Score)
		}
		if ab.Score < 0 || ab.Score > 1 || len(ab.Explanation) == 0 {
			t.Errorf("Compare(%q, %q) = %+v", r[0], r[1], ab)
		}
	}
}
