package web_test

import (
	"testing"
)

// Tenant B's session (with a flag) and participant for the route matrix: screening routes answer
// 404 to other organizations' members, and B's flags stay as they were.
func init() {
	var bSession string
	matrixFixtureFuncs = append(matrixFixtureFuncs, func(t *testing.T, w *world) map[string]string {
		env := w.env
		tok := env.Token(w.b.Organizer)
		r := env.Do("POST", "/api/v1/dialogues", tok, map[string]any{"title": "Beta dialogue"})
		mustStatus(t, r, 201)
		did := str(r.JSON(), "id")
		r = env.Do("POST", "/api/v1/sessions", tok, map[string]any{"dialogue_id": did, "title": "Beta session", "format": "in_person",
			"city": "Beijing", "province": "Beijing", "country": "CN", "timezone": "Asia/Shanghai",
			"starts_at": "2030-05-12T09:00", "ends_at": "2030-05-12T17:00", "topic_tags": []string{"political"},
			"cohosts": []map[string]any{{"name": "Harbour Policy Forum", "country": "HK", "kind": "ngo"}}})
		mustStatus(t, r, 201)
		bSession = str(r.JSON(), "id")
		r = env.Do("POST", "/api/v1/participants", tok, map[string]any{"name_latin": "Zhou Min", "name_native": "周敏",
			"nationality": []string{"CN"}, "employer": "Beta Institute", "employer_kind": "public_university"})
		mustStatus(t, r, 201)
		pid := str(r.JSON(), "id")
		mustStatus(t, env.Do("POST", "/api/v1/sessions/"+bSession+"/attendees", tok, map[string]any{"participant_id": pid}), 201)
		fl := flagsOf(t, env, "/api/v1/sessions/"+bSession+"/flags", tok)
		flagID := ""
		for _, f := range fl {
			if f.ParticipantID == "" {
				flagID = f.ID
			}
		}
		if flagID == "" {
			t.Fatalf("tenant B's session has no session flag: %v", fl)
		}
		return map[string]string{"flags/:id": flagID, "sessions/:id": bSession, "participants/:id": pid}
	})
	matrixSnapshotFuncs = append(matrixSnapshotFuncs, func(t *testing.T, w *world, tokB string) string {
		r := w.env.Do("GET", "/api/v1/sessions/"+bSession+"/flags", tokB, nil)
		return "flags " + string(r.Body) + "\n"
	})
}
