package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestPaperSubmitVersionsDownload: submission with metadata and file, content type from the
// bytes, SHA-256 and size in the answer; a new version; downloads as attachments (F4); the
// outsider sees nothing (A5).
func TestPaperSubmitVersionsDownload(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, nil)
		pdf := testFile(t, "paper.pdf")
		r := postMultipart(t, w.env, "/api/v1/sessions/"+w.sessionID+"/papers", w.usMember, paperParts("Walker – norms.pdf", pdf, w.usAuthor, w.cnAuthor))
		mustStatus(t, r, 201)
		m := r.JSON()
		pid := str(m, "id")
		if m["version"].(float64) != 1 || str(m, "sha256") != sha(pdf) || str(m, "content_type") != "application/pdf" || int(m["size"].(float64)) != len(pdf) {
			t.Fatalf("upload answer: %s", r.Body)
		}
		// The paper, its authors in order, its version.
		r = w.env.Do("GET", "/api/v1/papers/"+pid, w.cnTok, nil)
		mustStatus(t, r, 200)
		var p struct {
			Status   string
			Authors  []struct{ Name string }
			Versions []struct {
				Version      int
				SHA256, Kind string
				FileName     string `json:"file_name"`
			}
		}
		_ = json.Unmarshal(r.Body, &p)
		if p.Status != "submitted" || len(p.Authors) != 2 || p.Authors[0].Name != "Alice Walker" || p.Authors[1].Name != "Zhang Wei" || len(p.Versions) != 1 {
			t.Fatalf("paper: %s", r.Body)
		}
		// Download: attachment, nosniff, sandbox, exact bytes.
		r = w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/1/file", w.cnTok, nil)
		mustStatus(t, r, 200)
		if !bytes.Equal(r.Body, pdf) || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") ||
			r.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Fatalf("download headers: %v", r.Header)
		}
		// A new version (DOCX); the first stays downloadable.
		docx := testFile(t, "paper.docx")
		r = postMultipart(t, w.env, "/api/v1/papers/"+pid+"/versions", w.usMember, []field{{Name: "note", Value: "typos"}, {File: true, FileName: "v2.docx", Content: docx}})
		mustStatus(t, r, 201)
		if r.JSON()["version"].(float64) != 2 || !strings.Contains(str(r.JSON(), "content_type"), "wordprocessingml") {
			t.Fatalf("version answer: %s", r.Body)
		}
		mustStatus(t, w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/1/file", w.usMember, nil), 200)
		r = w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/2/file", w.usMember, nil)
		if r.Status != 200 || !bytes.Equal(r.Body, docx) {
			t.Fatalf("v2 download: %d", r.Status)
		}
		mustStatus(t, w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/3/file", w.usMember, nil), 404)
		// Only the submitting side uploads versions.
		r = postMultipart(t, w.env, "/api/v1/papers/"+pid+"/versions", w.cnTok, []field{{File: true, FileName: "x.pdf", Content: pdf}})
		mustStatus(t, r, 403)
		// Lists.
		if got := items(w.env.Do("GET", "/api/v1/sessions/"+w.sessionID+"/papers", w.cnTok, nil)); len(got) != 1 {
			t.Fatalf("session list: %v", got)
		}
		if got := items(w.env.Do("GET", "/api/v1/papers", w.usMember, nil)); len(got) != 1 {
			t.Fatalf("my papers: %v", got)
		}
		// The outsider: 404 on every path, indistinguishable from a missing id.
		for _, path := range []string{"/api/v1/papers/" + pid, "/api/v1/papers/" + pid + "/versions/1/file",
			"/api/v1/sessions/" + w.sessionID + "/papers", "/api/v1/sessions/" + w.sessionID + "/papers/pack.zip",
			"/api/v1/papers/00000000-0000-7000-8000-000000000000"} {
			mustStatus(t, w.env.Do("GET", path, w.xxTok, nil), 404)
		}
		mustStatus(t, postMultipart(t, w.env, "/api/v1/sessions/"+w.sessionID+"/papers", w.xxTok, paperParts("a.pdf", pdf, w.usAuthor)), 404)
		// Audit: submission and version recorded.
		r = w.env.Do("GET", "/api/v1/audit-events", w.usAdminTok, nil)
		if !strings.Contains(string(r.Body), "paper.submit") || !strings.Contains(string(r.Body), "paper.version.add") {
			t.Fatalf("audit: %s", r.Body)
		}
	})
}

