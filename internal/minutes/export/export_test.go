package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// textOf extracts readable text from any export format.
func textOf(t testing.TB, f Format, b []byte) string {
	t.Helper()
	switch f {
	case FormatPDF:
		return pdfToText(t, b)
	case FormatDOCX:
		return docxText(t, b)
	case FormatHTML:
		return htmlText(b)
	case FormatMarkdown:
		return mdText(b)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("JSON export does not parse: %v", err)
	}
	var sb strings.Builder
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, y := range x {
				sb.WriteString(k + "\n")
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			sb.WriteString(x + "\n")
		default:
			b, _ := json.Marshal(x)
			sb.Write(b)
			sb.WriteString("\n")
		}
	}
	walk(v)
	return sb.String()
}

func TestEveryFormatStatesLevelRevisionAndStatus(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelChatham, sampleSpeakers())
	want := map[Lang][]string{
		LangEN:   {"Chatham House Rule", "revision 4, version 2", "amendment of version 1", "Agreed by every convener", "Off-the-record statements are not included"},
		LangZH:   {"查塔姆宫规则", "第4次修订，第2版", "对第1版的修正", "所有召集方已同意", "不公开记录的发言不收入任何导出文件"},
		LangBoth: {"Chatham House Rule", "查塔姆宫规则", "revision 4, version 2", "第4次修订，第2版", "Agreed by every convener", "所有召集方已同意"},
	}
	for _, f := range Formats {
		for lang, needles := range want {
			t.Run(string(f)+"-"+string(lang), func(t *testing.T) {
				if f == FormatJSON {
					var got struct {
						Level       string `json:"level"`
						Revision    int    `json:"revision"`
						Version     int    `json:"version"`
						AmendmentOf int    `json:"amendment_of"`
						Status      string `json:"status"`
						Language    string `json:"language"`
					}
					if err := json.Unmarshal(render(t, f, v, sampleOptions(lang)), &got); err != nil {
						t.Fatal(err)
					}
					if got.Level != "chatham" || got.Revision != 4 || got.Version != 2 || got.AmendmentOf != 1 || got.Status != "agreed" || got.Language != string(lang) {
						t.Fatalf("JSON header %+v", got)
					}
					return
				}
				text := squash(textOf(t, f, render(t, f, v, sampleOptions(lang))))
				for _, n := range needles {
					if !strings.Contains(text, squash(n)) {
						t.Errorf("%s export lacks %q", f, n)
					}
				}
			})
		}
	}
}

func TestSingleLanguageExportsFallBackToTheOtherLanguage(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	for _, f := range []Format{FormatHTML, FormatMarkdown, FormatDOCX} {
		en := squash(textOf(t, f, render(t, f, v, sampleOptions(LangEN))))
		if !strings.Contains(en, squash("[not translated] 我们应当继续")) || strings.Contains(en, "溯源很难") {
			t.Errorf("%s en: missing fallback or contains translated Chinese", f)
		}
		zh := squash(textOf(t, f, render(t, f, v, sampleOptions(LangZH))))
		if !strings.Contains(zh, squash("[未翻译] Next steps")) || strings.Contains(zh, "Attribution is hard") {
			t.Errorf("%s zh: missing fallback or contains translated English", f)
		}
	}
}

func TestSideBySideIsATwoColumnTable(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	h := string(render(t, FormatHTML, v, sampleOptions(LangBoth)))
	if !strings.Contains(h, `<table class="parallel">`) || !strings.Contains(h, `<td lang="zh-Hans" class="t">• 双方重视克制。</td>`) || !strings.Contains(h, `<td lang="en" class="t">• Both sides value restraint.</td>`) {
		t.Error("HTML both: no two-column row for a key point")
	}
	doc := string(docxParts(t, render(t, FormatDOCX, v, sampleOptions(LangBoth)))["word/document.xml"])
	if strings.Count(doc, "<w:tbl>") < 3 || !strings.Contains(doc, `<w:gridCol w:w="4819"/><w:gridCol w:w="4819"/>`) {
		t.Error("DOCX both: no two-column tables")
	}
	md := string(render(t, FormatMarkdown, v, sampleOptions(LangBoth)))
	if !strings.Contains(md, "- Both sides value restraint.\\\n  双方重视克制。") {
		t.Error("Markdown both: no parallel block for a key point")
	}
}

func TestHTMLIsSelfContainedAndInert(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	for _, lang := range []Lang{LangEN, LangBoth} {
		h := strings.ToLower(string(render(t, FormatHTML, v, sampleOptions(lang))))
		tags := strings.Join(tagRE.FindAllString(h, -1), "\n")
		for _, bad := range []string{"<script", "<img", "<a ", "<link", "<iframe", "<object", "src=", "href=", "style="} {
			if strings.Contains(tags, bad) {
				t.Errorf("HTML (%s) has a tag with %q", lang, bad)
			}
		}
		for _, bad := range []string{"url(", "@import"} {
			if strings.Contains(h, bad) {
				t.Errorf("HTML (%s) CSS loads a resource: %q", lang, bad)
			}
		}
		if !strings.Contains(h, "&lt;img src=&#34;file:///etc/passwd&#34;&gt;") {
			t.Errorf("HTML (%s) does not show the hostile text escaped", lang)
		}
	}
}

