package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

func TestParticipantRegistry(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		// create-422 with every field problem at once, nothing saved.
		r := env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "", "email": "not-mail",
			"nationality": []string{"CN", "Narnia"}, "employer_kind": "spy agency", "birth_date": "2999-01-01"})
		mustStatus(t, r, 422)
		fe := fieldErrors(r)
		for _, f := range []string{"name_latin", "email", "nationality", "employer_kind", "birth_date"} {
			if fe[f] == "" {
				t.Fatalf("want field error %s: %s", f, r.Body)
			}
		}
		if len(items(env.Do("GET", "/api/v1/participants", w.cnTok, nil))) != 0 {
			t.Fatal("a refused participant was saved")
		}
		r = env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "ZHANG Wei", "name_native": "张伟",
			"nationality": []string{"中国"}, "residence_country": "China", "employer": "Jinghua University",
			"employer_kind": "公立大学", "email": "Zhang.Wei@Jinghua.EXAMPLE", "languages": []string{"中文", "English"},
			"org_id": w.us.Org.ID})
		mustStatus(t, r, 201)
		p := r.JSON()
		pid := str(p, "id")
		if str(p, "org_id") != w.cn.Org.ID || str(p, "employer_kind") != "public_university" ||
			p["nationality"].([]any)[0] != "CN" || str(p, "residence_country") != "CN" || str(p, "email") != "Zhang.Wei@jinghua.example" {
			t.Fatalf("normalised participant: %s", r.Body)
		}
		// create-409-duplicate (same e-mail).
		mustStatus(t, env.Do("POST", "/api/v1/participants", w.cnTok, map[string]any{"name_latin": "Wei Zhang",
			"email": "Zhang.Wei@jinghua.example"}), 409)
		// The registry is the owner's alone: the co-convener and outsiders get 404.
		for _, tok := range []string{w.usTok, w.xxTok} {
			mustStatus(t, env.Do("GET", "/api/v1/participants/"+pid, tok, nil), 404)
			mustStatus(t, env.Do("PATCH", "/api/v1/participants/"+pid, tok, map[string]any{"position": "x"}), 404)
			mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+pid, tok, nil), 404)
			mustStatus(t, env.Do("GET", "/api/v1/participants/"+pid+"/consents", tok, nil), 404)
			if len(items(env.Do("GET", "/api/v1/participants?q=zhang", tok, nil))) != 0 {
				t.Fatal("search leaks another registry")
			}
		}
		// Search by native name, employer, e-mail.
		for _, q := range []string{"张", "jinghua", "zhang.wei@"} {
			if len(items(env.Do("GET", "/api/v1/participants?q="+url.QueryEscape(q), w.cnTok, nil))) != 1 {
				t.Fatalf("search %q", q)
			}
		}
		// Consent: separate cross-border consent; withdrawal is a new record; history immutable.
		mustStatus(t, env.Do("POST", "/api/v1/participants/"+pid+"/consents", w.cnTok, map[string]any{"purpose": "cross_border_transfer", "granted": true}), 422)
		mustStatus(t, env.Do("POST", "/api/v1/participants/"+pid+"/consents", w.cnTok, map[string]any{"purpose": "cross_border_transfer", "granted": true, "text_version": "v2"}), 201)
		mustStatus(t, env.Do("POST", "/api/v1/participants/"+pid+"/consents", w.cnTok, map[string]any{"purpose": "cross_border_transfer", "granted": false}), 201)
		hist := items(env.Do("GET", "/api/v1/participants/"+pid+"/consents", w.cnTok, nil))
		if len(hist) != 2 || hist[0]["granted"] != true || hist[1]["granted"] != false {
			t.Fatalf("consent history: %v", hist)
		}
		// Members read, organizers change.
		cnMember := env.Token(w.cn.Member)
		mustStatus(t, env.Do("GET", "/api/v1/participants/"+pid, cnMember, nil), 200)
		mustStatus(t, env.Do("PATCH", "/api/v1/participants/"+pid, cnMember, map[string]any{"position": "x"}), 403)
		r = env.Do("PATCH", "/api/v1/participants/"+pid, w.cnTok, map[string]any{"position": "Professor", "dod_funded": false})
		mustStatus(t, r, 200)
		if str(r.JSON(), "name_native") != "张伟" || str(r.JSON(), "position") != "Professor" {
			t.Fatalf("patch keeps other fields: %s", r.Body)
		}
		mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+pid, w.cnTok, nil), 204)
		mustStatus(t, env.Do("GET", "/api/v1/participants/"+pid, w.cnTok, nil), 404)
	})
}