// TestPaperValidationAndDeadline: missing metadata and authors who are not participants are
// refused (and the file removed); after the deadline submissions are refused with a clear
// message until a convener reopens the call.
func TestPaperValidationAndDeadline(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, nil)
		pdf := testFile(t, "paper.pdf")
		path := "/api/v1/sessions/" + w.sessionID + "/papers"
		r := postMultipart(t, w.env, path, w.usMember, []field{{File: true, FileName: "a.pdf", Content: pdf}})
		mustStatus(t, r, 422)
		if fe := fieldErrors(r); fe["title"] == "" || fe["abstract"] == "" || fe["language"] == "" || fe["authors"] == "" {
			t.Fatalf("field errors: %s", r.Body)
		}
		outsiderPart := w.participant(t, w.usTok, "Not Attending", "")
		mustStatus(t, postMultipart(t, w.env, path, w.usMember, paperParts("a.pdf", pdf, outsiderPart)), 422)
		if n := storedObjects(t, w.env); n != 0 {
			t.Fatalf("%d files left behind by refused submissions", n)
		}
		// Close the call: refused with the date; reopened: accepted and marked late.
		mustStatus(t, w.env.Do("PUT", "/api/v1/sessions/"+w.sessionID+"/call-for-papers", w.usTok, map[string]any{"deadline": "2020-01-01T00:00:00Z"}), 200)
		r = postMultipart(t, w.env, path, w.usMember, paperParts("a.pdf", pdf, w.usAuthor))
		mustStatus(t, r, 409)
		if !strings.Contains(string(r.Body), "closed on 2020-01-01") {
			t.Fatalf("late message: %s", r.Body)
		}
		mustStatus(t, w.env.Do("PUT", "/api/v1/sessions/"+w.sessionID+"/call-for-papers", w.usMember, map[string]any{"reopened": true}), 403)
		mustStatus(t, w.env.Do("PUT", "/api/v1/sessions/"+w.sessionID+"/call-for-papers", w.cnTok, map[string]any{"reopened": true}), 200)
		r = postMultipart(t, w.env, path, w.usMember, paperParts("a.pdf", pdf, w.usAuthor))
		mustStatus(t, r, 201)
		if late, _ := r.JSON()["paper"].(map[string]any)["late"].(bool); !late {
			t.Fatalf("not marked late: %s", r.Body)
		}
	})
}

// TestPaperHostileUploads: every hostile input of the issue is refused with a clear 4xx through
// HTTP, and nothing is stored (no row, no file).
func TestPaperHostileUploads(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, nil)
		path := "/api/v1/sessions/" + w.sessionID + "/papers"
		pdf := testFile(t, "paper.pdf")
		docxOK := testFile(t, "paper.docx")
		_ = docxOK
		bomb := zipOf(t, map[string][]byte{"[Content_Types].xml": []byte(contentTypesXML), "word/document.xml": make([]byte, 40<<20)},
			"[Content_Types].xml", "word/document.xml")
		traversal := zipOf(t, map[string][]byte{"[Content_Types].xml": []byte(contentTypesXML), "word/document.xml": []byte("<w:document/>"),
			"../../evil.sh": []byte("#!/bin/sh\n")}, "[Content_Types].xml", "word/document.xml", "../../evil.sh")
		cases := []struct {
			name, file string
			content    []byte
			want       int
		}{
			{"html-renamed-pdf", "paper.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), 415},
			{"svg", "figure.pdf", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), 415},
			{"zip-bomb-as-docx", "paper.docx", bomb, 422},
			{"docx-traversal", "paper.docx", traversal, 422},
			{"name-quote-semicolon", `evil";.pdf`, pdf, 422},
			{"name-traversal", "../../etc/passwd.pdf", pdf, 422},
			{"name-backslash", `..\..\boot.ini.pdf`, pdf, 422},
			{"name-nul", "a\x00b.pdf", pdf, 0},
			{"name-crlf", "a\r\nX-Evil: 1.pdf", pdf, 0},
			{"empty", "empty.pdf", nil, 422},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := postMultipart(t, w.env, path, w.usMember, paperParts(c.file, c.content, w.usAuthor))
				if c.want != 0 && r.Status != c.want || r.Status < 400 || r.Status >= 500 {
					t.Fatalf("status %d, want %d: %s", r.Status, c.want, r.Body)
				}
				t.Logf("%s → %d %s", c.name, r.Status, str(r.JSON(), "detail"))
				if !strings.Contains(r.Header.Get("Content-Type"), "problem+json") || !strings.Contains(string(r.Body), `"detail"`) {
					t.Fatalf("not a problem document: %s", r.Body)
				}
			})
		}
		if got := items(w.env.Do("GET", path, w.usTok, nil)); len(got) != 0 {
			t.Fatalf("hostile uploads stored papers: %v", got)
		}
		if n := storedObjects(t, w.env); n != 0 {
			t.Fatalf("hostile uploads left %d files", n)
		}
	})
}

