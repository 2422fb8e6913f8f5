package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tracktwo/tracktwo/internal/tabular"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// importCSV uploads a CSV participant list (rows joined by newlines) as the CN organizer.
func (w *i3world) importCSV(t *testing.T, dryRun bool, lines ...string) *testkit.Response {
	t.Helper()
	path := "/api/v1/participants/import"
	if dryRun {
		path += "?dry_run=true"
	}
	return upload(t, w.env, path, w.cnTok, "people.csv", []byte(strings.Join(lines, "\n")+"\n"))
}

// count reads a number of an import report.
func count(t *testing.T, rep map[string]any, k string) int {
	t.Helper()
	n, ok := rep[k].(float64)
	if !ok {
		t.Fatalf("report lacks %q: %v", k, rep)
	}
	return int(n)
}

// wantCounts checks an import report's counts: created, updated, unchanged, skipped (existing
// must be updated + unchanged).
func wantCounts(t *testing.T, r *testkit.Response, created, updated, unchanged, skipped int) map[string]any {
	t.Helper()
	rep := r.JSON()
	got := []int{count(t, rep, "created"), count(t, rep, "updated"), count(t, rep, "unchanged"), count(t, rep, "skipped")}
	if !slices.Equal(got, []int{created, updated, unchanged, skipped}) || count(t, rep, "existing") != updated+unchanged {
		t.Fatalf("counts created/updated/unchanged/skipped %v, want %v (existing = updated + unchanged): %s", got,
			[]int{created, updated, unchanged, skipped}, r.Body)
	}
	return rep
}

// updatesOf returns the report's updates as "row participant_id field,field…".
func updatesOf(rep map[string]any) []string {
	var out []string
	list, _ := rep["updates"].([]any)
	for _, u := range list {
		m := u.(map[string]any)
		var fields []string
		for _, f := range m["fields"].([]any) {
			fields = append(fields, f.(string))
		}
		out = append(out, fmt.Sprintf("%v %s %s", m["row"], str(m, "participant_id"), strings.Join(fields, ",")))
	}
	return out
}

func (w *i3world) getParticipant(t *testing.T, id string) map[string]any {
	t.Helper()
	r := w.env.Do("GET", "/api/v1/participants/"+id, w.cnTok, nil)
	mustStatus(t, r, 200)
	return r.JSON()
}

func (w *i3world) auditCount(t *testing.T, action, target string) int {
	t.Helper()
	n, next := 0, "/api/v1/audit-events?limit=200"
	for next != "" {
		r := w.env.Do("GET", next, w.cnAdminTok, nil)
		mustStatus(t, r, 200)
		for _, e := range items(r) {
			if str(e, "action") == action && (target == "" || str(e, "target_id") == target) {
				n++
			}
		}
		next = ""
		if c := str(r.JSON(), "next_cursor"); c != "" {
			next = "/api/v1/audit-events?limit=200&cursor=" + c
		}
	}
	return n
}

