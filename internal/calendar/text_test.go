package calendar

import (
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"escapes-backslash-first", `a\b`, `a\\b`},
		{"escapes-semicolon-and-comma", "a;b,c", `a\;b\,c`},
		{"turns-crlf-into-one-newline", "a\r\nb", `a\nb`},
		{"turns-lone-cr-into-newline", "a\rb", `a\nb`},
		{"turns-lf-into-newline", "a\nb", `a\nb`},
		{"keeps-tab", "a\tb", "a\tb"},
		{"drops-other-controls", "a\x00b\x1bc\x7f", "abc"},
		{"replaces-invalid-utf8", "a\xffb", "a\uFFFDb"},
		{"keeps-chinese", "中美对话", "中美对话"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EscapeText(tt.in); got != tt.want {
				t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuoteParam(t *testing.T) {
	if got, want := QuoteParam("A \"B\" ^C\r\nD;E:F,G"), `"A ^'B^' ^^C^nD;E:F,G"`; got != want {
		t.Errorf("QuoteParam = %q, want %q", got, want)
	}
}

func TestFoldLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"keeps-short-line", "SUMMARY:short"},
		{"folds-ascii-at-75", "SUMMARY:" + strings.Repeat("x", 200)},
		{"folds-chinese-without-splitting", "SUMMARY:" + strings.Repeat("中美对话", 40)},
		{"folds-4-byte-runes", "SUMMARY:" + strings.Repeat("😀", 60)},
		{"keeps-exactly-75", strings.Repeat("y", 75)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := foldLine(&b, tt.in); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.HasSuffix(out, "\r\n") {
				t.Fatal("no CRLF at end")
			}
			phys := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
			for i, l := range phys {
				if len(l) > 75 || !utf8.ValidString(l) || (i > 0 && l[0] != ' ') {
					t.Errorf("bad physical line %d: %q (%d octets)", i, l, len(l))
				}
			}
			if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != tt.in {
				t.Errorf("unfolded = %q, want %q", got, tt.in)
			}
		})
	}
}

// FuzzEscapeAndFold checks that any title, once escaped and folded, stays one property whose
// value a real parser reads back unchanged (modulo dropped control characters).
func FuzzEscapeAndFold(f *testing.F) {
	for _, s := range []string{"plain", "a;b,c\\d", "x\r\nATTENDEE:mailto:a@b", "第十二轮中美网络空间规范二轨对话", "\x00\x7f\r\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if err := foldLine(&b, "SUMMARY:"+EscapeText(s)); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
				t.Fatalf("bad physical line %q", l)
			}
		}
		doc := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u\r\n" + out + "END:VEVENT\r\nEND:VCALENDAR\r\n"
		cal, err := ics.ParseCalendar(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("parse: %v\n%q", err, doc)
		}
		evs := cal.Events()
		if len(evs) != 1 || len(evs[0].Properties) != 2 {
			t.Fatalf("escaped value changed the structure: %q", doc)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		want = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(want)
		want = strings.Map(func(r rune) rune {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
				return -1
			}
			return r
		}, want)
		if got := evs[0].GetProperty(ics.ComponentPropertySummary).Value; got != want {
			t.Fatalf("round trip %q → %q, want %q", s, got, want)
		}
	})
}
