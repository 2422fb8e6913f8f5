package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// world is two co-convening organizations (one per side), an outsider, their tokens and a
// dialogue they convene together.
type i3world struct {
	env        *testkit.Env
	us, cn, xx *testkit.Tenant
	usTok      string // US organizer
	usAdminTok string
	usMember   string
	cnTok      string // CN organizer
	cnAdminTok string
	xxTok      string // outsider (another US organization's admin)
	dialogueID string
}

func newI3World(t testing.TB, b testkit.Backend) *i3world {
	t.Helper()
	return newI3WorldWith(t, b, nil)
}

// newI3WorldWith is newI3World on an instance whose configuration mutate changes.
func newI3WorldWith(t testing.TB, b testkit.Backend, mutate func(*config.Config)) *i3world {
	t.Helper()
	env := testkit.Start(t, b, mutate)
	w := &i3world{env: env, us: env.NewTenant("usorg", "US"), cn: env.NewTenant("cnorg", "CN"), xx: env.NewTenant("outsider", "US")}
	w.usTok, w.usAdminTok, w.usMember = env.Token(w.us.Organizer), env.Token(w.us.Admin), env.Token(w.us.Member)
	w.cnTok, w.cnAdminTok = env.Token(w.cn.Organizer), env.Token(w.cn.Admin)
	w.xxTok = env.Token(w.xx.Admin)
	r := env.Do("POST", "/api/v1/dialogues", w.usTok, map[string]any{"title": "US–China Cyber Norms Dialogue", "topic": "cyber"})
	mustStatus(t, r, 201)
	w.dialogueID = str(r.JSON(), "id")
	r = env.Do("POST", "/api/v1/dialogues/"+w.dialogueID+"/invitations", w.usTok, map[string]any{"org_id": w.cn.Org.ID})
	mustStatus(t, r, 201)
	r = env.Do("POST", "/api/v1/dialogue-invitations/"+str(r.JSON(), "id")+"/accept", w.cnTok, nil)
	mustStatus(t, r, 200)
	return w
}

// session creates a session through the API as tok and returns its id.
func (w *i3world) session(t testing.TB, tok string, extra map[string]any) string {
	t.Helper()
	body := map[string]any{"dialogue_id": w.dialogueID, "title": "Session on norms", "format": "in_person",
		"city": "Washington", "country": "US", "timezone": "America/New_York",
		"starts_at": "2030-03-12T09:00", "ends_at": "2030-03-12T17:00"}
	for k, v := range extra {
		body[k] = v
	}
	r := w.env.Do("POST", "/api/v1/sessions", tok, body)
	mustStatus(t, r, 201)
	return str(r.JSON(), "id")
}

func (w *i3world) transition(t testing.TB, tok, id, to, reason string, want int) *testkit.Response {
	t.Helper()
	r := w.env.Do("POST", "/api/v1/sessions/"+id+"/transitions", tok, map[string]any{"to": to, "reason": reason})
	mustStatus(t, r, want)
	return r
}

// participant creates a participant in tok's registry and returns its id.
func (w *i3world) participant(t *testing.T, tok, latin, native string) string {
	t.Helper()
	r := w.env.Do("POST", "/api/v1/participants", tok, map[string]any{"name_latin": latin, "name_native": native,
		"nationality": []string{"CN"}, "employer": "Institute of " + latin, "employer_kind": "research_institute"})
	mustStatus(t, r, 201)
	return str(r.JSON(), "id")
}

func mustStatus(t testing.TB, r *testkit.Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// fieldErrors returns the field names of a problem document.
func fieldErrors(r *testkit.Response) map[string]string {
	var p struct {
		Errors []struct{ Field, Code string }
	}
	_ = json.Unmarshal(r.Body, &p)
	out := map[string]string{}
	for _, e := range p.Errors {
		out[e.Field] = e.Code
	}
	return out
}

func items(r *testkit.Response) []map[string]any {
	var p struct {
		Items []map[string]any `json:"items"`
	}
	_ = json.Unmarshal(r.Body, &p)
	return p.Items
}

// upload posts a multipart file to path.
func upload(t *testing.T, env *testkit.Env, path, tok, name string, content []byte) *testkit.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", env.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}