func TestMarkdownCannotInjectLinksImagesOrHTML(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	md := render(t, FormatMarkdown, v, sampleOptions(LangBoth))
	out := mdToHTML(t, md)
	for _, bad := range []string{"<img", "<a ", "<script", "<h1>x"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered Markdown contains %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "![x](http://attacker.example/p.png)") || !strings.Contains(out, "&lt;img src=&quot;file:///etc/passwd&quot;&gt;") {
		t.Errorf("hostile text not shown literally:\n%s", out)
	}
}

func mdToHTML(t testing.TB, md []byte) string {
	t.Helper()
	var b bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	if err := gm.Convert(md, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownEscapeKeepsTextLiteral(t *testing.T) {
	tests := []struct{ name, in string }{
		{"link", "[site](https://evil.example)"},
		{"image", "![i](file:///etc/passwd)"},
		{"autolink", "<https://evil.example>"},
		{"gfm-bare-url", "see https://evil.example/x and www.evil.example"},
		{"gfm-email", "write to spy@evil.example"},
		{"raw-html", `<iframe src="https://evil.example"></iframe>`},
		{"heading", "# Not a heading"},
		{"list", "1. not a list"},
		{"table", "| a | b |"},
		{"code", "`code` and ``more``"},
		{"entity", "&lt;b&gt; &#60;"},
		{"emphasis", "*a* _b_ ~~c~~"},
		{"reference", "[x]: https://evil.example"},
	}
	for _, tt := range tests {
		t.Run("literal-"+tt.name, func(t *testing.T) {
			out := mdToHTML(t, []byte(mdEscape(tt.in)))
			for _, bad := range []string{"<a", "<img", "<iframe", "<h1", "<ol", "<table", "<code", "<em", "<del", "<b>"} {
				if strings.Contains(out, bad) {
					t.Fatalf("%q renders as %s", tt.in, out)
				}
			}
		})
	}
}

func TestDOCXStructure(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	for _, lang := range []Lang{LangEN, LangZH, LangBoth} {
		parts := docxParts(t, render(t, FormatDOCX, v, sampleOptions(lang)))
		for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"} {
			b, ok := parts[name]
			if !ok {
				t.Fatalf("%s: part %s missing", lang, name)
			}
			if err := wellFormed(b); err != nil {
				t.Fatalf("%s: %s is not well-formed XML: %v", lang, name, err)
			}
		}
		if len(parts) != 6 {
			t.Errorf("unexpected parts: %d", len(parts))
		}
		for name, b := range parts {
			if bytes.Contains(b, []byte(`TargetMode="External"`)) || bytes.Contains(b, []byte("attacker.example\"")) {
				t.Errorf("%s references an external target", name)
			}
		}
	}
}

func TestDOCXEscapesHostileText(t *testing.T) {
	d := sampleDoc()
	d.Items[0].Statements[0].TextEN = `</w:t></w:r><w:r><w:t>injected]]><!-- & "quotes" 'apos'`
	v := minutes.Redact(d, minutes.LevelFull, sampleSpeakers())
	data := render(t, FormatDOCX, v, sampleOptions(LangEN))
	doc := docxParts(t, data)["word/document.xml"]
	if err := wellFormed(doc); err != nil {
		t.Fatalf("document.xml broken by user text: %v", err)
	}
	if !strings.Contains(docxText(t, data), d.Items[0].Statements[0].TextEN) {
		t.Error("hostile text not kept literally")
	}
}

func TestExportsAreDeterministic(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelChatham, sampleSpeakers())
	for _, f := range Formats {
		a, b := render(t, f, v, sampleOptions(LangBoth)), render(t, f, v, sampleOptions(LangBoth))
		if !bytes.Equal(a, b) {
			t.Errorf("%s export differs between two runs", f)
		}
	}
}

func TestJSONSingleLanguageDropsTheOther(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	en := string(render(t, FormatJSON, v, sampleOptions(LangEN)))
	if strings.Contains(en, "溯源很难") || !strings.Contains(en, "Attribution is hard.") || !strings.Contains(en, `"schema": "tracktwo.minutes.export/v1"`) {
		t.Errorf("en JSON wrong:\n%s", en)
	}
	if v.Items[0].Statements[1].TextZH != "溯源很难。" {
		t.Error("JSON export modified the view")
	}
}

func TestRenderRejectsUnknownFormatAndLanguage(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, nil)
	if err := Render(&bytes.Buffer{}, "rtf", v, sampleOptions(LangEN)); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("rtf: %v", err)
	}
	for _, f := range Formats {
		if err := Render(&bytes.Buffer{}, f, v, Options{Lang: "fr"}); !errors.Is(err, ErrUnknownLang) {
			t.Errorf("%s fr: %v", f, err)
		}
	}
	if _, err := ParseFormat("markdown"); err != nil {
		t.Error(err)
	}
	if f, _ := ParseFormat("docx"); f.ContentType() != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" || f.Extension() != ".docx" {
		t.Error("docx media type or extension wrong")
	}
}
