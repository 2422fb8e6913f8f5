package web_test

import (
	"testing"
)

// Route-matrix fixtures of issue 4: tenant B convenes a dialogue alone, with a session, a call
// for papers and one submitted paper. Outsiders calling every paper route with these ids must
// get 404 (including downloads and the reading pack) and change nothing.
func init() {
	matrixFixtureFuncs = append(matrixFixtureFuncs, func(t *testing.T, w *world) map[string]string {
		env := w.env
		tok := env.Token(w.b.Organizer)
		r := env.Do("POST", "/api/v1/dialogues", tok, map[string]any{"title": "Beta's dialogue"})
		mustStatus(t, r, 201)
		r = env.Do("POST", "/api/v1/sessions", tok, map[string]any{"dialogue_id": str(r.JSON(), "id"), "title": "Beta session",
			"format": "online", "timezone": "Asia/Shanghai", "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T12:00"})
		mustStatus(t, r, 201)
		sid := str(r.JSON(), "id")
		r = env.Do("POST", "/api/v1/participants", tok, map[string]any{"name_latin": "Li Na", "name_native": "李娜",
			"nationality": []string{"CN"}, "employer": "Beta University", "employer_kind": "public_university"})
		mustStatus(t, r, 201)
		part := str(r.JSON(), "id")
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", tok, map[string]any{"participant_id": part, "role": "speaker", "status": "confirmed"}), 201)
		mustStatus(t, env.Do("PUT", "/api/v1/sessions/"+sid+"/call-for-papers", tok, map[string]any{"deadline": "2099-01-01T00:00:00Z"}), 200)
		r = postMultipart(t, env, "/api/v1/sessions/"+sid+"/papers", tok, paperParts("beta.pdf", testFile(t, "paper.pdf"), part))
		mustStatus(t, r, 201)
		// "sessions/:id" is issue 3's fixture (any session of B); ours is kept under its own key.
		return map[string]string{"paper-session": sid, "papers/:id": str(r.JSON(), "id"), "versions/:n": "1"}
	})
	matrixSnapshotFuncs = append(matrixSnapshotFuncs, func(t *testing.T, w *world, tokB string) string {
		out := ""
		for _, p := range []string{"/api/v1/papers/" + w.ids["papers/:id"], "/api/v1/sessions/" + w.ids["paper-session"] + "/papers",
			"/api/v1/sessions/" + w.ids["paper-session"] + "/call-for-papers", "/api/v1/papers/" + w.ids["papers/:id"] + "/versions/1/file"} {
			r := w.env.Do("GET", p, tokB, nil)
			out += p + " " + string(r.Body) + "\n"
		}
		return out
	})
}