// TestPaperOversizeBodies: a declared 1 GB body is refused before it is read; an undeclared
// (chunked) one is cut at the cap; a file over the configured cap and one over the quota are
// refused; nothing is stored.
func TestPaperOversizeBodies(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		pw := newPaperWorldCfg(t, b, func(c *config.Config) { c.Limits.UploadMaxBytes = 256 << 10; c.Limits.OrgQuotaBytes = 300 << 10 })
		path := pw.env.URL + "/api/v1/sessions/" + pw.sessionID + "/papers"
		// 1 GB declared: 413 before reading.
		req, _ := http.NewRequest("POST", path, io.LimitReader(zeros{}, 1<<30))
		req.ContentLength = 1 << 30
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		req.Header.Set("Authorization", "Bearer "+pw.usMember)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			if resp.StatusCode != 413 {
				t.Fatalf("1 GB declared: %d", resp.StatusCode)
			}
			resp.Body.Close()
		} // a reset connection after the early answer is also a refusal
		// 1 GB chunked: the multipart file part streams into the cap.
		head, ct := multipartBody(t, []field{{Name: "title", Value: "t"}})
		prefix := strings.TrimSuffix(head.String(), "--"+strings.TrimPrefix(ct, "multipart/form-data; boundary=")+"--\r\n")
		boundary := strings.TrimPrefix(ct, "multipart/form-data; boundary=")
		body := io.MultiReader(strings.NewReader(prefix+"--"+boundary+"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.md\"\r\n\r\n"),
			io.LimitReader(letters{}, 1<<30))
		req, _ = http.NewRequest("POST", path, body)
		req.ContentLength = -1
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+pw.usMember)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 413 {
				t.Fatalf("1 GB chunked: %d %s", resp.StatusCode, raw)
			}
		}
		// Over the file cap (300 KB > 256 KB).
		big := append([]byte("# Big\n\n"), bytes.Repeat([]byte("text "), 60<<10)...)
		mustStatus(t, postMultipart(t, pw.env, "/api/v1/sessions/"+pw.sessionID+"/papers", pw.usMember, paperParts("big.md", big, pw.usAuthor)), 413)
		// Quota: 200 KB fits, a second 200 KB exceeds 300 KB.
		md := append([]byte("# Paper\n\n"), bytes.Repeat([]byte("words "), 34<<10)...)
		mustStatus(t, postMultipart(t, pw.env, "/api/v1/sessions/"+pw.sessionID+"/papers", pw.usMember, paperParts("a.md", md, pw.usAuthor)), 201)
		r := postMultipart(t, pw.env, "/api/v1/sessions/"+pw.sessionID+"/papers", pw.usMember, paperParts("b.md", md, pw.usAuthor))
		mustStatus(t, r, 413)
		if n := storedObjects(t, pw.env); n != 1 {
			t.Fatalf("%d files stored, want 1", n)
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type letters struct{}

func (letters) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func newPaperWorldCfg(t *testing.T, b testkit.Backend, mutate func(*config.Config)) *paperWorld {
	t.Helper()
	return newPaperWorldWith(t, b, nil, mutate)
}

// TestPaperBlindReview: conflicts of interest enforced, blind review hides authors from
// reviewers and reviewers from authors on every path, reviews scored on the call's criteria,
// the decision reaches the authors.
func TestPaperBlindReview(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, map[string]any{"deadline": "2099-01-01T00:00:00Z", "blind": true,
			"criteria": []map[string]any{{"key": "rigour", "label": "Rigour", "label_zh": "严谨", "max": 5}, {"key": "policy", "label": "Policy relevance", "max": 3}}})
		pdf := testFile(t, "paper.pdf")
		r := postMultipart(t, w.env, "/api/v1/sessions/"+w.sessionID+"/papers", w.usMember, paperParts("Alice Walker final.pdf", pdf, w.usAuthor))
		mustStatus(t, r, 201)
		pid := str(r.JSON(), "id")
		// Conflicts of interest: the submitting organization's own users are refused.
		r = w.env.Do("POST", "/api/v1/papers/"+pid+"/reviewers", w.cnTok, map[string]any{"user_id": w.us.Admin.ID})
		mustStatus(t, r, 422)
		if fieldErrors(r)["user_id"] != "conflict_of_interest" {
			t.Fatalf("COI: %s", r.Body)
		}
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/reviewers", w.cnTok, map[string]any{"user_id": w.xx.Admin.ID}), 422)
		// A declared conflict blocks the assignment.
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/conflicts", w.cnAdminTok, map[string]any{"reason": "former student of the author"}), 201)
		r = w.env.Do("POST", "/api/v1/papers/"+pid+"/reviewers", w.cnTok, map[string]any{"user_id": w.cn.Admin.ID})
		mustStatus(t, r, 422)
		// Only conveners assign.
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/reviewers", w.usMember, map[string]any{"user_id": w.cn.Organizer.ID}), 403)
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/reviewers", w.usTok, map[string]any{"user_id": w.cn.Organizer.ID}), 201)
		// The reviewer does not see the authors: no names, no organization, no uploader, an
		// anonymous file name in the page, the API and the download; history without actors.
		r = w.env.Do("GET", "/api/v1/papers/"+pid, w.cnTok, nil)
		mustStatus(t, r, 200)
		body := string(r.Body)
		for _, leak := range []string{"Alice Walker", w.us.Member.ID, w.us.Org.ID, "member of usorg"} {
			if strings.Contains(body, leak) {
				t.Fatalf("blind review leaks %q to the reviewer: %s", leak, body)
			}
		}
		d := w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/1/file", w.cnTok, nil)
		mustStatus(t, d, 200)
		if strings.Contains(d.Header.Get("Content-Disposition"), "Walker") {
			t.Fatalf("download name leaks the author: %s", d.Header.Get("Content-Disposition"))
		}
		br := browserAs(t, w.env, w.cn.Organizer)
		page := br.Get("/papers/" + pid)
		mustStatus(t, page, 200)
		if strings.Contains(string(page.Body), "Walker") || strings.Contains(string(page.Body), "member of usorg") {
			t.Fatalf("paper page leaks the author to the reviewer")
		}
		if l := items(w.env.Do("GET", "/api/v1/papers", w.cnTok, nil)); len(l) != 1 || strings.Contains(mustJSON(l), "Alice") {
			t.Fatalf("reviewer's list: %v", l)
		}
		// Reviews: only the assigned reviewer, on the call's criteria.
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/reviews", w.cnAdminTok, map[string]any{"scores": map[string]int{"rigour": 4, "policy": 2}, "recommendation": "accepted"}), 403)
		r = w.env.Do("POST", "/api/v1/papers/"+pid+"/reviews", w.cnTok, map[string]any{"scores": map[string]int{"rigour": 6, "clarity": 2}, "recommendation": "maybe"})
		mustStatus(t, r, 422)
		if fe := fieldErrors(r); fe["scores.rigour"] == "" || fe["scores.policy"] == "" || fe["scores.clarity"] == "" || fe["recommendation"] == "" {
			t.Fatalf("review errors: %s", r.Body)
		}
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/reviews", w.cnTok, map[string]any{"scores": map[string]int{"rigour": 4, "policy": 2},
			"recommendation": "accepted", "comment": "Solid and timely."}), 201)
		// The authors see the review but not the reviewer.
		r = w.env.Do("GET", "/api/v1/papers/"+pid, w.usMember, nil)
		body = string(r.Body)
		if !strings.Contains(body, "Solid and timely.") || strings.Contains(body, w.cn.Organizer.ID) || strings.Contains(body, "organizer of cnorg") {
			t.Fatalf("author's view of reviews: %s", body)
		}
		page = browserAs(t, w.env, w.us.Member).Get("/papers/" + pid)
		if strings.Contains(string(page.Body), "organizer of cnorg") || !strings.Contains(string(page.Body), "Solid and timely.") {
			t.Fatalf("author's page leaks the reviewer")
		}
		// A convener of the other side sees who reviewed.
		if r := w.env.Do("GET", "/api/v1/papers/"+pid, w.cnAdminTok, nil); !strings.Contains(string(r.Body), "organizer of cnorg") {
			t.Fatalf("convener's view: %s", r.Body)
		}
		// Decision: conveners only; the authors see it.
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/decision", w.usMember, map[string]any{"decision": "accepted"}), 403)
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/decision", w.cnTok, map[string]any{"decision": "revise", "note": "Shorten section 2."}), 200)
		r = w.env.Do("GET", "/api/v1/papers/"+pid, w.usMember, nil)
		if strings.Contains(string(r.Body), "organizer of cnorg") || strings.Contains(string(r.Body), w.cn.Organizer.ID) || !strings.Contains(string(r.Body), "Shorten section 2.") {
			t.Fatalf("the decision by a reviewer leaks them to the authors: %s", r.Body)
		}
		r = w.env.Do("GET", "/api/v1/papers", w.usMember, nil)
		if l := items(r); len(l) != 1 || l[0]["status"] != "revise" {
			t.Fatalf("author's list after decision: %s", r.Body)
		}
		// A revision is accepted after the deadline too, and the paper is back under review.
		mustStatus(t, w.env.Do("PUT", "/api/v1/sessions/"+w.sessionID+"/call-for-papers", w.usTok, map[string]any{"deadline": "2020-01-01T00:00:00Z"}), 200)
		mustStatus(t, postMultipart(t, w.env, "/api/v1/papers/"+pid+"/versions", w.usMember, []field{{File: true, FileName: "v2.pdf", Content: pdf}}), 201)
		r = w.env.Do("GET", "/api/v1/papers/"+pid, w.usMember, nil)
		if str(r.JSON(), "status") != "under_review" || r.JSON()["current_version"].(float64) != 2 {
			t.Fatalf("after revision: %s", r.Body)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestPaperVisibilityPublishPack: a removed co-host loses the papers on its next request on
// every path; a paper both sides mark public is readable by everyone signed in; the reading pack
// holds the accepted papers and a bilingual index.
func TestPaperVisibilityPublishPack(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, nil)
		pdf := testFile(t, "paper.pdf")
		r := postMultipart(t, w.env, "/api/v1/sessions/"+w.sessionID+"/papers", w.usMember, paperParts("p.pdf", pdf, w.usAuthor))
		mustStatus(t, r, 201)
		pid := str(r.JSON(), "id")
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/decision", w.cnTok, map[string]any{"decision": "accepted"}), 200)
		// The reading pack: conveners only.
		mustStatus(t, w.env.Do("GET", "/api/v1/sessions/"+w.sessionID+"/papers/pack.zip", w.usMember, nil), 403)
		r = w.env.Do("GET", "/api/v1/sessions/"+w.sessionID+"/papers/pack.zip", w.cnTok, nil)
		mustStatus(t, r, 200)
		zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
		if err != nil || len(zr.File) != 2 || zr.File[0].Name != "index.md" || !strings.HasSuffix(zr.File[1].Name, ".pdf") {
			t.Fatalf("pack: %v %v", err, zr)
		}
		f, _ := zr.File[0].Open()
		idx, _ := io.ReadAll(f)
		for _, want := range []string{"Norms for state behaviour", "网络空间国家行为规范", "Alice Walker", "three confidence-building", "我们提出三项"} {
			if !strings.Contains(string(idx), want) {
				t.Fatalf("index lacks %q: %s", want, idx)
			}
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("pack headers: %v", r.Header)
		}
		// Public: both the authors and a convener must agree.
		mustStatus(t, w.env.Do("PATCH", "/api/v1/papers/"+pid, w.usMember, map[string]any{"public": true}), 200)
		mustStatus(t, w.env.Do("GET", "/api/v1/papers/"+pid, w.xxTok, nil), 404)
		mustStatus(t, w.env.Do("PATCH", "/api/v1/papers/"+pid, w.cnTok, map[string]any{"public": true}), 200)
		mustStatus(t, w.env.Do("GET", "/api/v1/papers/"+pid, w.xxTok, nil), 200)
		mustStatus(t, w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/1/file", w.xxTok, nil), 200)
		mustStatus(t, w.env.Do("PATCH", "/api/v1/papers/"+pid, w.xxTok, map[string]any{"public": false}), 403)
		mustStatus(t, w.env.Do("PATCH", "/api/v1/papers/"+pid, w.cnTok, map[string]any{"public": false}), 200)
		mustStatus(t, w.env.Do("GET", "/api/v1/papers/"+pid+"/versions/1/file", w.xxTok, nil), 404)
		// Removing the co-host: 404 on the next request, on every path.
		cnPaths := []string{"/api/v1/papers/" + pid, "/api/v1/papers/" + pid + "/versions/1/file", "/api/v1/sessions/" + w.sessionID + "/papers",
			"/api/v1/sessions/" + w.sessionID + "/papers/pack.zip", "/api/v1/sessions/" + w.sessionID + "/call-for-papers"}
		for _, p := range cnPaths {
			mustStatus(t, w.env.Do("GET", p, w.cnTok, nil), 200)
		}
		mustStatus(t, w.env.Do("DELETE", "/api/v1/dialogues/"+w.dialogueID+"/conveners/"+w.cn.Org.ID, w.usAdminTok, nil), 204)
		for _, p := range cnPaths {
			mustStatus(t, w.env.Do("GET", p, w.cnTok, nil), 404)
		}
		mustStatus(t, w.env.Do("POST", "/api/v1/papers/"+pid+"/decision", w.cnTok, map[string]any{"decision": "rejected"}), 404)
		br := browserAs(t, w.env, w.cn.Organizer)
		mustStatus(t, br.Get("/papers/"+pid), 404)
		mustStatus(t, br.Get("/papers/"+pid+"/versions/1/file"), 404)
	})
}

