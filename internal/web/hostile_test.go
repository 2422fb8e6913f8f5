package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// hostileJSON are request bodies no client should send: broken JSON, the wrong shapes, every
// common field with the wrong type or an impossible value, an oversized text, bytes that are
// not UTF-8.
var hostileJSON = []string{
	`{`,
	`[]`,
	`null`,
	`{"title":12,"name":[],"starts_at":"yesterday","ends_at":true,"timezone":"Mars/Olympus","nationality":"US",` +
		`"items":"x","revision":"x","deadline":"x","limit":-1,"to":7,"org_id":{},"participant_id":"not-a-uuid","role":"god",` +
		`"status":"zzz","format":"exe","purpose":9,"granted":"yes","scores":"x","parties":"x","email":"@@","password":1,` +
		`"due_date":"2026-02-31","funding":[{"amount":-1e309}],"capacity_us":1e40,"language":"klingon"}`,
	`{"title":"` + strings.Repeat("界", 200_000) + `","text_en":"` + strings.Repeat("a", 100_000) + `"}`,
	"\xff\xfe\x00binary",
}

// hostileForm is a page form with the same kinds of values.
const hostileForm = "title=&starts_at=zzz&ends_at=&timezone=Mars%2FOlympus&capacity_us=-5&revision=x&deadline=x" +
	"&score_US=9&due_date=2026-02-31&nationality=ZZZ&to=zzz&status=zzz&role=god&email=%40%40&granted=maybe&items.0.title_en=x"

// hostileQuery is a query string with every common parameter malformed.
const hostileQuery = "?limit=-1&after=%25ZZ&cursor=%40%40%40&format=exe&level=zz&lang=xx&from=notadate&to=2026-13-45" +
	"&status=zzz&dialogue_id=nope&name=&birth_date=31-31-31&nationality=ZZZ&days=-9&overdue=maybe&party=x&dry_run=perhaps&q="

// TestHostileInputNeverFails walks every registered route as the owner of the ids in its path
// and sends it malformed bodies and queries: every answer is a clear refusal or a normal page,
// never a 5xx, and API refusals are problem documents.
func TestHostileInputNeverFails(t *testing.T) {
	testkit.Each(t, func(t *testing.T, be testkit.Backend) {
		w := newWorld(t, be)
		tok := w.env.Token(w.b.Admin)
		longQ := strings.Repeat("%25", 2000)
		calls := 0
		for _, r := range w.env.Web().Engine().Routes() {
			if r.Method == "DELETE" || strings.HasSuffix(r.Path, "/logout") || strings.HasPrefix(r.Path, "/static/") {
				continue // these end the caller's session or the fixture; the matrix covers them
			}
			path := w.fill(t, strings.ReplaceAll(r.Path, ":token", "not-a-token"))
			if path == "" {
				continue
			}
			api := strings.HasPrefix(r.Path, "/api/")
			check := func(what string, res *testkit.Response) {
				t.Helper()
				calls++
				if res.Status >= 500 {
					t.Errorf("%s %s (%s): %d %s", r.Method, r.Path, what, res.Status, truncate(res.Body))
				}
				if api && res.Status >= 400 && !strings.Contains(res.Header.Get("Content-Type"), "problem+json") {
					t.Errorf("%s %s (%s): %d answered as %q, not problem+json", r.Method, r.Path, what, res.Status, res.Header.Get("Content-Type"))
				}
			}
			if r.Method == "GET" || r.Method == "HEAD" {
				check("hostile query", send(t, w.env, r.Method, path+hostileQuery+longQ, tok, !api, "", ""))
				continue
			}
			if api {
				for i, body := range hostileJSON {
					check("json body "+string(rune('0'+i)), send(t, w.env, r.Method, path+hostileQuery, tok, false, "application/json", body))
				}
				check("multipart garbage", send(t, w.env, r.Method, path, tok, false, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nAAA"))
				continue
			}
			check("form", send(t, w.env, r.Method, path, tok, true, "application/x-www-form-urlencoded", hostileForm))
			check("form as json", send(t, w.env, r.Method, path, tok, true, "application/json", hostileJSON[0]))
		}
		if calls < 300 {
			t.Fatalf("only %d hostile requests sent", calls)
		}
	})
}

// send calls a route as the holder of token (as a browser cookie or a bearer token; nobody when
// token is empty), without following redirects.
func send(t *testing.T, env *testkit.Env, method, path, token string, cookie bool, ctype, body string) *testkit.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, env.URL+path, rd)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Origin", env.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	switch {
	case token == "":
	case cookie:
		req.AddCookie(&http.Cookie{Name: "tt_at", Value: token})
	default:
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &testkit.Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}
