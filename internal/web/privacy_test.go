package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestPersonalDataExportAndErasure (SECURITY.md P3): an organizer downloads everything held
// about one person of the registry — record, consents, sessions, authored papers with their
// files, statements in minutes (off-the-record ones without text), flags — and nobody else can;
// deleting the person then erases their name from papers and minutes.
func TestPersonalDataExportAndErasure(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newMinutesWorld(t, b)
		env := w.env
		us, offCN := w.speakers["attributed"], w.speakers["off_record"]
		mustStatus(t, env.Do("POST", "/api/v1/participants/"+us.ID+"/consents", w.usTok,
			map[string]any{"purpose": "cross_border_transfer", "granted": true, "text_version": "v2", "method": "form"}), 201)
		mustStatus(t, env.Do("PUT", minutesPath(w.sessionID), w.usTok, w.doc(1, "")), 200)
		// A paper by the US speaker (the call is open until 2099).
		mustStatus(t, env.Do("PUT", "/api/v1/sessions/"+w.sessionID+"/call-for-papers", w.usTok, map[string]any{"deadline": "2099-01-01T00:00:00Z"}), 200)
		pdf := testFile(t, "paper.pdf")
		r := postMultipart(t, env, "/api/v1/sessions/"+w.sessionID+"/papers", w.usTok, paperParts("Attwood hotline.pdf", pdf, us.ID))
		mustStatus(t, r, 201)
		paperID := str(r.JSON(), "id")
		path := "/api/v1/participants/" + us.ID + "/personal-data"

		t.Run("others cannot export", func(t *testing.T) {
			mustStatus(t, env.Do("GET", path, w.cnTok, nil), 404)    // co-convener: not its registry
			mustStatus(t, env.Do("GET", path, w.xxTok, nil), 404)    // outsider
			mustStatus(t, env.Do("GET", path, w.usMember, nil), 403) // member of the organization
			mustStatus(t, env.Do("GET", "/api/v1/participants/"+offCN.ID+"/personal-data", w.usTok, nil), 404)
		})

		t.Run("the organizer gets everything held", func(t *testing.T) {
			r := env.Do("GET", path, w.usTok, nil)
			mustStatus(t, r, 200)
			if r.Header.Get("Content-Type") != "application/zip" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") ||
				!strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
				t.Fatalf("headers: %v", r.Header)
			}
			zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
			if err != nil {
				t.Fatal(err)
			}
			entries := map[string][]byte{}
			for _, f := range zr.File {
				rc, _ := f.Open()
				entries[f.Name], _ = io.ReadAll(rc)
				rc.Close()
			}
			var rep struct {
				Person struct {
					NameLatin string `json:"name_latin"`
					Email     string
				}
				Consents    []struct{ Purpose string }
				Attendances []struct {
					SessionID string `json:"session_id"`
				}
				Papers []struct {
					PaperID  string `json:"paper_id"`
					Versions []struct{ Version int }
				}
				Statements []struct {
					Attribution, Note string
					TextEN            string `json:"text_en"`
				}
			}
			if err := json.Unmarshal(entries["person.json"], &rep); err != nil {
				t.Fatalf("person.json: %v\n%s", err, entries["person.json"])
			}
			if rep.Person.NameLatin != us.Latin || rep.Person.Email != us.Email || len(rep.Consents) != 1 ||
				len(rep.Attendances) != 1 || rep.Attendances[0].SessionID != w.sessionID {
				t.Fatalf("record, consents, sessions: %+v", rep)
			}
			if len(rep.Papers) != 1 || rep.Papers[0].PaperID != paperID || len(rep.Papers[0].Versions) != 1 {
				t.Fatalf("papers: %+v", rep.Papers)
			}
			if len(rep.Statements) != 1 || rep.Statements[0].TextEN != "We support a hotline for incidents." {
				t.Fatalf("statements: %+v", rep.Statements)
			}
			var file []byte
			for name, b := range entries {
				if strings.HasPrefix(name, "papers/"+paperID+"/v1-") {
					file = b
				}
			}
			if !bytes.Equal(file, pdf) || entries["README.txt"] == nil {
				t.Fatalf("archive entries: %d, paper file %d bytes", len(entries), len(file))
			}
			var n int64
			testkit.RawDB(t, env.App.Config).Raw("SELECT COUNT(*) FROM audit_events WHERE action = 'participant.personal_data_export' AND target_id = ?", us.ID).Scan(&n)
			if n != 1 {
				t.Fatalf("audit events for the export: %d", n)
			}
		})

		t.Run("an off-the-record speaker's export has no text", func(t *testing.T) {
			r := env.Do("GET", "/api/v1/participants/"+offCN.ID+"/personal-data", w.cnTok, nil)
			mustStatus(t, r, 200)
			zr, _ := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				if bytes.Contains(b, []byte("SECRET-REMARK")) || bytes.Contains(b, []byte("秘密评论")) {
					t.Fatalf("%s holds the off-the-record text", f.Name)
				}
			}
		})

		t.Run("erasure removes the name from papers and minutes", func(t *testing.T) {
			mustStatus(t, env.Do("DELETE", "/api/v1/participants/"+us.ID, w.usTok, nil), 204)
			mustStatus(t, env.Do("GET", path, w.usTok, nil), 404)
			r := env.Do("GET", "/api/v1/papers/"+paperID, w.usTok, nil)
			mustStatus(t, r, 200)
			if bytes.Contains(r.Body, []byte(us.Latin)) || bytes.Contains(r.Body, []byte(us.Email)) ||
				!bytes.Contains(r.Body, []byte(participant.ErasedAuthorName)) {
				t.Fatalf("paper after erasure: %s", r.Body)
			}
			r = env.Do("GET", minutesPath(w.sessionID)+"/export?format=json&level=full&lang=en", w.usTok, nil)
			mustStatus(t, r, 200)
			if bytes.Contains(r.Body, []byte(us.Latin)) || bytes.Contains(r.Body, []byte(us.Email)) {
				t.Fatalf("minutes export after erasure names the person: %s", r.Body)
			}
		})
	})
}
