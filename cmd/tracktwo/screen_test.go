package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScreenMatchJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"screen", "match", "Chang Wei", "張偉"}, &out); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Score       float64  `json:"score"`
		Match       bool     `json:"match"`
		Explanation []string `json:"explanation"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || !res.Match || res.Score < 0.85 || len(res.Explanation) == 0 {
		t.Fatalf("%s %v", out.String(), err)
	}
	if err := run([]string{"screen", "match", " ", "x"}, &out); err == nil {
		t.Error("empty name accepted")
	}
	if err := run([]string{"screen", "match", "only-one"}, &out); err == nil {
		t.Error("one name accepted")
	}
}

func TestScreenMatchCSV(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pairs.csv")
	_ = os.WriteFile(p, []byte("name1,name2\n\"ZHANG, Wei\",张伟\nLi Fangwei,Li Fangwen\n\"a \"\"quoted\"\", name\",x\n"), 0o600)
	var out bytes.Buffer
	if err := run([]string{"screen", "match", "--csv", p}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || lines[0] != "name1,name2,score,match" || !strings.HasSuffix(lines[1], ",true") ||
		!strings.HasSuffix(lines[2], ",false") || !strings.HasPrefix(lines[3], `"a ""quoted"", name",x,`) {
		t.Fatalf("output:\n%s", out.String())
	}
	_ = os.WriteFile(p, []byte("name1,name2\nonly-one-column\n"), 0o600)
	if err := run([]string{"screen", "match", "--csv", p}, &out); err == nil || !strings.Contains(err.Error(), ":2:") {
		t.Fatalf("short row: %v", err)
	}
}

// TestScreenImportSearchRun imports the SDN fixture, searches it and re-screens, on a fresh
// SQLite database; a malformed import is refused naming the file and line.
func TestScreenImportSearchRun(t *testing.T) {
	t.Setenv("TRACKTWO_DATA_DIR", t.TempDir())
	t.Setenv("TRACKTWO_DATABASE_URL", "")
	fixture := "../../internal/screening/testdata/watchlists/"
	var out bytes.Buffer
	if err := run([]string{"screen", "import", "--format", "ofac", fixture + "sdn.csv"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "7379 entries") {
		t.Fatalf("import: %s", out.String())
	}
	out.Reset()
	if err := run([]string{"screen", "search", "--list", "ofac-sdn", "--birth-date", "1972-09-18", "李方伟"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "LI, Fangwei") {
		t.Fatalf("search: %s", out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	_ = os.WriteFile(bad, []byte("1,2\n"), 0o600)
	if err := run([]string{"screen", "import", "--format", "csl", bad}, &out); err == nil || !strings.Contains(err.Error(), "bad.csv:1") {
		t.Fatalf("malformed import: %v", err)
	}
	out.Reset()
	if err := run([]string{"screen", "run"}, &out); err != nil || !strings.Contains(out.String(), "7379 entries") {
		t.Fatalf("run: %v %s", err, out.String())
	}
}
