package paper_test

import (
	"go/build"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/paper"
)

// TestDependencyDirection: the domain package imports no HTTP framework, no ORM and no layer
// above it (DESIGN.md, Architecture).
func TestDependencyDirection(t *testing.T) {
	pkg, err := build.Import("github.com/tracktwo/tracktwo/internal/paper", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		for _, bad := range []string{"gin-gonic", "gorm.io", "/internal/web", "/internal/store", "/internal/app"} {
			if strings.Contains(imp, bad) && !strings.HasPrefix(strings.TrimPrefix(imp, "github.com/tracktwo/tracktwo"), "/internal/apperr") {
				t.Errorf("internal/paper imports %s", imp)
			}
		}
	}
}

func TestCheckFileName(t *testing.T) {
	for name, ok := range map[string]bool{
		"paper.pdf": true, "论文 终稿.docx": true, "O'Brien; draft 2.md": true, "Résumé (2).pdf": true,
		`evil";.pdf`: false, "../../etc/passwd": false, "a/b.pdf": false, `a\b.pdf`: false, "a\x00b.pdf": false,
		"a\r\nb.pdf": false, "..": false, "": false, "\u202egpj.exe": false, "a\x7fb.pdf": false, "bad\xffutf8.pdf": false,
	} {
		if got := paper.CheckFileName(name) == nil; got != ok {
			t.Errorf("CheckFileName(%q) accepted=%v, want %v", name, got, ok)
		}
	}
}