// TestParticipantImportUpdates: an import updates the people already in the registry from the
// non-empty cells of their rows, reports what changes, and changes nothing a second time.
func TestParticipantImportUpdates(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		r := env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "ZHANG Wei", "name_native": "张伟",
			"nationality": []string{"CN"}, "employer": "Jinghua University", "position": "Lecturer", "email": "zhang.wei@jinghua.example",
			"phone": "+86 10 1234 5678", "languages": []string{"zh", "en"}, "notes": "Met in 2024"})
		mustStatus(t, r, 201)
		zhang := str(r.JSON(), "id")
		mustStatus(t, env.Do("POST", "/api/v1/participants/"+zhang+"/consents", w.cnTok,
			map[string]any{"purpose": "processing", "granted": true, "text_version": "v1"}), 201)
		r = env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "LI Na", "name_native": "李娜",
			"employer": "Fudan Institute", "position": "Researcher"})
		mustStatus(t, r, 201)
		li := str(r.JSON(), "id")
		registrySize := func() int { return len(items(env.Do("GET", "/api/v1/participants?limit=200", w.cnTok, nil))) }

		t.Run("update-by-email", func(t *testing.T) {
			r := w.importCSV(t, false, "Email,Name,Position,Employer",
				"zhang.wei@jinghua.example,ZHANG Wei,Professor,Qinghe Institute")
			mustStatus(t, r, 201)
			rep := wantCounts(t, r, 0, 1, 0, 0)
			if u := updatesOf(rep); !slices.Equal(u, []string{"2 " + zhang + " employer,position"}) || rep["saved"] != true {
				t.Fatalf("updates %v: %s", u, r.Body)
			}
			p := w.getParticipant(t, zhang)
			if str(p, "position") != "Professor" || str(p, "employer") != "Qinghe Institute" || str(p, "phone") != "+86 10 1234 5678" ||
				str(p, "notes") != "Met in 2024" || str(p, "name_native") != "张伟" {
				t.Fatalf("after the import: %v", p)
			}
			// As after a PATCH: the search terms follow, the change is audited, consents stay.
			for q, want := range map[string]int{"qinghe": 1, "university": 0} {
				if n := len(items(env.Do("GET", "/api/v1/participants?q="+q, w.cnTok, nil))); n != want {
					t.Fatalf("search %q after the import: %d, want %d", q, n, want)
				}
			}
			if w.auditCount(t, "participant.update", zhang) != 1 || w.auditCount(t, "participant.import", "") != 1 {
				t.Fatal("the update is not audited as participant.update (with the import)")
			}
			if n := len(items(env.Do("GET", "/api/v1/participants/"+zhang+"/consents", w.cnTok, nil))); n != 1 {
				t.Fatalf("consents after the import: %d", n)
			}
			if registrySize() != 2 {
				t.Fatal("the update added someone")
			}
		})

		t.Run("empty-cell-keeps-value", func(t *testing.T) {
			r := w.importCSV(t, false, "Name,Native name,Email,Phone,Notes,Position",
				"ZHANG Wei,,zhang.wei@jinghua.example,,,Dean")
			mustStatus(t, r, 201)
			if u := updatesOf(wantCounts(t, r, 0, 1, 0, 0)); !slices.Equal(u, []string{"2 " + zhang + " position"}) {
				t.Fatalf("updates %v", u)
			}
			p := w.getParticipant(t, zhang)
			if str(p, "position") != "Dean" || str(p, "name_native") != "张伟" || str(p, "phone") != "+86 10 1234 5678" ||
				str(p, "notes") != "Met in 2024" || fmt.Sprint(p["languages"]) != "[zh en]" || fmt.Sprint(p["nationality"]) != "[CN]" {
				t.Fatalf("an empty cell or an absent column erased a value: %v", p)
			}
		})

		t.Run("unchanged-row", func(t *testing.T) {
			before := w.getParticipant(t, zhang)
			r := w.importCSV(t, false, "Name,Native name,Email,Position,Employer,Nationality",
				"ZHANG Wei,张伟,zhang.wei@jinghua.example,Dean,Qinghe Institute,中国")
			mustStatus(t, r, 201)
			if u := updatesOf(wantCounts(t, r, 0, 0, 1, 0)); len(u) != 0 {
				t.Fatalf("updates of an unchanged row: %v", u)
			}
			if after := w.getParticipant(t, zhang); str(after, "updated_at") != str(before, "updated_at") {
				t.Fatalf("an unchanged row was written: %v → %v", before["updated_at"], after["updated_at"])
			}
			if w.auditCount(t, "participant.update", zhang) != 2 {
				t.Fatal("an unchanged row was audited as an update")
			}
		})

		t.Run("dry-run-saves-nothing", func(t *testing.T) {
			r := w.importCSV(t, true, "Name,Email,Position", "ZHANG Wei,zhang.wei@jinghua.example,Provost",
				"CHEN Jie,chen.jie@example.cn,Analyst")
			mustStatus(t, r, 200)
			rep := wantCounts(t, r, 1, 1, 0, 0)
			if u := updatesOf(rep); !slices.Equal(u, []string{"2 " + zhang + " position"}) || rep["saved"] != false || rep["dry_run"] != true {
				t.Fatalf("dry run: %s", r.Body)
			}
			if str(w.getParticipant(t, zhang), "position") != "Dean" || registrySize() != 2 {
				t.Fatal("a dry run saved something")
			}
		})

		t.Run("bad-row-saves-nothing", func(t *testing.T) {
			r := w.importCSV(t, false, "Name,Email,Position", "ZHANG Wei,zhang.wei@jinghua.example,Rector",
				"CHEN Jie,not-mail,Analyst")
			mustStatus(t, r, 422)
			if fieldErrors(r)["B3"] == "" {
				t.Fatalf("want the error at B3: %s", r.Body)
			}
			if str(w.getParticipant(t, zhang), "position") != "Dean" || registrySize() != 2 {
				t.Fatal("a file with a bad row saved something")
			}
		})

		t.Run("reimport-is-idempotent", func(t *testing.T) {
			// Zhang by e-mail; Li, registered without an e-mail, by names and employer (and given the
			// e-mail); a new person. The second import of the same file changes nothing.
			file := []string{"姓名(拉丁),姓名(原文),电子邮箱,工作单位,职务,语言",
				"ZHANG Wei,张伟,zhang.wei@jinghua.example,Qinghe Institute,Dean,中文;English;法语",
				"LI Na,李娜,li.na@fudan.example,Fudan Institute,Senior researcher,",
				"ZHAO Lei,赵磊,zhao.lei@example.cn,Nankai Institute,Fellow,en"}
			r := w.importCSV(t, false, file...)
			mustStatus(t, r, 201)
			rep := wantCounts(t, r, 1, 2, 0, 0)
			if u := updatesOf(rep); !slices.Equal(u, []string{"2 " + zhang + " languages", "3 " + li + " position,email"}) {
				t.Fatalf("updates %v", u)
			}
			if p := w.getParticipant(t, li); str(p, "email") != "li.na@fudan.example" || str(p, "position") != "Senior researcher" {
				t.Fatalf("Li after the import: %v", p)
			}
			before, audits := registrySize(), w.auditCount(t, "participant.update", "")
			r = w.importCSV(t, false, file...)
			mustStatus(t, r, 201)
			if u := updatesOf(wantCounts(t, r, 0, 0, 3, 0)); len(u) != 0 {
				t.Fatalf("the second import changes %v", u)
			}
			if registrySize() != before || before != 3 || w.auditCount(t, "participant.update", "") != audits {
				t.Fatal("the second import of the same file changed the registry")
			}
		})

		t.Run("repeated-person-is-skipped", func(t *testing.T) {
			r := env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "WANG Fang", "name_native": "王芳",
				"employer": "Peking Institute"})
			mustStatus(t, r, 201)
			wang := str(r.JSON(), "id")
			// Both rows are Wang (the second by names and employer, having an e-mail the registry lacks).
			r = w.importCSV(t, true, "Name,Native name,Employer,Email,Position", "WANG Fang,王芳,Peking Institute,,Director",
				"WANG Fang,王芳,Peking Institute,wang.fang@pku.example,Director")
			mustStatus(t, r, 200)
			rep := wantCounts(t, r, 0, 1, 0, 1)
			if u := updatesOf(rep); !slices.Equal(u, []string{"2 " + wang + " position"}) || !bytes.Contains(r.Body, []byte("same person as row 2")) {
				t.Fatalf("repeated person: %s", r.Body)
			}
		})

		t.Run("new-email-warns-and-adds", func(t *testing.T) {
			// A different e-mail is a different person (the registry's key): added, with a warning
			// naming the person of the same name.
			r := w.importCSV(t, true, "Name,Native name,Email", "ZHANG Wei,张伟,zw@new.example")
			mustStatus(t, r, 200)
			wantCounts(t, r, 1, 0, 0, 0)
			if !bytes.Contains(r.Body, []byte(`"code":"same_name"`)) || !bytes.Contains(r.Body, []byte("zhang.wei@jinghua.example")) {
				t.Fatalf("want a same-name warning: %s", r.Body)
			}
		})

		t.Run("erased-person-is-not-resurrected", func(t *testing.T) {
			r := env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "SUN Yu", "email": "sun.yu@example.cn",
				"position": "Editor"})
			mustStatus(t, r, 201)
			sun := str(r.JSON(), "id")
			mustStatus(t, env.Do("POST", "/api/v1/participants/"+sun+"/consents", w.cnTok,
				map[string]any{"purpose": "sharing", "granted": true, "text_version": "v1"}), 201)
			mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+sun, w.cnTok, nil), 204)
			// Erasure leaves only a digest behind: an old file leaves the person out (suppressed),
			// and when asked to add them adds a new, unrelated record.
			r = w.importCSV(t, false, "Name,Email", "SUN Yu,sun.yu@example.cn")
			mustStatus(t, r, 201)
			if rep := wantCounts(t, r, 0, 0, 0, 0); count(t, rep, "suppressed") != 1 {
				t.Fatalf("the erased person is not suppressed: %s", r.Body)
			}
			r = upload(t, env, "/api/v1/participants/import?include_erased=true", w.cnTok, "people.csv", []byte("Name,Email\nSUN Yu,sun.yu@example.cn\n"))
			mustStatus(t, r, 201)
			wantCounts(t, r, 1, 0, 0, 0)
			mustStatus(t, env.Do("GET", "/api/v1/participants/"+sun, w.cnTok, nil), 404)
			found := items(env.Do("GET", "/api/v1/participants?q=sun.yu", w.cnTok, nil))
			if len(found) != 1 || str(found[0], "id") == sun || str(found[0], "position") != "" {
				t.Fatalf("after re-import: %v", found)
			}
			if n := len(items(env.Do("GET", "/api/v1/participants/"+str(found[0], "id")+"/consents", w.cnTok, nil))); n != 0 {
				t.Fatalf("the new record has %d consents of the erased one", n)
			}
		})

		t.Run("update-recomputes-flags", func(t *testing.T) {
			importSDN(t, env)
			sid := w.session(t, w.usTok, beijing)
			w.transition(t, w.usTok, sid, "proposed", "", 200)
			pid := w.participant(t, w.cnTok, "Li Fangwei", "李方伟")
			mustStatus(t, env.Do("PATCH", "/api/v1/participants/"+pid, w.cnTok, map[string]any{"nationality": []string{}}), 200)
			mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, map[string]any{"participant_id": pid}), 201)
			path := "/api/v1/sessions/" + sid + "/flags"
			if f := flagsOf(t, env, path, w.cnTok)["US-OFAC-SDN/"+pid]; f.Severity != "warn" {
				t.Fatalf("want a name-only warning before the import: %+v", f)
			}
			r := w.importCSV(t, false, "Name,Native name,Employer,Nationality,Date of birth", "Li Fangwei,李方伟,Institute of Li Fangwei,CN,1972-09-18")
			mustStatus(t, r, 201)
			wantCounts(t, r, 0, 1, 0, 0)
			f := flagsOf(t, env, path, w.cnTok)["US-OFAC-SDN/"+pid]
			if f.Severity != "block" || len(f.Matches) == 0 || f.Matches[0].Level != "corroborated" {
				t.Fatalf("flags not recomputed after the import: %+v", f)
			}
		})

		t.Run("many-updates-in-one-import", func(t *testing.T) {
			// Enough rows for the prepared statements of the batched writes (updates, audit events).
			file := func(position, employer string) []string {
				lines := []string{"Name,Email,Employer,Position"}
				for i := 0; i < 250; i++ {
					lines = append(lines, fmt.Sprintf("BULK %03d,bulk%03d@example.cn,%s %d,%s", i, i, employer, i%7, position))
				}
				return lines
			}
			mustStatus(t, w.importCSV(t, false, file("Fellow", "Alpha Institute")...), 201)
			audits := w.auditCount(t, "participant.update", "")
			r := w.importCSV(t, false, file("Senior fellow", "Beta Institute")...)
			mustStatus(t, r, 201)
			if u := updatesOf(wantCounts(t, r, 0, 250, 0, 0)); len(u) != 250 || !strings.HasSuffix(u[249], " employer,position") {
				t.Fatalf("updates: %d", len(u))
			}
			found := items(env.Do("GET", "/api/v1/participants?q="+"bulk249", w.cnTok, nil))
			if len(found) != 1 || str(found[0], "position") != "Senior fellow" || str(found[0], "employer") != "Beta Institute 4" {
				t.Fatalf("after the bulk update: %v", found)
			}
			for q, want := range map[string]int{"alpha": 0, "beta": 50} {
				if n := len(items(env.Do("GET", "/api/v1/participants?limit=50&q="+q, w.cnTok, nil))); n != want {
					t.Fatalf("search %q: %d, want %d", q, n, want)
				}
			}
			if n := w.auditCount(t, "participant.update", ""); n != audits+250 {
				t.Fatalf("audit events: %d after %d", n, audits)
			}
		})

		// The audit chain stays whole after the batched appends.
		if _, problems, err := env.App.Audit.Verify(t.Context()); err != nil || len(problems) > 0 {
			t.Fatalf("audit chain: %v %v", err, problems)
		}
	})
}

