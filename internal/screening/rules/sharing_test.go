package rules

import (
	"os"
	"path/filepath"
	"testing"
)

const audienceRules = `rules:
  - id: T-ABROAD
    jurisdiction: CN
    subject: session
    severity: warn
    condition: viewer.country != "CN"
    explanation: {en: "seen by {{viewer.name}}", zh: "{{viewer.name}}可见"}
    citations: [{title: t, article: a}]
  - id: T-PLAIN
    jurisdiction: CN
    subject: session
    severity: info
    condition: session.city == "Beijing"
    explanation: {en: "{{session.city}}", zh: "{{session.city}}"}
    citations: [{title: t, article: a}]
`

func TestEvaluateAudiences(t *testing.T) {
	rs, err := loadOne(t, audienceRules)
	if err != nil {
		t.Fatal(err)
	}
	f := Facts{Session: Session{City: "Beijing"}}
	cn, us, hk := Audience{Viewer: Viewer{Name: "CN org", Country: "CN"}}, Audience{Viewer: Viewer{Name: "US org", Country: "US"}},
		Audience{Viewer: Viewer{Name: "HK org", Country: "HK"}}
	cases := []struct {
		name      string
		audiences []Audience
		want      map[string]string // rule id → explanation
	}{
		{"fires-for-a-later-audience-and-names-the-first-that-fires", []Audience{cn, us, hk}, map[string]string{"T-ABROAD": "seen by US org", "T-PLAIN": "Beijing"}},
		{"quiet-when-no-audience-holds", []Audience{cn}, map[string]string{"T-PLAIN": "Beijing"}},
		{"plain-rules-once-without-audiences", nil, map[string]string{"T-PLAIN": "Beijing", "T-ABROAD": "seen by —"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hits := rs.EvaluateAudiences(f, tc.audiences)
			got := map[string]string{}
			for _, h := range hits {
				if _, dup := got[h.RuleID]; dup {
					t.Fatalf("rule %s hit twice", h.RuleID)
				}
				got[h.RuleID] = h.Explanation.EN
			}
			if len(got) != len(tc.want) {
				t.Fatalf("hits %v, want %v", got, tc.want)
			}
			for id, exp := range tc.want {
				if got[id] != exp {
					t.Errorf("%s: %q, want %q", id, got[id], exp)
				}
			}
		})
	}
	if paths := rs.FactPaths(); len(paths["viewer.country"]) != 1 || len(paths["viewer.name"]) != 1 || len(paths["session.city"]) != 1 {
		t.Fatalf("fact paths (placeholders included): %v", paths)
	}
}

func TestDirVersionIsLoadsVersion(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(audienceRules), 0o600); err != nil {
		t.Fatal(err)
	}
	rs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	v, err := DirVersion(dir)
	if err != nil || v != rs.Version() {
		t.Fatalf("DirVersion %s (%v), Load %s", v, err, rs.Version())
	}
	if err := os.WriteFile(filepath.Join(dir, "b.yml"), []byte("rules: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if v2, _ := DirVersion(dir); v2 == v {
		t.Fatal("a new file does not change the version")
	}
}
