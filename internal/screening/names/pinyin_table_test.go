package names

import (
	"reflect"
	"testing"

	"github.com/mozillazg/go-pinyin"
)

// The generated table (pinyin_table.go) gives every character the readings go-pinyin gives it.
func TestPinyinTableMatchesGoPinyin(t *testing.T) {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	a.Heteronym = true
	n := 0
	for r := rune(0); r < 0x30000; r++ {
		want := pinyin.SinglePinyin(r, a)
		got := pinyinOf(r)
		if len(want) == 0 && len(got) == 0 {
			continue
		}
		n++
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%U: %v vs %v", r, want, got)
		}
	}
	t.Log(n, "runes equal")
}
