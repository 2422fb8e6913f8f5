package export

import (
	"bytes"
	"flag"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// FuzzMarkdownEscape checks that escaped user text renders (CommonMark + GFM) as one plain
// paragraph: no link, image, autolink, HTML, heading, list, table or code.
func FuzzMarkdownEscape(f *testing.F) {
	for _, s := range []string{"[a](http://x.example)", "![i](file:///etc/passwd)", "<b>x</b>", "www.x.example", "a@b.example", "# h", "1) x", "| a |", "`c`", "&amp;", "***", "> q", "- l", "foo\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := mdToHTML(t, []byte(mdInline(s)))
		for _, bad := range []string{"<a ", "<img", "<h", "<ol", "<ul", "<table", "<code", "<pre", "<blockquote", "<hr", "<script", "<iframe", "<em", "<strong", "<del", "<input"} {
			if strings.Contains(out, bad) {
				t.Fatalf("%q renders to %s", s, out)
			}
		}
		if want := strings.Join(strings.Fields(clean(s)), " "); mdText([]byte(mdInline(s))) != want {
			t.Fatalf("unescaping %q does not give back the text", s)
		}
	})
}

// FuzzRender puts arbitrary text into every user-controlled field and renders every format:
// no renderer may fail or panic, DOCX parts stay well-formed XML and HTML gains no tag.
// While fuzzing (-fuzz) PDF is left out: with coverage instrumentation one PDF takes about a
// second, which starves the fuzzer; the seed corpus still runs through PDF, and PDF's own
// text handling is fuzzed by FuzzWrap.
func FuzzRender(f *testing.F) {
	fuzzing := false
	if fl := flag.Lookup("test.fuzz"); fl != nil && fl.Value.String() != "" {
		fuzzing = true
	}
	f.Add("plain", "简体中文，没有空格的长句子需要正确换行。")
	f.Add(`<img src="http://x.example/a.png">`, "![x](file:///etc/passwd)")
	f.Add("\x00\x01\r\n\t\uFFFE", "\U0001F600 emoji")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > 4000 {
			return
		}
		d := sampleDoc()
		it := &d.Items[0]
		it.TitleEN, it.TitleZH, it.NotesEN, it.NotesZH = a, b, b, a
		it.Statements[0].TextEN, it.Statements[0].TextZH = a, b
		it.ActionItems[0].Owner = b
		sp := sampleSpeakers()
		sp["p-alice"] = minutes.Speaker{NameLatin: a, NameNative: b, Org: a + b, Side: minutes.SideUS}
		v := minutes.Redact(d, minutes.LevelChatham, sp)
		for _, f := range Formats {
			if f == FormatPDF && fuzzing {
				continue
			}
			for _, lang := range []Lang{LangEN, LangBoth} {
				var out bytes.Buffer
				if err := Render(&out, f, v, Options{Lang: lang, TitleEN: a, TitleZH: b}); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				switch f {
				case FormatDOCX:
					for name, part := range docxParts(t, out.Bytes()) {
						if err := wellFormed(part); err != nil {
							t.Fatalf("%s not well-formed: %v", name, err)
						}
					}
				case FormatHTML:
					for _, m := range htmlTagRE.FindAllStringSubmatch(out.String(), -1) {
						if !templateTags[strings.ToLower(m[1])] {
							t.Fatalf("user text produced the tag %q", m[0])
						}
					}
				}
			}
		}
	})
}

var htmlTagRE = regexp.MustCompile(`</?([A-Za-z!][A-Za-z0-9]*)`)

// templateTags are the only elements the HTML template writes.
var templateTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields("!doctype html head meta title style body header h1 h2 h3 table tr td th colgroup col dl dt dd p span strong ul li main section") {
		templateTags[t] = true
	}
}
