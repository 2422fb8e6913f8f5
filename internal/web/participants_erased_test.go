package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// auditDetails returns the details of the newest audit event of action on target (as an org
// admin reads them), or nil.
func (w *i3world) auditDetails(t *testing.T, tok, action, target string) map[string]any {
	t.Helper()
	r := w.env.Do("GET", "/api/v1/audit-events?limit=200", tok, nil)
	mustStatus(t, r, 200)
	for _, e := range items(r) {
		if str(e, "action") == action && (target == "" || str(e, "target_id") == target) {
			var d map[string]any
			if err := json.Unmarshal([]byte(str(e, "details")), &d); err != nil {
				t.Fatalf("details of %s: %v", action, err)
			}
			return d
		}
	}
	return nil
}

// problemsWithCode returns the report's problems of one code.
func problemsWithCode(rep map[string]any, code string) []map[string]any {
	var out []map[string]any
	list, _ := rep["problems"].([]any)
	for _, p := range list {
		if m := p.(map[string]any); str(m, "code") == code {
			out = append(out, m)
		}
	}
	return out
}

// TestErasedParticipantSuppression: erasing a person puts digests of their keys (e-mail; names
// and employer) on the organization's suppression list; an import then leaves them out (API and
// page, dry run and real run) unless asked to add them, which clears the list.
func TestErasedParticipantSuppression(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		r := env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "SUN Yu", "name_native": "孙宇",
			"employer": "Fudan Institute", "email": "Sun.Yu@Example.cn", "position": "Editor"})
		mustStatus(t, r, 201)
		sun := str(r.JSON(), "id")
		mustStatus(t, env.Do("POST", "/api/v1/participants/"+sun+"/consents", w.cnTok,
			map[string]any{"purpose": "sharing", "granted": true, "text_version": "v1"}), 201)
		mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+sun, w.cnTok, nil), 204)
		today := time.Now().UTC().Format(time.DateOnly)
		if d := w.auditDetails(t, w.cnAdminTok, "participant.delete", sun); d == nil || d["suppressed_keys"] != float64(2) {
			t.Fatalf("the erasure's audit event should count 2 suppressed keys: %v", d)
		}
		// The old file: Sun Yu by e-mail (case differs), Sun Yu without an e-mail (names and
		// employer), and someone new.
		oldFile := []string{"Name,Native name,Employer,Email,Position",
			"SUN Yu,,,sun.yu@example.cn,Editor",
			"Sun Yu,孙宇,Fudan Institute,,Editor",
			"QIAN Li,钱立,Fudan Institute,qian.li@example.cn,Fellow"}
		countOf := func(q string) int { return len(items(env.Do("GET", "/api/v1/participants?q="+q, w.cnTok, nil))) }

		t.Run("erased-person-is-suppressed-on-import", func(t *testing.T) {
			r := w.importCSV(t, false, oldFile...)
			mustStatus(t, r, 201)
			rep := wantCounts(t, r, 1, 0, 0, 0)
			if count(t, rep, "suppressed") != 2 || count(t, rep, "readded") != 0 {
				t.Fatalf("want 2 suppressed rows: %s", r.Body)
			}
			ps := problemsWithCode(rep, "erased")
			if len(ps) != 2 || ps[0]["row"] != float64(2) || ps[1]["row"] != float64(3) {
				t.Fatalf("want an erased warning on rows 2 and 3: %s", r.Body)
			}
			for _, p := range ps {
				if str(p, "severity") != "warning" || str(p, "erased_on") != today ||
					str(p, "message") != "this person's data was erased on "+today+"; tick 'add people erased before' to add them again" {
					t.Fatalf("the warning: %v", p)
				}
			}
			if n := countOf("sun"); n != 0 {
				t.Fatalf("the erased person was added again (%d)", n)
			}
			if n := countOf("qian.li"); n != 1 {
				t.Fatalf("the new person was not added (%d)", n)
			}
			if d := w.auditDetails(t, w.cnAdminTok, "participant.import", ""); d == nil || d["suppressed"] != float64(2) {
				t.Fatalf("the import's audit event should count the suppressed rows: %v", d)
			}
		})

		t.Run("dry-run-reports-suppressed", func(t *testing.T) {
			r := w.importCSV(t, true, "Name,Email,Position", "SUN Yu,sun.yu@example.cn,Editor", "ZHAO Min,zhao.min@example.cn,Fellow")
			mustStatus(t, r, 200)
			rep := wantCounts(t, r, 1, 0, 0, 0)
			if count(t, rep, "suppressed") != 1 || rep["dry_run"] != true || rep["saved"] != false || len(problemsWithCode(rep, "erased")) != 1 {
				t.Fatalf("the dry run's report: %s", r.Body)
			}
			if countOf("sun") != 0 || countOf("zhao") != 0 {
				t.Fatal("a dry run saved")
			}
		})

		t.Run("page-shows-the-warning-in-both-languages", func(t *testing.T) {
			br := browserAs(t, env, w.cn.Organizer)
			page := br.Get("/participants/import")
			mustStatus(t, page, 200)
			if !bytes.Contains(page.Body, []byte(`name="include_erased"`)) || !bytes.Contains(page.Body, []byte("Add people erased before")) {
				t.Fatal("the page lacks the include-erased checkbox")
			}
			post := func(includeErased string) *testkit.Response {
				parts := []field{{Name: "mode", Value: "check"}}
				if includeErased != "" {
					parts = append(parts, field{Name: "include_erased", Value: includeErased})
				}
				parts = append(parts, field{File: true, FileName: "people.csv", Content: []byte("Name,Email\nSUN Yu,sun.yu@example.cn\n")})
				body, ct := multipartBody(t, parts)
				return br.PostMultipart("/participants/import", ct, body.Bytes())
			}
			r := post("")
			mustStatus(t, r, 200)
			for _, want := range []string{"This person&#39;s data was erased on " + today + "; tick &#39;Add people erased before&#39; to add them again.",
				"Rows left out (people erased before)</th><td>1<", "New people</th><td>0<"} {
				if !bytes.Contains(r.Body, []byte(want)) {
					t.Fatalf("the English check lacks %q", want)
				}
			}
			r = post("1")
			mustStatus(t, r, 200)
			for _, want := range []string{"Rows left out (people erased before)</th><td>0<", "People erased before, added again</th><td>1<",
				"New people</th><td>1<", `value="1" aria-describedby="h-include_erased" checked`} {
				if !bytes.Contains(r.Body, []byte(want)) {
					t.Fatalf("the English check with include_erased lacks %q", want)
				}
			}
			if countOf("sun") != 0 {
				t.Fatal("checking the file saved it")
			}
			mustStatus(t, env.Do("PATCH", "/api/v1/me", w.cnTok, map[string]any{"language": "zh"}), 200)
			r = post("")
			mustStatus(t, r, 200)
			for _, want := range []string{"此人的数据已于" + today + "删除；如需重新添加，请勾选“添加此前已删除的人员”。",
				"未导入的行（此前已删除的人员）</th><td>1<", "添加此前已删除的人员</label>"} {
				if !bytes.Contains(r.Body, []byte(want)) {
					t.Fatalf("the Chinese check lacks %q", want)
				}
			}
			mustStatus(t, env.Do("PATCH", "/api/v1/me", w.cnTok, map[string]any{"language": "en"}), 200)
		})

		t.Run("other-organization-unaffected", func(t *testing.T) {
			r := upload(t, env, "/api/v1/participants/import", w.usTok, "people.csv", []byte(strings.Join(oldFile, "\n")+"\n"))
			mustStatus(t, r, 201)
			rep := wantCounts(t, r, 3, 0, 0, 0)
			if count(t, rep, "suppressed") != 0 || len(problemsWithCode(rep, "erased")) != 0 {
				t.Fatalf("another organization's import is suppressed: %s", r.Body)
			}
		})

		t.Run("digests-hold-no-plain-key", func(t *testing.T) {
			raw := testkit.RawDB(t, env.App.Config)
			var rows []struct {
				OrgID     string
				KeyDigest string
				ErasedAt  time.Time
			}
			if err := raw.Raw("SELECT org_id, key_digest, erased_at FROM erased_keys ORDER BY key_digest").Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 {
				t.Fatalf("want 2 digests (e-mail; names and employer), got %d", len(rows))
			}
			hexDigest := regexp.MustCompile(`^[0-9a-f]{64}$`)
			unkeyed := map[string]bool{}
			for _, k := range []string{"email:sun.yu@example.cn", "name:sun yu|孙宇|fudan institute"} {
				s := sha256.Sum256([]byte(k))
				unkeyed[hex.EncodeToString(s[:])] = true
			}
			for _, row := range rows {
				low := strings.ToLower(row.KeyDigest)
				if row.OrgID != w.cn.Org.ID || !hexDigest.MatchString(row.KeyDigest) || unkeyed[row.KeyDigest] {
					t.Fatalf("not a keyed digest of the CN organization: %+v", row)
				}
				for _, plain := range []string{"sun.yu", "example.cn", "sun", "孙宇", "fudan", "@"} {
					if strings.Contains(low, plain) {
						t.Fatalf("the digest holds %q: %s", plain, row.KeyDigest)
					}
				}
			}
			// The secret stays on the server: not in the audit log, nor in the registry export.
			var secret string
			if err := raw.Raw("SELECT secret FROM installation_secrets").Scan(&secret).Error; err != nil || len(secret) != 64 {
				t.Fatalf("the erasure secret: %q %v", secret, err)
			}
			for _, path := range []string{"/api/v1/audit-events?limit=200", "/api/v1/participants/export?format=csv"} {
				r := env.Do("GET", path, w.cnAdminTok, nil)
				mustStatus(t, r, 200)
				if bytes.Contains(r.Body, []byte(secret)) || bytes.Contains(r.Body, []byte(rows[0].KeyDigest)) {
					t.Fatalf("%s shows the secret or a digest", path)
				}
			}
		})

		t.Run("include-erased-adds-them-and-clears-the-list", func(t *testing.T) {
			full := []byte("Name,Native name,Employer,Email,Position\nSUN Yu,孙宇,Fudan Institute,sun.yu@example.cn,Editor\n")
			mustStatus(t, upload(t, env, "/api/v1/participants/import?include_erased=maybe", w.cnTok, "people.csv", full), 422)
			r := upload(t, env, "/api/v1/participants/import?include_erased=true&dry_run=true", w.cnTok, "people.csv", full)
			mustStatus(t, r, 200)
			if rep := wantCounts(t, r, 1, 0, 0, 0); count(t, rep, "readded") != 1 || count(t, rep, "suppressed") != 0 {
				t.Fatalf("the dry run with include_erased: %s", r.Body)
			}
			raw := testkit.RawDB(t, env.App.Config)
			listed := func() (n int64) {
				if err := raw.Raw("SELECT COUNT(*) FROM erased_keys WHERE org_id = ?", w.cn.Org.ID).Scan(&n).Error; err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := listed(); n != 2 {
				t.Fatalf("a dry run changed the list: %d digests", n)
			}
			r = upload(t, env, "/api/v1/participants/import?include_erased=true", w.cnTok, "people.csv", full)
			mustStatus(t, r, 201)
			if rep := wantCounts(t, r, 1, 0, 0, 0); count(t, rep, "readded") != 1 || count(t, rep, "suppressed") != 0 || len(problemsWithCode(rep, "erased")) != 0 {
				t.Fatalf("the import with include_erased: %s", r.Body)
			}
			found := items(env.Do("GET", "/api/v1/participants?q=sun.yu", w.cnTok, nil))
			if len(found) != 1 || str(found[0], "id") == sun {
				t.Fatalf("after re-adding: %v", found)
			}
			again := str(found[0], "id")
			if n := len(items(env.Do("GET", "/api/v1/participants/"+again+"/consents", w.cnTok, nil))); n != 0 {
				t.Fatalf("the new record has %d consents of the erased one", n)
			}
			if n := listed(); n != 0 {
				t.Fatalf("re-adding left %d digests on the list", n)
			}
			if d := w.auditDetails(t, w.cnAdminTok, "participant.readd", again); d == nil || d["cleared_keys"] != float64(2) || d["via"] != "import" {
				t.Fatalf("the re-adding's audit event: %v", d)
			}
			// Back in the registry: the old file's row updates nothing and is not suppressed.
			r = w.importCSV(t, false, "Name,Email,Position", "SUN Yu,sun.yu@example.cn,Editor")
			mustStatus(t, r, 201)
			if rep := wantCounts(t, r, 0, 0, 1, 0); count(t, rep, "suppressed") != 0 {
				t.Fatalf("after re-adding: %s", r.Body)
			}
			// Erased again: suppressed again.
			mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+again, w.cnTok, nil), 204)
			r = w.importCSV(t, true, "Name,Email,Position", "SUN Yu,sun.yu@example.cn,Editor")
			mustStatus(t, r, 200)
			if rep := wantCounts(t, r, 0, 0, 0, 0); count(t, rep, "suppressed") != 1 {
				t.Fatalf("after erasing again: %s", r.Body)
			}
		})
	})
}
