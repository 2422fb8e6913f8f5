package web

import (
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/paper"
)

// FuzzUploadDisposition: the Content-Disposition of a multipart file part, as a hostile client
// may send it. Whatever rawFileName and CheckFileName accept is a name without a path, quote,
// NUL or line break — the name multipart.Part.FileName would have silently shortened is seen
// whole and refused.
func FuzzUploadDisposition(f *testing.F) {
	for _, s := range []string{`form-data; name="file"; filename="paper.pdf"`, `form-data; name="file"; filename="../../x.pdf"`,
		`form-data; name="file"; filename="a\";b.pdf"`, `form-data; name="file"; filename*=UTF-8''%E8%AE%BA%E6%96%87.pdf`,
		`form-data; name="file"; filename*=UTF-8''..%2F..%2Fx`, `form-data; name="file"; filename="a%00b"`, `form-data; name=file; filename=x`,
		`form-data; name="file"; filename="C:\\fakepath\\x.pdf"`, "form-data; name=\"file\"; filename=\"a\x00b.pdf\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		name, ok := rawFileName(h)
		if !ok || paper.CheckFileName(name) != nil {
			return
		}
		if strings.ContainsAny(name, "/\\\"\x00\r\n") || name == ".." {
			t.Fatalf("accepted %q from %q", name, h)
		}
	})
}
