package export

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// unitWidth measures every character as 1 wide, CJK as 2, so tests read like a grid.
func unitWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if isCJK(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"breaks-latin-at-spaces", "the quick brown fox", 10, []string{"the quick", "brown fox"}},
		{"breaks-chinese-between-characters", "双方重视克制与沟通", 8, []string{"双方重视", "克制与沟", "通"}},
		{"keeps-closing-punctuation-off-line-start", "双方重视。克制", 8, []string{"双方重", "视。克制"}},
		{"keeps-opening-punctuation-off-line-end", "双方（重视）", 6, []string{"双方", "（重", "视）"}},
		{"mixes-scripts", "CUES规则有效", 8, []string{"CUES规则", "有效"}},
		{"splits-over-long-word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"keeps-newlines", "a\n\nb", 10, []string{"a", "", "b"}},
		{"collapses-spaces", "a    b", 10, []string{"a b"}},
		{"empty-text-one-empty-line", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.text, tt.width, unitWidth)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("wrap(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// FuzzWrap checks that wrapping loses no visible character and that only a line of a single
// character wider than the column may exceed the width.
func FuzzWrap(f *testing.F) {
	f.Add("双方重视克制。Both sides value restraint（克制）。", 9.0)
	f.Add("aaaaaaaaaaaaaaaaaaaaa bbb", 3.0)
	f.Add("，，，，，，", 1.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || width < 1 || width > 1000 || len(text) > 2000 {
			return
		}
		lines := wrap(text, width, unitWidth)
		if squash(strings.Join(lines, "")) != squash(text) {
			t.Fatalf("wrap lost text: %q -> %q", text, lines)
		}
		for _, ln := range lines {
			if unitWidth(ln) > width && utf8.RuneCountInString(ln) > 1 {
				t.Fatalf("line %q wider than %v", ln, width)
			}
		}
	})
}
