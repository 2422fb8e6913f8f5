package web_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// paperWorld is issue 3's two co-convening organizations with a proposed session, a call for
// papers, and one participant of each side attending.
type paperWorld struct {
	*i3world
	sessionID string
	usAuthor  string // participant of the US organization, attending
	cnAuthor  string // participant of the CN organization, attending
}

func newPaperWorld(t *testing.T, b testkit.Backend, call map[string]any) *paperWorld {
	t.Helper()
	return newPaperWorldWith(t, b, call, nil)
}

// newPaperWorldWith is newPaperWorld on a configuration changed by mutate (issue 3's world,
// built the same way).
func newPaperWorldWith(t *testing.T, b testkit.Backend, call map[string]any, mutate func(*config.Config)) *paperWorld {
	t.Helper()
	env := testkit.Start(t, b, mutate)
	dw := &i3world{env: env, us: env.NewTenant("usorg", "US"), cn: env.NewTenant("cnorg", "CN"), xx: env.NewTenant("outsider", "US")}
	dw.usTok, dw.usAdminTok, dw.usMember = env.Token(dw.us.Organizer), env.Token(dw.us.Admin), env.Token(dw.us.Member)
	dw.cnTok, dw.cnAdminTok = env.Token(dw.cn.Organizer), env.Token(dw.cn.Admin)
	dw.xxTok = env.Token(dw.xx.Admin)
	r := env.Do("POST", "/api/v1/dialogues", dw.usTok, map[string]any{"title": "US–China Cyber Norms Dialogue", "topic": "cyber"})
	mustStatus(t, r, 201)
	dw.dialogueID = str(r.JSON(), "id")
	r = env.Do("POST", "/api/v1/dialogues/"+dw.dialogueID+"/invitations", dw.usTok, map[string]any{"org_id": dw.cn.Org.ID})
	mustStatus(t, r, 201)
	mustStatus(t, env.Do("POST", "/api/v1/dialogue-invitations/"+str(r.JSON(), "id")+"/accept", dw.cnTok, nil), 200)
	w := &paperWorld{i3world: dw}
	w.sessionID = w.session(t, w.usTok, nil)
	w.transition(t, w.usTok, w.sessionID, "proposed", "", 200)
	w.usAuthor = w.participant(t, w.usTok, "Alice Walker", "")
	w.cnAuthor = w.participant(t, w.cnTok, "Zhang Wei", "张伟")
	for tok, pid := range map[string]string{w.usTok: w.usAuthor, w.cnTok: w.cnAuthor} {
		mustStatus(t, w.env.Do("POST", "/api/v1/sessions/"+w.sessionID+"/attendees", tok,
			map[string]any{"participant_id": pid, "role": "speaker", "status": "confirmed"}), 201)
	}
	if call == nil {
		call = map[string]any{"deadline": "2099-01-01T00:00:00Z"}
	}
	mustStatus(t, w.env.Do("PUT", "/api/v1/sessions/"+w.sessionID+"/call-for-papers", w.usTok, call), 200)
	return w
}

// field is one multipart part: a text field, or the file (File true).
type field struct {
	Name, Value string
	File        bool
	FileName    string
	Content     []byte
}

// multipartBody builds a multipart body in the order given.
func multipartBody(t *testing.T, parts []field) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.File {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="file"; filename="`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(p.FileName)+`"`)
			h.Set("Content-Type", "application/octet-stream")
			fw, err := mw.CreatePart(h)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = fw.Write(p.Content)
			continue
		}
		_ = mw.WriteField(p.Name, p.Value)
	}
	_ = mw.Close()
	return &body, mw.FormDataContentType()
}

func postMultipart(t *testing.T, env *testkit.Env, path, tok string, parts []field) *testkit.Response {
	t.Helper()
	body, ct := multipartBody(t, parts)
	req, _ := http.NewRequest("POST", env.URL+path, body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// paperParts is a valid submission with the given file.
func paperParts(name string, content []byte, authors ...string) []field {
	ps := []field{{Name: "title", Value: "Norms for state behaviour in cyberspace"}, {Name: "title_zh", Value: "网络空间国家行为规范"},
		{Name: "abstract", Value: "We propose three confidence-building measures."}, {Name: "abstract_zh", Value: "我们提出三项建立信任措施。"},
		{Name: "language", Value: "bilingual"}, {Name: "keywords", Value: "cyber, norms"}}
	for _, a := range authors {
		ps = append(ps, field{Name: "authors", Value: a})
	}
	return append(ps, field{File: true, FileName: name, Content: content})
}

func testFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "files", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// zipOf builds a ZIP with the given entries (deflated).
func zipOf(t *testing.T, entries map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		fw, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(entries[name])
	}
	_ = zw.Close()
	return buf.Bytes()
}

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

// storedObjects counts the files in the application's file store (objects and temporaries).
func storedObjects(t *testing.T, env *testkit.Env) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(env.App.Files.Dir(), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// pbrowser is a signed-in browser that can also post multipart forms (streamed uploads).
type pbrowser struct {
	t      *testing.T
	env    *testkit.Env
	client *http.Client
}

func browserAs(t *testing.T, env *testkit.Env, u *auth.User) *pbrowser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &pbrowser{t: t, env: env, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	r := b.post("/login", "application/x-www-form-urlencoded", []byte(url.Values{"email": {u.Email}, "password": {testkit.Password}}.Encode()))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("login %s: %d", u.Email, r.Status)
	}
	return b
}

func (b *pbrowser) do(req *http.Request) *testkit.Response {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// Get fetches a page.
func (b *pbrowser) Get(path string) *testkit.Response {
	req, _ := http.NewRequest("GET", b.env.URL+path, nil)
	return b.do(req)
}

func (b *pbrowser) post(path, ct string, body []byte) *testkit.Response {
	req, _ := http.NewRequest("POST", b.env.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Origin", b.env.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// Post submits a form.
func (b *pbrowser) Post(path string, form url.Values) *testkit.Response {
	return b.post(path, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

// PostMultipart submits a multipart form.
func (b *pbrowser) PostMultipart(path, ct string, body []byte) *testkit.Response {
	return b.post(path, ct, body)
}

func formOf(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