// TestParticipantImportTemplate: the template holds the header of every importable column, in
// English or Chinese, as CSV or XLSX, and imports as it is once filled in.
func TestParticipantImportTemplate(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		t.Run("template-has-every-column-in-both-languages", func(t *testing.T) {
			headers := map[string][]string{}
			for _, lang := range []string{"en", "zh"} {
				for _, format := range []string{"csv", "xlsx"} {
					r := env.Do("GET", "/api/v1/participants/import-template?format="+format+"&lang="+lang, w.usMember, nil)
					mustStatus(t, r, 200)
					if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "."+format) {
						t.Fatalf("disposition %q", cd)
					}
					var rows [][]string
					if format == "csv" {
						recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\xef\xbb\xbf")))).ReadAll()
						if err != nil {
							t.Fatal(err)
						}
						rows = recs
					} else {
						x, err := excelize.OpenReader(bytes.NewReader(r.Body))
						if err != nil {
							t.Fatal(err)
						}
						rows, _ = x.GetRows(x.GetSheetList()[0])
					}
					if len(rows) != 1 {
						t.Fatalf("%s/%s: %d rows, want the header only", lang, format, len(rows))
					}
					var cols []tabular.Column
					for _, h := range rows[0] {
						cols = append(cols, tabular.MatchHeader(h))
					}
					if !slices.Equal(cols, tabular.AllColumns()) {
						t.Fatalf("%s/%s header %q reads as %v, want every column %v", lang, format, rows[0], cols, tabular.AllColumns())
					}
					if headers[lang] != nil && !slices.Equal(headers[lang], rows[0]) {
						t.Fatalf("%s: CSV and XLSX headers differ: %q, %q", lang, headers[lang], rows[0])
					}
					headers[lang] = rows[0]
				}
			}
			if !slices.Contains(headers["en"], "Email") || !slices.Contains(headers["zh"], "电子邮箱") || slices.Equal(headers["en"], headers["zh"]) {
				t.Fatalf("headers: %q / %q", headers["en"], headers["zh"])
			}
			// Filled in, the template imports.
			r := env.Do("GET", "/api/v1/participants/import-template?format=csv&lang=zh", w.cnTok, nil)
			file := append(bytes.Clone(r.Body), []byte("GAO Ming,高明,中国,中国,Nankai Institute,智库,Fellow,gao.ming@example.cn,zh,+86 22 1234 5678,1970,\r\n")...)
			r = upload(t, env, "/api/v1/participants/import", w.cnTok, "template.csv", file)
			mustStatus(t, r, 201)
			wantCounts(t, r, 1, 0, 0, 0)
			for _, q := range []string{"format=pdf&lang=en", "format=csv&lang=fr"} {
				mustStatus(t, env.Do("GET", "/api/v1/participants/import-template?"+q, w.cnTok, nil), 422)
			}
			mustStatus(t, env.Do("GET", "/api/v1/participants/import-template", "", nil), 401)
		})
	})
}