// TestPaperPages: the pages render in both languages for each role, and the browser flow
// (call, submission with a streamed file, review, decision) works without JavaScript.
func TestPaperPages(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newPaperWorld(t, b, nil)
		us := browserAs(t, w.env, w.us.Member)
		r := us.Get("/sessions/" + w.sessionID + "/papers")
		mustStatus(t, r, 200)
		if !strings.Contains(string(r.Body), `enctype="multipart/form-data"`) {
			t.Fatalf("no submission form")
		}
		body, ct := multipartBody(t, paperParts("walker.pdf", testFile(t, "paper.pdf"), w.usAuthor))
		r = us.PostMultipart("/sessions/"+w.sessionID+"/papers", ct, body.Bytes())
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/papers/") {
			t.Fatalf("submit form: %d %s", r.Status, r.Body)
		}
		pid := strings.TrimPrefix(r.Header.Get("Location"), "/papers/")
		// A refused file re-renders the form with the message.
		body, ct = multipartBody(t, paperParts("x.pdf", []byte("<html><body>hi</body></html>"), w.usAuthor))
		r = us.PostMultipart("/sessions/"+w.sessionID+"/papers", ct, body.Bytes())
		if r.Status != 415 || !strings.Contains(string(r.Body), "HTML") {
			t.Fatalf("refused file page: %d", r.Status)
		}
		cn := browserAs(t, w.env, w.cn.Organizer)
		for _, path := range []string{"/papers", "/papers/" + pid, "/sessions/" + w.sessionID + "/papers"} {
			for _, br := range []*pbrowser{us, cn} {
				r := br.Get(path)
				if r.Status != 200 || strings.Contains(string(r.Body), "paper.") || strings.Contains(string(r.Body), "<no value>") {
					t.Fatalf("%s: %d or untranslated text", path, r.Status)
				}
			}
		}
		r = cn.Post("/papers/"+pid+"/reviewers", formOf("user_id", w.cn.Admin.ID))
		mustStatus(t, r, http.StatusSeeOther)
		r = cn.Post("/papers/"+pid+"/decision", formOf("decision", "accepted", "decision_note", "Welcome."))
		mustStatus(t, r, http.StatusSeeOther)
		r = us.Get("/papers/" + pid)
		if !strings.Contains(string(r.Body), "Welcome.") {
			t.Fatalf("decision not shown to the author")
		}
		mustStatus(t, cn.Get("/sessions/"+w.sessionID+"/papers/pack.zip"), 200)
	})
}
