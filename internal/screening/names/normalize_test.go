package names

import (
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeFolds(t *testing.T) {
	tests := []struct {
		name, in, folded string
		chinese          bool
		known            bool
	}{
		{"folds-full-width", "Ｚｈａｎｇ　Ｗｅｉ", "zhang wei", true, false},
		{"keeps-list-comma", "ZHANG, Wei", "zhang, wei", true, true},
		{"drops-diacritics-keeps-umlaut", "Lǚ Zhìqiáng", "lü zhiqiang", true, false},
		{"folds-latin-diacritics", "José MARTÍNEZ-Núñez", "jose martinez-nunez", false, false},
		{"joins-spaced-hanzi", "张 伟", "张伟", true, true},
		{"splits-mixed-scripts", "张伟 (Zhang Wei)", "张伟 zhang wei", true, true},
		{"capitals-mark-surname", "Wei ZHANG", "wei zhang", true, true},
		{"folds-ligatures", "ﬁnley", "finley", false, false},
		{"drops-trailing-comma", "ZHANG,", "zhang", true, false},
		{"empty-input", "  ,;· ", "", false, false},
		{"dotted-foreign-name", "约翰·史密斯", "约翰 史密斯", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := Normalize(tc.in)
			if n.Folded != tc.folded || n.Chinese != tc.chinese || n.SurnameKnown != tc.known {
				t.Fatalf("Normalize(%q) = folded %q chinese %v known %v; want %q %v %v", tc.in, n.Folded, n.Chinese, n.SurnameKnown, tc.folded, tc.chinese, tc.known)
			}
		})
	}
}

func TestNormalizeReadsSyllables(t *testing.T) {
	tests := []struct {
		name, in string
		pinyin   []string // first reading of each syllable, written order
	}{
		{"splits-joined-given-name", "Li Fangwei", []string{"li", "fang", "wei"}},
		{"splits-hyphenated-given-name", "Chen Shui-bian", []string{"chen", "shui", "bian"}},
		{"reads-surname-shan", "单田芳", []string{"shan", "tian", "fang"}},
		{"reads-surname-zeng", "曾国藩", []string{"zeng", "guo", "fan"}},
		{"reads-surname-xie", "解缙", []string{"xie", "jin"}},
		{"reads-surname-qiu", "仇英", []string{"qiu", "ying"}},
		{"reads-surname-ou", "区家明", []string{"ou", "jia", "ming"}},
		{"reads-surname-piao", "朴正浩", []string{"piao", "zheng", "hao"}},
		{"reads-compound-yuchi", "尉遲恭", []string{"yu", "chi", "gong"}},
		{"reads-compound-moqi", "万俟卨", []string{"mo", "qi", "xie"}},
		{"converts-traditional", "張學良", []string{"zhang", "xue", "liang"}},
		{"apostrophe-splits-pinyin", "Xi'an", []string{"xi", "an"}},
		{"no-apostrophe-one-syllable", "Xian", []string{"xian"}},
		{"wade-giles-apostrophe-is-aspiration", "Ch'en", []string{"chen"}},
		{"prefers-consonant-initial-split", "Changan", []string{"chan", "gan"}},
		{"u-umlaut-as-yu", "Lyu", []string{"lv"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := Normalize(tc.in)
			var got []string
			for _, s := range n.Syllables {
				got = append(got, s.Pinyin[0])
			}
			if !reflect.DeepEqual(got, tc.pinyin) {
				t.Fatalf("Normalize(%q) syllables %v, want %v", tc.in, got, tc.pinyin)
			}
		})
	}
}

func TestNormalizeNonChineseWords(t *testing.T) {
	for _, in := range []string{"Abdul Haq", "BANCO NACIONAL DE CUBA", "Владимир Путин", "Müller"} {
		if n := Normalize(in); n.Chinese {
			t.Errorf("%q read as Chinese: %+v", in, n.Syllables)
		}
	}
}

func TestNormalizeBoundsInput(t *testing.T) {
	n := Normalize(strings.Repeat("zhang ", 5000))
	if len(n.Tokens) > maxTokens {
		t.Fatalf("%d tokens kept", len(n.Tokens))
	}
	if n.Chinese {
		t.Fatal("a 16-word name read as Chinese")
	}
}

func TestKeysShared(t *testing.T) {
	for _, p := range [][2]string{{"Chang Wei", "張偉"}, {"WEI, Zhang", "Zhang Wei"}, {"Au-Yeung Ka Wai", "欧阳家伟"}, {"Abdul Haq", "HAQ, Abdul"}, {"AEROCARIBBEAN AIRLINES", "Aero Caribbean Airlines"}} {
		ka, kb := Normalize(p[0]).Keys(), Normalize(p[1]).Keys()
		shared := false
		for _, a := range ka {
			for _, b := range kb {
				shared = shared || a == b
			}
		}
		if !shared {
			t.Errorf("%q %v and %q %v share no key", p[0], ka, p[1], kb)
		}
	}
}