// TestParticipantImportPage: the import page links the templates and shows what an import
// changes for people already in the registry, in English and in Chinese.
func TestParticipantImportPage(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		r := env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "ZHANG Wei", "name_native": "张伟",
			"email": "zhang.wei@jinghua.example", "position": "Lecturer"})
		mustStatus(t, r, 201)
		zhang := str(r.JSON(), "id")
		br := browserAs(t, env, w.cn.Organizer)
		page := br.Get("/participants/import")
		mustStatus(t, page, 200)
		for _, want := range []string{"/api/v1/participants/import-template?format=xlsx&amp;lang=zh", "/api/v1/participants/import-template?format=csv&amp;lang=en"} {
			if !bytes.Contains(page.Body, []byte(want)) {
				t.Fatalf("the page lacks the template link %s", want)
			}
		}
		post := func(mode, position string) *testkit.Response {
			body, ct := multipartBody(t, []field{{Name: "mode", Value: mode}, {File: true, FileName: "people.csv",
				Content: []byte("Name,Email,Position,Notes\nZHANG Wei,zhang.wei@jinghua.example," + position + ",Chair\nQIAN Li,qian.li@example.cn,,\n")}})
			return br.PostMultipart("/participants/import", ct, body.Bytes())
		}
		r = post("check", "Professor")
		mustStatus(t, r, 200)
		for _, want := range []string{"What importing the file will do", "Changes to people already in the registry", `href="/participants/` + zhang + `"`,
			"Position, Notes", "New people</th><td>1<", "People updated</th><td>1<"} {
			if !bytes.Contains(r.Body, []byte(want)) {
				t.Fatalf("the English check lacks %q", want)
			}
		}
		if str(w.getParticipant(t, zhang), "position") != "Lecturer" {
			t.Fatal("checking the file saved it")
		}
		r = post("import", "Professor")
		mustStatus(t, r, 200)
		if !bytes.Contains(r.Body, []byte("Imported: the changes below are saved.")) || !bytes.Contains(r.Body, []byte("Position, Notes")) {
			t.Fatalf("the import's summary: %s", r.Body)
		}
		if str(w.getParticipant(t, zhang), "position") != "Professor" {
			t.Fatal("the page's import did not save")
		}
		mustStatus(t, env.Do("PATCH", "/api/v1/me", w.cnTok, map[string]any{"language": "zh"}), 200)
		r = post("check", "Dean")
		mustStatus(t, r, 200)
		for _, want := range []string{"导入此文件将会", "对名册中已有人员的更改", "职务", "更新的人员</th><td>1<", "名册中已有、无变化</th><td>1<"} {
			if !bytes.Contains(r.Body, []byte(want)) {
				t.Fatalf("the Chinese check lacks %q", want)
			}
		}
	})
}
