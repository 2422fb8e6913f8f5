package files

import (
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeName(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps-plain-name", "position-paper_v2 (final).pdf", "position-paper_v2 (final).pdf"},
		{"keeps-chinese", "海上信任措施 立场文件.docx", "海上信任措施 立场文件.docx"},
		{"keeps-apostrophe", "O'Brien's notes.md", "O'Brien's notes.md"},
		{"strips-unix-path", "../../etc/passwd", "passwd"},
		{"strips-windows-path", `C:\Users\li\Desktop\论文.pdf`, "论文.pdf"},
		{"strips-trailing-slash-path", "a/b/", "file"},
		{"strips-quote-semicolon-injection", `a";filename="evil.html`, "a;filename=evil.html"},
		{"strips-crlf", "paper\r\nSet-Cookie: x=1.pdf", "paper Set-Cookie x=1.pdf"},
		{"strips-nul", "paper.pdf\x00.html", "paper.pdf.html"},
		{"strips-bidi-override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"strips-zero-width-space", "pa\u200Bper.pdf", "paper.pdf"},
		{"keeps-zero-width-non-joiner", "می\u200Cخواهم.md", "می\u200Cخواهم.md"},
		{"strips-windows-forbidden", `a<b>c:d|e?f*g.pdf`, "abcdefg.pdf"},
		{"folds-whitespace", "  many \t\u3000 spaces  .pdf ", "many spaces .pdf"},
		{"trims-leading-dots", "...htaccess", "htaccess"},
		{"trims-trailing-dots", "paper.pdf...", "paper.pdf"},
		{"drops-invalid-utf8", "pa\xffper.pdf", "paper.pdf"},
		{"normalises-nfc", "Re\u0301sume\u0301.pdf", "Résumé.pdf"},
		{"defuses-device-name", "NUL.txt", "_NUL.txt"},
		{"defuses-device-name-case", "com1.pdf", "_com1.pdf"},
		{"never-empty", "", "file"},
		{"never-empty-for-dots", " . .. ", "file"},
		{"never-empty-for-controls", "\x00\r\n\t", "file"},
		{"html-tags-lose-brackets-and-path", "<script>alert(1)</script>.pdf", "script.pdf"},
		{"html-tags-lose-brackets", "<b onmouseover=alert(1)>.pdf", "b onmouseover=alert(1).pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SanitizeName(tt.in); got != tt.want {
				t.Errorf("SanitizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeNameLimitsLength(t *testing.T) {
	tests := []struct{ name, in, ext string }{
		{"shortens-ascii-keeping-extension", strings.Repeat("a", 500) + ".pdf", ".pdf"},
		{"shortens-chinese-on-rune-boundary", strings.Repeat("论", 300) + ".docx", ".docx"},
		{"shortens-without-long-extension", strings.Repeat("b", 300) + "." + strings.Repeat("x", 40), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SanitizeName(tt.in)
			if len(got) > MaxNameBytes || !utf8.ValidString(got) {
				t.Fatalf("got %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
			}
			if tt.ext != "" && !strings.HasSuffix(got, tt.ext) {
				t.Errorf("%q lost its extension %q", got, tt.ext)
			}
			if len(got) < MaxNameBytes-4 {
				t.Errorf("%q shortened too much (%d bytes)", got, len(got))
			}
		})
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii-name-has-no-extended-form", "paper.pdf", `attachment; filename="paper.pdf"`},
		{"chinese-name-gets-rfc8187-form", "立场文件.pdf",
			`attachment; filename="file.pdf"; filename*=UTF-8''%E7%AB%8B%E5%9C%BA%E6%96%87%E4%BB%B6.pdf`},
		{"mixed-name-keeps-ascii-parts", "Paper 论文 v2.docx",
			`attachment; filename="Paper _ v2.docx"; filename*=UTF-8''Paper%20%E8%AE%BA%E6%96%87%20v2.docx`},
		{"accents-fold-in-fallback", "Résumé.md", `attachment; filename="Resume.md"; filename*=UTF-8''R%C3%A9sum%C3%A9.md`},
		{"quote-semicolon-cannot-break-out", `x"; filename*=UTF-8''evil.html; a=".pdf`,
			`attachment; filename="x_ filename=UTF-8''evil.html_ a=.pdf"; filename*=UTF-8''x%3B%20filename%3DUTF-8%27%27evil.html%3B%20a%3D.pdf`},
		{"crlf-cannot-split-header", "a\r\nContent-Type: text/html\r\n\r\n<script>.pdf",
			`attachment; filename="html script.pdf"`},
		{"crlf-without-slash-cannot-split-header", "a\r\nSet-Cookie: x=1\r\n.pdf",
			`attachment; filename="a Set-Cookie x=1 .pdf"`},
		{"percent-is-encoded", "100%.pdf", `attachment; filename="100_.pdf"; filename*=UTF-8''100%25.pdf`},
		{"traversal-is-stripped", "../../../etc/passwd", `attachment; filename="passwd"`},
		{"nul-is-stripped", "a\x00b.pdf", `attachment; filename="ab.pdf"`},
		{"empty-name-gets-default", "", `attachment; filename="file"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ContentDisposition(tt.in)
			if got != tt.want {
				t.Errorf("ContentDisposition(%q) =\n %s\nwant\n %s", tt.in, got, tt.want)
			}
			assertSafeDisposition(t, got)
		})
	}
}

// assertSafeDisposition checks a Content-Disposition value cannot split a
// header, parses as one attachment, and that its parameters round-trip.
func assertSafeDisposition(t *testing.T, v string) {
	t.Helper()
	for _, r := range v {
		if r < 0x20 || r >= 0x7f {
			t.Fatalf("value %q has byte %U", v, r)
		}
	}
	disp, params, err := mime.ParseMediaType(v)
	if err != nil || disp != "attachment" {
		t.Fatalf("ParseMediaType(%q) = %q, %v", v, disp, err)
	}
	if params["filename"] == "" {
		t.Fatalf("no filename in %q", v)
	}
	if len(params) != 1 {
		t.Fatalf("%q has parameters %v, want only the file name", v, params)
	}
}

func TestContentDispositionRoundTripsUnicode(t *testing.T) {
	in := "海上信任措施 — Résumé (草稿).docx"
	_, params, err := mime.ParseMediaType(ContentDisposition(in))
	if err != nil {
		t.Fatal(err)
	}
	// mime.ParseMediaType decodes filename* into "filename".
	if params["filename"] != in {
		t.Errorf("decoded name %q, want %q", params["filename"], in)
	}
}

func TestDownloadName(t *testing.T) {
	tests := []struct {
		name, in string
		kind     Kind
		want     string
	}{
		{"keeps-matching-extension", "paper.PDF", KindPDF, "paper.PDF"},
		{"appends-extension-to-html-markdown", "notes.html", KindMarkdown, "notes.html.md"},
		{"keeps-txt-for-markdown", "notes.txt", KindMarkdown, "notes.txt"},
		{"appends-extension-when-missing", "paper", KindDOCX, "paper.docx"},
		{"fixes-pdf-named-docx", "paper.docx", KindPDF, "paper.docx.pdf"},
		{"long-name-stays-within-limit", strings.Repeat("x", 400) + ".html", KindMarkdown, strings.Repeat("x", MaxNameBytes-8) + ".html.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DownloadName(tt.in, tt.kind); got != tt.want {
				t.Errorf("DownloadName(%q, %s) = %q, want %q", tt.in, tt.kind, got, tt.want)
			}
		})
	}
}

func TestDownloadHeaders(t *testing.T) {
	h := DownloadHeaders("<svg onload=alert(1)>.html", KindMarkdown)
	want := map[string]string{
		"Content-Type":            "text/markdown; charset=utf-8",
		"Content-Disposition":     `attachment; filename="svg onload=alert(1).html.md"`,
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox; default-src 'none'",
		"Cache-Control":           "private, no-store",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestKindFromNameOnlyReadsExtension(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
	}{
		{"a.PDF", KindPDF}, {`dir\a.docx`, KindDOCX}, {"a.markdown", KindMarkdown},
		{"a.pdf.html", KindUnknown}, {"pdf", KindUnknown},
	}
	for _, tt := range tests {
		if got := KindFromName(tt.in); got != tt.want {
			t.Errorf("KindFromName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
