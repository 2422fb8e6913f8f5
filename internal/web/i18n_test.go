package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/templates"
)

// TestEveryMessageInBothLanguages: every key exists in English and Chinese, and every message
// renders in both without "<no value>" or leftover template syntax.
func TestEveryMessageInBothLanguages(t *testing.T) {
	x, err := LoadI18n()
	if err != nil {
		t.Fatal(err)
	}
	if missing := x.MissingKeys(); len(missing) > 0 {
		t.Fatalf("keys missing a translation:\n%s", strings.Join(missing, "\n"))
	}
	args := func(count int) []any {
		return []any{"Name", "Ada", "Email", "a@b.test", "Org", "Org", "Count", count, "N", 3, "Date", "2026-01-01",
			"Title", "T", "Role", "r", "Reason", "r", "Status", "s", "Side", "US", "Zone", "UTC", "Days", 3, "Rule", "X", "Level", "l", "Version", 1}
	}
	// Counts 0, 1 and 2 reach every English and Chinese plural category a message may lack.
	for _, id := range x.IDs() {
		for _, lang := range Languages {
			for _, n := range []int{0, 1, 2} {
				s := x.T(lang, id, args(n)...)
				if s == id || s == "" || strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
					t.Errorf("%s/%s with Count %d renders as %q", lang, id, n, s)
				}
			}
		}
	}
	// Messages with plural forms choose them.
	if one, two := x.T("en", "flags.badge", "Count", 1), x.T("en", "flags.badge", "Count", 2); one != "1 open flag" || two != "2 open flags" {
		t.Errorf("flags.badge: %q, %q", one, two)
	}
}

// TestTemplatesUseKnownKeys: every literal message id in a template exists.
func TestTemplatesUseKnownKeys(t *testing.T) {
	x, err := LoadI18n()
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\.T "([a-z0-9_.\-]+)"`)
	err = fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		raw, _ := fs.ReadFile(templates.FS, p)
		for _, m := range re.FindAllStringSubmatch(string(raw), -1) {
			if !x.Has(m[1]) {
				t.Errorf("%s uses unknown message %q", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTemplatesParse: every page parses with the layout.
func TestTemplatesParse(t *testing.T) {
	x, _ := LoadI18n()
	r, err := LoadRenderer(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pages()) < 5 {
		t.Fatalf("only %d pages", len(r.Pages()))
	}
}
