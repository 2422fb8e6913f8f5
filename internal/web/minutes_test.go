package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

func minutesPath(sid string) string { return "/api/v1/sessions/" + sid + "/minutes" }

// TestMinutesAgreementWorkflow walks the minutes through draft → circulated → corrections →
// agreed by every convener → locked → amendment, over HTTP, with every refusal on the way.
func TestMinutesAgreementWorkflow(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env, p := w.env, minutesPath(w.sessionID)

		r := env.Do("GET", p, w.usTok, nil)
		mustStatus(t, r, 200)
		if m := r.JSON(); m["revision"].(float64) != 1 || m["status"] != "draft" {
			t.Fatalf("empty minutes: %s", r.Body)
		}
		// get-404-outsider, put-404-outsider, put-403-member
		mustStatus(t, env.Do("GET", p, w.xxTok, nil), 404)
		mustStatus(t, env.Do("PUT", p, w.xxTok, w.doc(1, "")), 404)
		mustStatus(t, env.Do("PUT", p, w.usMember, w.doc(1, "")), 403)
		// put-422-unknown-speaker (with its JSON Pointer)
		bad := w.doc(1, "")
		bad["items"].([]any)[0].(map[string]any)["statements"].([]any)[0].(map[string]any)["speaker_id"] = "0190aaaa-0000-7000-8000-000000000000"
		r = env.Do("PUT", p, w.usTok, bad)
		mustStatus(t, r, 422)
		if _, ok := fieldErrors(r)["/items/0/statements/0/speaker_id"]; !ok {
			t.Fatalf("want a pointer to the speaker: %s", r.Body)
		}
		// put-422-invalid-document (pointer to the attribution)
		bad = w.doc(1, "")
		bad["items"].([]any)[0].(map[string]any)["statements"].([]any)[1].(map[string]any)["attribution"] = "gossip"
		r = env.Do("PUT", p, w.usTok, bad)
		mustStatus(t, r, 422)
		if _, ok := fieldErrors(r)["/items/0/statements/1/attribution"]; !ok {
			t.Fatalf("want a pointer to the attribution: %s", r.Body)
		}
		// put-200-first-save → revision 2; put-409-stale
		r = env.Do("PUT", p, w.usTok, w.doc(1, ""))
		mustStatus(t, r, 200)
		if r.JSON()["revision"].(float64) != 2 {
			t.Fatalf("first save: %s", r.Body)
		}
		r = env.Do("PUT", p, w.cnTok, w.doc(1, " (CN edit)"))
		mustStatus(t, r, 409)
		if !strings.Contains(string(r.Body), "reload") {
			t.Errorf("conflict message should tell what to do: %s", r.Body)
		}
		// The other convener edits the current revision.
		mustStatus(t, env.Do("PUT", p, w.cnTok, w.doc(2, " (CN edit)")), 200)

		tr := func(tok, to string, want int) map[string]any {
			t.Helper()
			r := env.Do("POST", p+"/transitions", tok, map[string]any{"to": to})
			mustStatus(t, r, want)
			return r.JSON()
		}
		tr(w.usTok, "agreed", 409) // agree-409-draft
		tr(w.usTok, "bogus", 422)
		tr(w.usMember, "circulated", 403)
		tr(w.xxTok, "circulated", 404)
		tr(w.usTok, "circulated", 200)
		tr(w.usTok, "agreed", 200)
		tr(w.usTok, "agreed", 409) // agree-409-twice
		// An edit of a circulated text drops the agreements: corrections.
		r = env.Do("PUT", p, w.usTok, w.doc(3, " corrected"))
		mustStatus(t, r, 200)
		if m := r.JSON(); m["status"] != "corrections" || m["agreements"] != nil {
			t.Fatalf("edit after circulation: %s", r.Body)
		}
		tr(w.usTok, "locked", 409) // lock-409-not-agreed
		tr(w.cnTok, "circulated", 200)
		tr(w.cnTok, "agreed", 200)
		m := tr(w.usTok, "agreed", 200)
		if m["status"] != "agreed" {
			t.Fatalf("both agreed: %v", m)
		}
		m = tr(w.cnTok, "locked", 200)
		if m["status"] != "locked" || m["locked_at"] == nil {
			t.Fatalf("locked: %v", m)
		}
		mustStatus(t, env.Do("PUT", p, w.usTok, w.doc(4, " late change")), 409) // put-409-locked
		m = tr(w.usTok, "draft", 200)                                           // amendment
		if m["version"].(float64) != 2 || m["amendment_of"].(float64) != 1 || m["status"] != "draft" {
			t.Fatalf("amendment: %v", m)
		}

		r = env.Do("GET", p+"/revisions", w.cnTok, nil)
		mustStatus(t, r, 200)
		revs := items(r)
		// empty draft, 2 edits, circulate, agree, edit, circulate, agree, agree, lock, amend = 11
		if len(revs) != 11 {
			t.Fatalf("revisions: %d, want 11: %s", len(revs), r.Body)
		}
		if revs[len(revs)-1]["action"] != "amend" || revs[1]["author_name"] == "" {
			t.Errorf("revision rows: %v / %v", revs[len(revs)-1], revs[1])
		}
		mustStatus(t, env.Do("GET", p+"/revisions", w.xxTok, nil), 404)

		// Audit: every save and transition is recorded.
		evs, err := env.App.Audit.ForOrg(context.Background(), w.us.Admin.Scope(), 0, 200)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if strings.HasPrefix(e.Action, "minutes.") {
				n++
			}
		}
		if n < 6 {
			t.Errorf("US audit has %d minutes events", n)
		}
	})
}

