package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// needTool returns the path of an external reader, skipping the test when it is missing —
// unless TRACKTWO_CI is set, where CI installs it and a missing tool is a failure.
func needTool(t testing.TB, name, aptPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := name + " not found: install the Debian package " + aptPackage + " to run this test"
	if os.Getenv("TRACKTWO_CI") != "" {
		t.Fatal(msg + " (required because TRACKTWO_CI is set)")
	}
	t.Skip(msg)
	return ""
}

func render(t testing.TB, f Format, v minutes.View, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, f, v, o); err != nil {
		t.Fatalf("Render(%s, %s): %v", f, o.Lang, err)
	}
	return b.Bytes()
}

// pdfText extracts the text of a PDF with poppler's pdftotext.
func pdfToText(t testing.TB, pdf []byte) string {
	t.Helper()
	tool := needTool(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// docxParts opens a DOCX and returns its parts, checking the ZIP structure.
func docxParts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("DOCX is not a ZIP: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Fatalf("unsafe entry name %q", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

// wellFormed reports an XML syntax error in b, if any.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// docxText is the text of word/document.xml: tags stripped, entities decoded.
func docxText(t testing.TB, data []byte) string {
	t.Helper()
	doc := docxParts(t, data)["word/document.xml"]
	s := strings.NewReplacer("<w:br/>", "\n", "</w:p>", "\n", "<w:tab/>", "\t").Replace(string(doc))
	return html.UnescapeString(tagRE.ReplaceAllString(s, ""))
}

// htmlText is the visible text of an HTML export.
func htmlText(b []byte) string {
	s := string(b)
	if i := strings.Index(s, "</style>"); i >= 0 {
		s = s[i:]
	}
	return html.UnescapeString(tagRE.ReplaceAllString(s, " "))
}

var mdEscRE = regexp.MustCompile(`\\([[:punct:]])`)

// mdText undoes Markdown backslash escapes.
func mdText(b []byte) string { return mdEscRE.ReplaceAllString(string(b), "$1") }

// squash removes all white space, so a name broken across lines is still found.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}