func TestAttendance(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, map[string]any{"capacity_cn": 1, "starts_at": "2026-10-01T09:00", "ends_at": "2026-10-01T17:00"})
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		cnP := w.participant(t, w.cnTok, "LI Na", "李娜")
		cnP2 := w.participant(t, w.cnTok, "WANG Fang", "王芳")
		usP := w.participant(t, w.usTok, "Jane Doe", "")

		// add-422-foreign-participant (A3: the participant must be the caller's own).
		r := env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": cnP})
		mustStatus(t, r, 422)
		if fieldErrors(r)["participant_id"] != "unknown" {
			t.Fatalf("foreign participant: %s", r.Body)
		}
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, map[string]any{"participant_id": cnP, "role": "chair"}), 422)
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.xxTok, map[string]any{"participant_id": cnP}), 404)
		r = env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, map[string]any{"participant_id": cnP, "role": "speaker"})
		mustStatus(t, r, 201)
		a := r.JSON()
		rsvp := str(a, "rsvp_url")
		if str(a, "side") != "CN" || str(a, "status") != "invited" || !strings.HasPrefix(rsvp, "http://tracktwo.test/rsvp/") {
			t.Fatalf("attendee: %s", r.Body)
		}
		// add-409-capacity per side; add-422-duplicate is a field error.
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, map[string]any{"participant_id": cnP2}), 409)
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": usP, "status": "confirmed", "role": "convener"}), 201)
		r = env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": usP})
		mustStatus(t, r, 422)
		if fieldErrors(r)["participant_id"] != "already" {
			t.Fatalf("duplicate attendee: %s", r.Body)
		}

		// The co-host sees the other side's attendees reduced to name, affiliation, role, side.
		r = env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.usTok, nil)
		mustStatus(t, r, 200)
		list := items(r)
		if len(list) != 2 {
			t.Fatalf("attendees: %s", r.Body)
		}
		for _, it := range list {
			for _, k := range []string{"email", "nationality", "birth_date", "notes", "phone"} {
				if _, ok := it[k]; ok {
					t.Fatalf("attendee list leaks %s", k)
				}
			}
		}
		if bytes.Contains(r.Body, []byte("Institute of LI Na")) == false || !bytes.Contains(r.Body, []byte("李娜")) {
			t.Fatalf("reduced fields missing: %s", r.Body)
		}
		// Only the owning organization changes an attendance.
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid+"/attendees/"+str(a, "id"), w.usTok, map[string]any{"status": "confirmed"}), 403)
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid+"/attendees/"+str(a, "id"), w.cnTok, map[string]any{"status": "maybe"}), 422)

		// RSVP through the single-use link, without an account.
		path := strings.TrimPrefix(rsvp, "http://tracktwo.test")
		br := env.Browser()
		page := br.Get(path)
		mustStatus(t, page, 200)
		if !bytes.Contains(page.Body, []byte("李娜")) || !bytes.Contains(page.Body, []byte("Asia/Shanghai")) {
			t.Fatalf("rsvp page: %s", page.Body)
		}
		mustStatus(t, br.Post(path, url.Values{"answer": {"maybe"}}), 422)
		mustStatus(t, br.Post(path, url.Values{"answer": {"confirmed"}}), 200)
		mustStatus(t, br.Post(path, url.Values{"answer": {"declined"}}), 404)
		mustStatus(t, br.Get(path), 404)
		list = items(env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, nil))
		for _, it := range list {
			if str(it, "participant_id") == cnP && str(it, "status") != "confirmed" {
				t.Fatalf("rsvp not recorded: %v", it)
			}
		}
		// Declining frees the place; the second CN participant now fits.
		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid+"/attendees/"+str(a, "id"), w.cnTok, map[string]any{"status": "declined"}), 200)
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.cnTok, map[string]any{"participant_id": cnP2}), 201)

		// Conflicts: double booking and public holidays (1 October is China's National Day).
		s2 := w.session(t, w.cnTok, map[string]any{"title": "Overlapping", "starts_at": "2026-10-01T12:00", "ends_at": "2026-10-01T20:00"})
		r = env.Do("POST", "/api/v1/sessions/"+s2+"/attendees", w.cnTok, map[string]any{"participant_id": cnP2})
		mustStatus(t, r, 201)
		if !bytes.Contains(r.Body, []byte(`"double_booked"`)) {
			t.Fatalf("want a double-booking warning: %s", r.Body)
		}
		r = env.Do("GET", "/api/v1/sessions/"+sid, w.cnTok, nil)
		if !bytes.Contains(r.Body, []byte(`"holiday"`)) || !bytes.Contains(r.Body, []byte(`"double_booked"`)) {
			t.Fatalf("want holiday and double-booking warnings: %s", r.Body)
		}
		// A participant deleted from the registry leaves every session.
		mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+cnP2, w.cnTok, nil), 204)
		if n := len(items(env.Do("GET", "/api/v1/sessions/"+s2+"/attendees", w.cnTok, nil))); n != 0 {
			t.Fatalf("attendance of a deleted participant: %d", n)
		}
	})
}