// TestMinutesConcurrentEdits: two editors save the same revision at once; one wins, the other
// gets 409 and nothing is overwritten.
func TestMinutesConcurrentEdits(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		p := minutesPath(w.sessionID)
		mustStatus(t, w.env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		for round := 0; round < 5; round++ {
			cur := int(w.env.Do("GET", p, w.usTok, nil).JSON()["revision"].(float64))
			var wg sync.WaitGroup
			statuses := make([]int, 2)
			for i, tok := range []string{w.usTok, w.cnTok} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses[i] = w.env.Do("PUT", p, tok, w.doc(cur, fmt.Sprintf(" round %d by %d", round, i))).Status
				}()
			}
			wg.Wait()
			ok, conflict := 0, 0
			for _, s := range statuses {
				switch s {
				case 200:
					ok++
				case 409:
					conflict++
				}
			}
			if ok != 1 || conflict != 1 {
				t.Fatalf("round %d: statuses %v, want one 200 and one 409", round, statuses)
			}
			if got := int(w.env.Do("GET", p, w.usTok, nil).JSON()["revision"].(float64)); got != cur+1 {
				t.Fatalf("round %d: revision %d, want %d", round, got, cur+1)
			}
		}
	})
}

// TestMinutesChathamExportLeaksNoIdentity exports the minutes through the API in every format
// and language at the chatham level and checks, on the text a reader sees, that no name,
// organization or e-mail of a chatham or off-the-record speaker and no off-the-record text
// appears; the full level (conveners' organizers only) does name the chatham speakers.
func TestMinutesChathamExportLeaksNoIdentity(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		p := minutesPath(w.sessionID)
		mustStatus(t, w.env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		var secrets []string
		for _, k := range []string{"chatham_us", "chatham_cn", "off_record"} {
			sp := w.speakers[k]
			secrets = append(secrets, sp.Latin, sp.Employer, sp.Email, sp.ID)
			if sp.Native != "" {
				secrets = append(secrets, sp.Native)
			}
		}
		secrets = append(secrets, "SECRET-REMARK", "秘密评论")
		formats := []string{"pdf", "docx", "md", "html", "json"}
		if testing.Short() {
			formats = []string{"docx", "md", "html", "json"}
		}
		for _, f := range formats {
			for _, lang := range []string{"en", "zh", "both"} {
				for _, tok := range []string{w.usTok, w.cnTok, w.usMember} {
					r := w.env.Do("GET", p+"/export?format="+f+"&level=chatham&lang="+lang, tok, nil)
					mustStatus(t, r, 200)
					if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
						t.Errorf("%s: Content-Disposition %q", f, cd)
					}
					if r.Header.Get("X-Content-Type-Options") != "nosniff" {
						t.Errorf("%s: no nosniff", f)
					}
					text := exportText(t, f, r.Body)
					for _, s := range secrets {
						if strings.Contains(text, s) {
							t.Errorf("chatham %s/%s export leaks %q", f, lang, s)
						}
					}
					if lang != "zh" && !strings.Contains(text, w.speakers["attributed"].Latin) {
						t.Errorf("chatham %s/%s export lacks the attributed speaker", f, lang)
					}
					if f == "pdf" && lang != "en" && !strings.Contains(text, "网络空间主权") {
						t.Errorf("PDF text lacks the Chinese statement")
					}
				}
			}
		}
		// Full level: conveners' organizers only; it names chatham speakers, never off-record ones.
		mustStatus(t, w.env.Do("GET", p+"/export?format=json&level=full&lang=both", w.usMember, nil), 403)
		mustStatus(t, w.env.Do("GET", p+"/export?format=json&level=full&lang=both", w.xxTok, nil), 404)
		mustStatus(t, w.env.Do("GET", p+"/export?format=exe&level=full&lang=both", w.usTok, nil), 422)
		r := w.env.Do("GET", p+"/export?format=json&level=full&lang=both", w.cnTok, nil)
		mustStatus(t, r, 200)
		var full struct {
			Items []struct {
				Statements []struct {
					SpeakerID string `json:"speaker_id"`
					Speaker   *struct {
						NameLatin string `json:"name_latin"`
					} `json:"speaker"`
				} `json:"statements"`
			} `json:"items"`
		}
		if err := json.Unmarshal(r.Body, &full); err != nil {
			t.Fatal(err)
		}
		if len(full.Items) != 1 || len(full.Items[0].Statements) != 3 || full.Items[0].Statements[1].Speaker == nil ||
			full.Items[0].Statements[1].Speaker.NameLatin != "Brandon Quillfeather" {
			t.Fatalf("full export: %s", r.Body)
		}
		if strings.Contains(string(r.Body), "SECRET-REMARK") || strings.Contains(string(r.Body), "Ouyang") {
			t.Fatal("full export contains off-the-record text or speaker")
		}
		// Every export is audited.
		evs, _ := w.env.App.Audit.ForOrg(context.Background(), w.cn.Admin.Scope(), 0, 500)
		n := 0
		for _, e := range evs {
			if e.Action == "minutes.export" {
				n++
			}
		}
		if n == 0 {
			t.Error("no minutes.export audit events")
		}
	})
}

