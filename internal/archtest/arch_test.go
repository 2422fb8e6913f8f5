// Package archtest keeps DESIGN.md's dependency direction true: domain packages import no gin,
// no gorm, no web and no store; web imports no gorm and no store. Only cmd, app, store, demo and
// test helpers wire things together.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/tracktwo/tracktwo/"

// wiring packages may import anything.
var wiring = map[string]bool{"internal/app": true, "internal/store": true, "internal/demo": true,
	"internal/testkit": true, "internal/archtest": true}

func TestDependencyDirection(t *testing.T) {
	root := "../.."
	checked := 0
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		rel = filepath.ToSlash(rel)
		top := strings.Join(strings.SplitN(rel, "/", 3)[:2], "/")
		if wiring[top] {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			forbidden := strings.HasPrefix(path, "gorm.io/") || path == module+"internal/store" ||
				path == module+"internal/app" || path == module+"internal/testkit"
			if top != "internal/web" {
				forbidden = forbidden || strings.HasPrefix(path, "github.com/gin-gonic/") || path == module+"internal/web"
			}
			if forbidden {
				t.Errorf("%s imports %s (DESIGN.md: dependency direction)", p, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d files", checked)
	}
}

// TestMinutesAndCommitmentsStandAlone: the minutes and commitment packages know neither the
// sessions area nor each other; internal/app adapts them (DESIGN.md: adapters between domains).
func TestMinutesAndCommitmentsStandAlone(t *testing.T) {
	others := map[string][]string{
		"internal/minutes":    {"internal/dialogue", "internal/commitment", "internal/participant", "internal/paper", "internal/screening"},
		"internal/commitment": {"internal/dialogue", "internal/minutes", "internal/participant", "internal/paper", "internal/screening"},
	}
	for dir, banned := range others {
		files, err := filepath.Glob(filepath.Join("../..", dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, p := range files {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, b := range banned {
					if path == module+b {
						t.Errorf("%s imports %s: adapt it in internal/app instead", p, path)
					}
				}
			}
		}
	}
}
