package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

const sdnDir = "../screening/testdata/watchlists"

// operator is the scope of `tracktwo screen import` (a platform operation).
var operator = tenant.Scope{PlatformAdmin: true, Role: tenant.RoleOwner}

func importSDN(t *testing.T, env *testkit.Env) *screening.ImportResult {
	t.Helper()
	res, err := env.App.Screening.Import(context.Background(), operator, screening.ImportInput{Format: screening.FormatOFAC,
		Shared: true, Files: os.DirFS(sdnDir), Names: []string{"sdn.csv", "alt.csv", "add.csv"}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

type wlUpload struct {
	name, content string
}

// postUpload sends a multipart watchlist import.
func postUpload(t *testing.T, env *testkit.Env, token string, fields map[string]string, files ...wlUpload) *testkit.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("file", f.name)
		_, _ = w.Write([]byte(f.content))
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/watchlists", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	return &testkit.Response{Status: resp.StatusCode, Header: resp.Header, Body: buf.Bytes()}
}

type hitList struct {
	Items []screening.Hit `json:"items"`
	Lists int             `json:"lists"`
}

func search(t *testing.T, env *testkit.Env, token string, q url.Values) hitList {
	t.Helper()
	r := env.Do("GET", "/api/v1/screening/search?"+q.Encode(), token, nil)
	if r.Status != 200 {
		t.Fatalf("search %v: %d %s", q, r.Status, r.Body)
	}
	var h hitList
	if err := json.Unmarshal(r.Body, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

const customMap = "example-custom"

func TestScreeningSDNImportAndSearch(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		tok := env.Token(us.Member)
		res := importSDN(t, env)
		if res.Stats.Entries != 7379 || res.Watchlist.EntryCount != 7379 || res.Watchlist.Version != 1 {
			t.Fatalf("import: %+v %+v", res.Stats, res.Watchlist)
		}

		// Name only: found, but only "needs corroboration"-or-better grading is the matcher's; with the
		// birth date it is strong.
		h := search(t, env, tok, url.Values{"name": {"Li Fangwei"}, "birth_date": {"1972-09-18"}})
		if len(h.Items) == 0 || h.Items[0].ListID != "ofac-sdn" || h.Items[0].Level.String() != "strong" {
			t.Fatalf("Li Fangwei with DOB: %+v", h.Items)
		}
		if len(h.Items[0].Explanation) == 0 || h.Items[0].Name == "" {
			t.Fatalf("no explanation: %+v", h.Items[0])
		}
		h = search(t, env, tok, url.Values{"name": {"李方伟"}})
		if len(h.Items) == 0 || h.Items[0].Level.String() == "strong" {
			t.Fatalf("李方伟 name only must be found and not strong: %+v", h.Items)
		}
		h = search(t, env, tok, url.Values{"name": {"Li Fangwei"}, "birth_date": {"1985"}})
		if len(h.Items) > 0 && h.Items[0].Level.String() == "strong" {
			t.Fatalf("contradicting birth year still strong: %+v", h.Items[0])
		}

		// Bad input.
		for _, q := range []string{"name=", "name=%20%20", "name=x&limit=0", "name=x&limit=abc"} {
			if r := env.Do("GET", "/api/v1/screening/search?"+q, tok, nil); r.Status != 422 {
				t.Errorf("search %s: %d %s", q, r.Status, r.Body)
			}
		}

		// GET /watchlists shows the platform list to every tenant.
		r := env.Do("GET", "/api/v1/watchlists", tok, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), `"ofac-sdn"`) || !strings.Contains(string(r.Body), `"entry_count":7379`) {
			t.Fatalf("watchlists: %d %s", r.Status, r.Body)
		}

		// A malformed re-import is refused with the place named; the list stays in force.
		bad := t.TempDir()
		raw, _ := os.ReadFile(filepath.Join(sdnDir, "sdn.csv"))
		lines := strings.SplitN(string(raw), "\n", 4)
		_ = os.WriteFile(filepath.Join(bad, "sdn.csv"), []byte(lines[0]+"\n"+lines[1]+"\n\"999\",\"SHORT ROW\"\n"), 0o600)
		_, err := env.App.Screening.Import(context.Background(), operator, screening.ImportInput{Format: screening.FormatOFAC,
			Shared: true, Files: os.DirFS(bad), Names: []string{"sdn.csv"}})
		if err == nil || !strings.Contains(err.Error(), "sdn.csv:3") || !strings.Contains(err.Error(), "unchanged") {
			t.Fatalf("malformed import: %v", err)
		}
		h = search(t, env, tok, url.Values{"name": {"Li Fangwei"}, "birth_date": {"1972"}})
		if len(h.Items) == 0 {
			t.Fatal("list no longer in force after a failed import")
		}
		lists, _ := env.App.Screening.Watchlists(context.Background(), us.Member.Scope())
		if len(lists) != 1 || lists[0].EntryCount != 7379 || lists[0].Version != 1 {
			t.Fatalf("list changed by a failed import: %+v", lists)
		}
		// Staged rows of the failed import are gone.
		db := testkit.RawDB(t, env.App.Config)
		var n int64
		db.Table("watchlist_entries").Count(&n)
		if n != 7379 {
			t.Fatalf("%d entry rows, want 7379 (failed import's staging left behind?)", n)
		}
		var failed int64
		db.Table("watchlist_imports").Where("status = ?", screening.ImportFailed).Count(&failed)
		if failed != 1 {
			t.Fatalf("%d failed imports recorded", failed)
		}

		// Re-importing the same files replaces the list (no duplicates) and bumps the version.
		res = importSDN(t, env)
		db.Table("watchlist_entries").Count(&n)
		if n != 7379 || res.Watchlist.Version != 2 {
			t.Fatalf("re-import: %d rows, version %d", n, res.Watchlist.Version)
		}

		// A second instance on the same database builds the same index at start.
		a2, err := app.Build(context.Background(), env.App.Config, env.App.DB, env.App.Log)
		if err != nil {
			t.Fatal(err)
		}
		if l, e := a2.Screening.Searchable(us.Member.Scope()); l != 1 || e != 7379 {
			t.Fatalf("second instance: %d lists, %d entries", l, e)
		}
	})
}

func TestScreeningOrgListsAreTheOrgsOwn(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		a, other := env.NewTenant("alpha", "US"), env.NewTenant("beta", "CN")
		csv1 := "id,full_name,other_names,person_or_org,born,nationality,country,notes\nX1,\"CHEN, Guangcheng\",,person,1971,CN,CN,\nX2,Acme Widgets Ltd,,organisation,,,,\n"

		// Only admins import; only platform admins import platform-wide lists.
		if r := postUpload(t, env, env.Token(a.Member), map[string]string{"format": "csv", "map": customMap}, wlUpload{"list.csv", csv1}); r.Status != 403 {
			t.Fatalf("member import: %d %s", r.Status, r.Body)
		}
		if r := postUpload(t, env, env.Token(a.Admin), map[string]string{"format": "csv", "map": customMap, "shared": "true"}, wlUpload{"list.csv", csv1}); r.Status != 403 {
			t.Fatalf("admin platform import: %d %s", r.Status, r.Body)
		}
		if r := postUpload(t, env, env.Token(a.Admin), map[string]string{"format": "nope"}, wlUpload{"list.csv", csv1}); r.Status != 422 {
			t.Fatalf("bad format: %d %s", r.Status, r.Body)
		}
		if r := postUpload(t, env, env.Token(a.Admin), map[string]string{"format": "csv", "map": "no-such-map"}, wlUpload{"list.csv", csv1}); r.Status != 422 {
			t.Fatalf("bad map: %d %s", r.Status, r.Body)
		}
		r := postUpload(t, env, env.Token(a.Admin), map[string]string{"format": "csv", "map": customMap, "list_id": "alpha-internal"}, wlUpload{"list.csv", csv1})
		if r.Status != 201 {
			t.Fatalf("admin import: %d %s", r.Status, r.Body)
		}

		ta, tb := env.Token(a.Member), env.Token(other.Admin)
		if h := search(t, env, ta, url.Values{"name": {"Chen Guangcheng"}}); len(h.Items) != 1 || h.Items[0].ListID != "alpha-internal" {
			t.Fatalf("own list: %+v", h.Items)
		}
		if h := search(t, env, tb, url.Values{"name": {"Chen Guangcheng"}}); len(h.Items) != 0 || h.Lists != 0 {
			t.Fatalf("other tenant sees alpha's list: %+v", h)
		}
		if r := env.Do("GET", "/api/v1/watchlists", tb, nil); strings.Contains(string(r.Body), "alpha-internal") {
			t.Fatalf("other tenant lists alpha's list: %s", r.Body)
		}

		// A malformed file (a row with a missing name) is refused naming the line; the list stays.
		bad := "id,full_name,other_names,person_or_org,born,nationality,country,notes\nX3,,,person,,,,\n"
		r = postUpload(t, env, env.Token(a.Admin), map[string]string{"format": "csv", "map": customMap, "list_id": "alpha-internal"}, wlUpload{"list.csv", bad})
		if r.Status != 422 || !strings.Contains(string(r.Body), "list.csv:2") {
			t.Fatalf("malformed: %d %s", r.Status, r.Body)
		}
		if h := search(t, env, ta, url.Values{"name": {"Chen Guangcheng"}}); len(h.Items) != 1 {
			t.Fatal("list lost after a malformed import")
		}

		// A re-import replaces the list as a whole.
		csv2 := "id,full_name,other_names,person_or_org,born,nationality,country,notes\nX9,\"WANG, Lijun\",,person,1959,CN,CN,\n"
		if r := postUpload(t, env, env.Token(a.Admin), map[string]string{"format": "csv", "map": customMap, "list_id": "alpha-internal"}, wlUpload{"list.csv", csv2}); r.Status != 201 {
			t.Fatalf("re-import: %d %s", r.Status, r.Body)
		}
		if h := search(t, env, ta, url.Values{"name": {"Chen Guangcheng"}}); len(h.Items) != 0 {
			t.Fatalf("replaced entry still found: %+v", h.Items)
		}
		if h := search(t, env, ta, url.Values{"name": {"王立军"}}); len(h.Items) != 1 {
			t.Fatalf("new entry not found: %+v", h.Items)
		}
		// The import is audited.
		if r := env.Do("GET", "/api/v1/audit-events", env.Token(a.Admin), nil); !strings.Contains(string(r.Body), "watchlist.import") {
			t.Fatalf("no audit event: %s", r.Body)
		}
	})
}

