package paper_test

import (
	"mime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/files"
	"github.com/tracktwo/tracktwo/internal/paper"
)

// FuzzCheckFileName: a name CheckFileName accepts carries no path, quote or control character;
// its sanitized download header is one printable ASCII line that parses back to one attachment
// with a file name without a path (F3, F4).
func FuzzCheckFileName(f *testing.F) {
	for _, s := range []string{"paper.pdf", "论文 终稿.docx", `evil";.pdf`, "../../etc/passwd", `..\boot.ini`, "a\x00b.pdf",
		"a\r\nX-Evil: 1.pdf", "\u202egpj.exe", "CON.pdf", ".htaccess", "x%22;.md", "Résumé (2).pdf", strings.Repeat("长", 400) + ".pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if paper.CheckFileName(name) != nil {
			return
		}
		if !utf8.ValidString(name) || strings.ContainsAny(name, "/\\\"\x00\r\n") {
			t.Fatalf("accepted %q", name)
		}
		clean := files.SanitizeName(name)
		cd := files.ContentDisposition(files.DownloadName(clean, files.KindPDF))
		for _, r := range cd {
			if r < 0x20 || r > 0x7e {
				t.Fatalf("header %q has a non-printable byte", cd)
			}
		}
		disp, params, err := mime.ParseMediaType(cd)
		if err != nil || disp != "attachment" {
			t.Fatalf("header %q does not parse: %v", cd, err)
		}
		if fn := params["filename"]; fn == "" || strings.ContainsAny(fn, "/\\") {
			t.Fatalf("header %q gives file name %q", cd, fn)
		}
	})
}