func TestParticipantImportExport(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		bad := "Name,Native name,Nationality,Email,Employer kind\n" +
			"ZHANG Wei,张伟,CN,zhang.wei@example.cn,public university\n" +
			"LI Na,李娜,Narnia,li.na@example,public university\n"
		r := upload(t, env, "/api/v1/participants/import?dry_run=true", w.cnTok, "people.csv", []byte(bad))
		mustStatus(t, r, 200)
		rep := r.JSON()
		probs := rep["problems"].([]any)
		if rep["saved"] != false || len(probs) < 2 {
			t.Fatalf("dry-run report: %s", r.Body)
		}
		var cells []string
		for _, p := range probs {
			m := p.(map[string]any)
			if m["row"].(float64) != 3 {
				t.Fatalf("problem on the wrong row: %v", m)
			}
			cells = append(cells, str(m, "cell"))
		}
		if !strings.Contains(strings.Join(cells, ","), "C3") || !strings.Contains(strings.Join(cells, ","), "D3") {
			t.Fatalf("want problems at C3 and D3: %v", cells)
		}
		r = upload(t, env, "/api/v1/participants/import", w.cnTok, "people.csv", []byte(bad))
		mustStatus(t, r, 422)
		if fieldErrors(r)["C3"] == "" || !bytes.Contains(r.Body, []byte(`"report"`)) {
			t.Fatalf("import with errors: %s", r.Body)
		}
		if len(items(env.Do("GET", "/api/v1/participants", w.cnTok, nil))) != 0 {
			t.Fatal("a file with a bad row saved something")
		}
		mustStatus(t, upload(t, env, "/api/v1/participants/import", w.cnTok, "x.csv", []byte{}), 422)
		mustStatus(t, upload(t, env, "/api/v1/participants/import", w.cnMemberTok(t), "people.csv", []byte(bad)), 403)

		// A good file imports; re-importing it creates no duplicates (R3).
		var good strings.Builder
		good.WriteString("姓名(拉丁),姓名(原文),国籍,电子邮箱,工作单位\n")
		for i := 0; i < 30; i++ {
			fmt.Fprintf(&good, "PERSON %d,人%d,CN,p%d@example.cn,\"=HYPERLINK(\"\"http://evil\"\")\"\n", i, i, i)
		}
		r = upload(t, env, "/api/v1/participants/import", w.cnTok, "people.csv", []byte(good.String()))
		mustStatus(t, r, 201)
		if r.JSON()["created"].(float64) != 30 {
			t.Fatalf("import: %s", r.Body)
		}
		r = upload(t, env, "/api/v1/participants/import", w.cnTok, "people.csv", []byte(good.String()))
		mustStatus(t, r, 201)
		if r.JSON()["created"].(float64) != 0 || r.JSON()["existing"].(float64) != 30 {
			t.Fatalf("re-import: %s", r.Body)
		}
		if n := len(items(env.Do("GET", "/api/v1/participants?limit=200", w.cnTok, nil))); n != 30 {
			t.Fatalf("registry has %d", n)
		}
		// Pagination: limit and cursor walk the registry without gaps.
		seen := 0
		next := "/api/v1/participants?limit=7"
		for next != "" {
			r := env.Do("GET", next, w.cnTok, nil)
			seen += len(items(r))
			c := str(r.JSON(), "next_cursor")
			next = ""
			if c != "" {
				next = "/api/v1/participants?limit=7&cursor=" + c
			}
		}
		if seen != 30 {
			t.Fatalf("paginated %d", seen)
		}

		// Export neutralises formulas (E1), CSV and XLSX, and is audited.
		r = env.Do("GET", "/api/v1/participants/export?format=csv", w.cnTok, nil)
		mustStatus(t, r, 200)
		if !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatal("export must be an attachment")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil || len(recs) != 31 {
			t.Fatalf("csv: %v %d", err, len(recs))
		}
		for _, rec := range recs[1:] {
			for _, cell := range rec {
				if strings.HasPrefix(cell, "=") {
					t.Fatalf("formula not neutralised: %q", cell)
				}
			}
		}
		r = env.Do("GET", "/api/v1/participants/export?format=xlsx", w.cnTok, nil)
		mustStatus(t, r, 200)
		x, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetList()[0])
		if len(rows) != 31 {
			t.Fatalf("xlsx rows %d", len(rows))
		}
		mustStatus(t, env.Do("GET", "/api/v1/participants/export?format=pdf", w.cnTok, nil), 422)
		if !bytes.Contains(env.Do("GET", "/api/v1/audit-events", w.cnAdminTok, nil).Body, []byte("participant.export")) {
			t.Fatal("export not audited")
		}
		// The US side's export holds none of the Chinese registry.
		r = env.Do("GET", "/api/v1/participants/export?format=csv", w.usTok, nil)
		if bytes.Contains(r.Body, []byte("PERSON")) {
			t.Fatal("export leaks another registry")
		}
	})
}

func (w *i3world) cnMemberTok(t *testing.T) string { return w.env.Token(w.cn.Member) }