func TestScreeningRules(t *testing.T) {
	env := testkit.Start(t, testkit.Backend{Name: "sqlite"}, nil)
	u := env.NewTenant("usorg", "US")
	r := env.Do("GET", "/api/v1/rules", env.Token(u.Member), nil)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var out struct {
		Version string `json:"version"`
		Items   []struct {
			ID        string `json:"id"`
			Citations []any  `json:"citations"`
		} `json:"items"`
	}
	_ = json.Unmarshal(r.Body, &out)
	ids := map[string]bool{}
	for _, it := range out.Items {
		ids[it.ID] = true
		if len(it.Citations) == 0 {
			t.Errorf("%s has no citation", it.ID)
		}
	}
	for _, want := range []string{"CN-ONGO-UNREGISTERED", "CN-ONGO-LATE-FILING", "US-OFAC-SDN", "US-BIS-ENTITY", "PIPL-CROSS-BORDER", "US-FARA"} {
		if !ids[want] {
			t.Errorf("rule %s not served", want)
		}
	}
	if out.Version == "" {
		t.Error("no version")
	}
}

func TestScreeningBadRulesDirStopsStart(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("rules:\n  - id: X-BAD\n    jurisdiction: US\n    subject: session\n    severity: high\n    condition: |\n      session.no_such_fact\n    explanation: {en: a, zh: b}\n    citations: [{title: t, article: a}]\n"), 0o600)
	cfg := config.Default()
	cfg.RulesDir = dir
	_, err := app.LoadRules(cfg)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:7") || !strings.Contains(err.Error(), "X-BAD") {
		t.Fatalf("want an error naming bad.yaml:7 and the rule, got %v", err)
	}
}

func TestScreeningPages(t *testing.T) {
	env := testkit.Start(t, testkit.Backend{Name: "sqlite"}, nil)
	u := env.NewTenant("usorg", "US")
	importSDN(t, env)
	br := env.Browser()
	br.Login(u.Member)
	r := br.Get("/screening?name=" + url.QueryEscape("Li Fangwei") + "&birth_date=1972")
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, "LI, Fangwei") || !strings.Contains(body, "never legal clearance") {
		t.Fatalf("search page: %d %s", r.Status, body)
	}
	if r := br.Get("/screening?search=1&name="); r.Status != 422 || !strings.Contains(string(r.Body), `id="e-name"`) {
		t.Fatalf("empty name: %d", r.Status)
	}
	if r := br.Get("/screening?name=" + url.QueryEscape("<script>alert(1)</script>")); strings.Contains(string(r.Body), "<script>alert(1)") {
		t.Fatal("query reflected unescaped")
	}
	if r := br.Get("/screening/rules"); r.Status != 200 || !strings.Contains(string(r.Body), "CN-ONGO-UNREGISTERED") {
		t.Fatalf("rules page: %d", r.Status)
	}
}