// TestMinutesRemovedConvenerLosesAccess: removal takes effect on the next request.
func TestMinutesRemovedConvenerLosesAccess(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		p := minutesPath(w.sessionID)
		mustStatus(t, w.env.Do("PUT", p, w.usTok, w.doc(1, "")), 200)
		mustStatus(t, w.env.Do("GET", p, w.cnTok, nil), 200)
		cr := w.env.Do("POST", "/api/v1/commitments", w.cnTok, map[string]any{"session_id": w.sessionID, "title_en": "x", "parties": []string{"CN"}})
		mustStatus(t, cr, 201)
		cid := str(cr.JSON(), "id")
		r := w.env.Do("DELETE", "/api/v1/dialogues/"+w.dialogueID+"/conveners/"+w.cn.Org.ID, w.usAdminTok, nil)
		if r.Status != http.StatusNoContent && r.Status != http.StatusOK {
			t.Fatalf("remove convener: %d %s", r.Status, r.Body)
		}
		for _, path := range []string{p, p + "/revisions", p + "/export?format=md&level=chatham&lang=en"} {
			mustStatus(t, w.env.Do("GET", path, w.cnTok, nil), 404)
		}
		mustStatus(t, w.env.Do("PUT", p, w.cnTok, w.doc(2, "")), 404)
		// Commitments of the dialogue disappear for the removed convener too (even its own).
		mustStatus(t, w.env.Do("GET", "/api/v1/commitments/"+cid, w.cnTok, nil), 404)
		mustStatus(t, w.env.Do("POST", "/api/v1/commitments/"+cid+"/assessments", w.cnTok, map[string]any{"progress": "limited", "evidence": "x", "assessor": "x"}), 404)
		if n := len(items(w.env.Do("GET", "/api/v1/commitments", w.cnTok, nil))); n != 0 {
			t.Errorf("removed convener still lists %d commitments", n)
		}
		mustStatus(t, w.env.Do("GET", "/api/v1/commitments/"+cid, w.usTok, nil), 200)
		for _, path := range []string{"/sessions/" + w.sessionID + "/minutes", "/commitments/" + cid} {
			b := w.env.Browser()
			b.Login(w.cn.Organizer)
			mustStatus(t, b.Get(path), 404)
		}
	})
}
