package web

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/files"
	"github.com/tracktwo/tracktwo/internal/paper"
)

// Multipart limits besides the file: how many parts and how long each text field may be.
const (
	maxUploadParts  = 40
	maxUploadField  = 64 << 10
	paperFilePart   = "file"
	errMultipartMsg = "send the paper as multipart/form-data with the metadata fields and one \"file\" part"
)

// uploadForm is a streamed multipart body: the text fields and the stored file (if any).
type uploadForm struct {
	fields map[string][]string
	up     *paper.Upload
}

func (f *uploadForm) get(k string) string {
	if v := f.fields[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (f *uploadForm) ptr(k string) *string {
	if v, ok := f.fields[k]; ok && len(v) > 0 {
		return &v[0]
	}
	return nil
}

func (f *uploadForm) list(k string) *[]string {
	if v, ok := f.fields[k]; ok {
		return &v
	}
	return nil
}

// input builds a paper input from the fields (title, title_zh, abstract, abstract_zh, language,
// keywords, authors).
func (f *uploadForm) input() paper.Input {
	return paper.Input{Title: f.ptr("title"), TitleZH: f.ptr("title_zh"), Abstract: f.ptr("abstract"),
		AbstractZH: f.ptr("abstract_zh"), Language: f.ptr("language"), Keywords: f.list("keywords"), Authors: f.list("authors")}
}

// rawFileName returns the file name exactly as the client sent it (multipart.Part.FileName
// strips directories, which would hide a traversal attempt); an unparseable disposition is an
// error.
func rawFileName(h string) (string, bool) {
	_, params, err := mime.ParseMediaType(h)
	if err != nil {
		return "", false
	}
	return params["filename"], true
}

// readUpload streams a multipart body (F1): text fields up to 64 KiB each, and the one "file"
// part straight into the file store through the paper service (size cap, quota, type by
// content). Nothing is buffered beyond the small fields. On error a stored file is removed.
func (s *Server) readUpload(c *gin.Context) (_ *uploadForm, err error) {
	f := &uploadForm{fields: map[string][]string{}}
	defer func() {
		if err != nil && f.up != nil {
			s.papers.Discard(c.Request.Context(), f.up)
			f.up = nil
		}
	}()
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, apperr.Invalid(paperFilePart, "multipart", errMultipartMsg)
	}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return f, err
			}
			return f, apperr.Invalid(paperFilePart, "multipart", errMultipartMsg)
		}
		if n >= maxUploadParts {
			return f, apperr.Invalid(paperFilePart, "multipart", "too many form parts")
		}
		disp := part.Header.Get("Content-Disposition")
		name, ok := rawFileName(disp)
		if !ok {
			return f, paper.ErrFileName
		}
		if part.FormName() == paperFilePart {
			if f.up != nil {
				return f, apperr.Invalid(paperFilePart, "multipart", "send one file per request")
			}
			up, err := s.papers.Store(c.Request.Context(), scope(c), part, name)
			if err != nil {
				return f, err
			}
			f.up = up
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxUploadField+1))
		if err != nil {
			return f, err
		}
		if len(b) > maxUploadField {
			return f, apperr.Invalid(part.FormName(), "length", "this field is too long")
		}
		f.fields[part.FormName()] = append(f.fields[part.FormName()], string(b))
	}
	return f, nil
}

// uploadAnswer is the answer to an upload: the paper id and the stored version.
type uploadAnswer struct {
	ID          string       `json:"id"`
	Version     int          `json:"version"`
	SHA256      string       `json:"sha256"`
	ContentType string       `json:"content_type"`
	Size        int64        `json:"size"`
	FileName    string       `json:"file_name"`
	Paper       *paper.Paper `json:"paper,omitempty"`
}

func answerFor(p *paper.Paper, v *paper.Version) uploadAnswer {
	return uploadAnswer{ID: v.PaperID, Version: v.Number, SHA256: v.SHA256, ContentType: v.ContentType, Size: v.Size,
		FileName: v.FileName, Paper: p}
}

func (s *Server) apiSubmitPaper(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	// Access and deadline first, before a byte of the body is read.
	if _, _, err := s.papers.CanSubmit(ctx, sc, c.Param("id")); err != nil {
		apiError(c, err)
		return
	}
	f, err := s.readUpload(c)
	if err != nil {
		apiError(c, err)
		return
	}
	p, err := s.papers.Submit(ctx, sc, c.Param("id"), f.input(), f.up)
	if err != nil {
		apiError(c, err)
		return
	}
	c.Header("Location", "/api/v1/papers/"+p.ID)
	c.JSON(http.StatusCreated, answerFor(p, p.Latest))
}

func (s *Server) apiListSessionPapers(c *gin.Context) {
	s.listPapers(c, paper.Filter{SessionID: c.Param("id"), Status: c.Query("status")})
}

func (s *Server) apiMyPapers(c *gin.Context) {
	s.listPapers(c, paper.Filter{Mine: true, Status: c.Query("status")})
}

func (s *Server) listPapers(c *gin.Context, f paper.Filter) {
	limit, after, err := pageParams(c)
	if err != nil {
		apiError(c, err)
		return
	}
	f.After, f.Limit = after, limit+1
	ps, err := s.papers.List(c.Request.Context(), scope(c), f)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, pageOf(ps, limit, func(p paper.Paper) string { return p.ID }))
}

func (s *Server) apiGetCall(c *gin.Context) {
	_, call, err := s.papers.Session(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	if call == nil {
		apiError(c, fmt.Errorf("%w: call for papers", apperr.ErrNotFound))
		return
	}
	c.JSON(http.StatusOK, call)
}

func (s *Server) apiSetCall(c *gin.Context) {
	if _, _, err := s.papers.Session(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		apiError(c, err)
		return
	}
	var in paper.CallInput
	if !bindJSON(c, &in) {
		return
	}
	call, err := s.papers.SetCall(c.Request.Context(), scope(c), c.Param("id"), in)
	respond(c, http.StatusOK, call, err)
}

func (s *Server) apiGetPaper(c *gin.Context) {
	p, err := s.papers.Get(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, p)
}

// resolvePaper answers 404 for a paper the caller may not see before the body is read.
func (s *Server) resolvePaper(c *gin.Context) bool {
	if _, err := s.papers.Get(c.Request.Context(), scope(c), c.Param("id")); err != nil {
		apiError(c, err)
		return false
	}
	return true
}

func (s *Server) apiUpdatePaper(c *gin.Context) {
	bindCall(c, s.resolvePaper, http.StatusOK, s.papers.Update)
}

func (s *Server) apiAddVersion(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	if _, err := s.papers.CanAddVersion(ctx, sc, c.Param("id")); err != nil {
		apiError(c, err)
		return
	}
	f, err := s.readUpload(c)
	if err != nil {
		apiError(c, err)
		return
	}
	v, err := s.papers.AddVersion(ctx, sc, c.Param("id"), f.get("note"), f.up)
	if err != nil {
		apiError(c, err)
		return
	}
	c.Header("Location", "/api/v1/papers/"+v.PaperID+"/versions/"+strconv.Itoa(v.Number)+"/file")
	c.JSON(http.StatusCreated, answerFor(nil, v))
}

// apiDownloadVersion sends a version as an attachment (F4): server-chosen name (anonymised for
// blind reviewers), type from the content, nosniff, CSP sandbox, no caching.
func (s *Server) apiDownloadVersion(c *gin.Context) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 || n > 1_000_000 {
		// Resolve the paper first so a foreign id stays a plain 404 either way.
		if s.resolvePaper(c) {
			s.fail(c, paper.ErrVersionNotFound)
		}
		return
	}
	v, rc, err := s.papers.Download(c.Request.Context(), scope(c), c.Param("id"), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	for k, vals := range files.DownloadHeaders(v.FileName, files.Kind(v.Kind)) {
		c.Writer.Header()[k] = vals
	}
	c.Header("X-Content-SHA256", v.SHA256)
	http.ServeContent(c.Writer, c.Request, "", v.CreatedAt, rc)
}

func (s *Server) apiAssignReviewer(c *gin.Context) {
	bindCall(c, s.resolvePaper, http.StatusCreated, s.papers.AssignReviewer)
}

func (s *Server) apiDeclareConflict(c *gin.Context) {
	bindCall(c, s.resolvePaper, http.StatusCreated, s.papers.DeclareConflict)
}

func (s *Server) apiSubmitReview(c *gin.Context) {
	bindCall(c, s.resolvePaper, http.StatusCreated, s.papers.SubmitReview)
}

func (s *Server) apiDecide(c *gin.Context) {
	bindCall(c, s.resolvePaper, http.StatusOK, s.papers.Decide)
}

// apiReadingPack streams the session's accepted papers as one ZIP with a bilingual index.
func (s *Server) apiReadingPack(c *gin.Context) {
	ctx := c.Request.Context()
	se, items, err := s.papers.Pack(ctx, scope(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", files.ContentDisposition("reading-pack-"+files.SanitizeName(se.Title)+".zip"))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	if err := writePack(ctx, c.Writer, se, items, s.papers); err != nil {
		s.log.ErrorContext(ctx, "reading pack failed", "session", se.ID, "err", err)
		c.Abort()
	}
}

// packEntryName is the name of a paper inside the pack: its position and sanitized title, with
// the extension of its content.
func packEntryName(i int, p *paper.Paper, v *paper.Version) string {
	title := p.Title
	if title == "" {
		title = p.TitleZH
	}
	return fmt.Sprintf("%02d-%s", i+1, files.DownloadName(title, files.Kind(v.Kind)))
}

func writePack(ctx context.Context, w io.Writer, se *paper.SessionInfo, items []paper.PackItem, svc *paper.Service) error {
	zw := zip.NewWriter(w)
	now := time.Now().UTC()
	var idx strings.Builder
	fmt.Fprintf(&idx, "# %s\n\n", se.Title)
	if se.TitleZH != "" {
		fmt.Fprintf(&idx, "# %s\n\n", se.TitleZH)
	}
	fmt.Fprintf(&idx, "Accepted position papers / 录用的立场文件: %d\n\n", len(items))
	for i := range items {
		it := &items[i]
		p := &it.Paper
		name := packEntryName(i, p, &it.Version)
		fmt.Fprintf(&idx, "## %d. %s\n\n", i+1, oneLine(p.Title))
		if p.TitleZH != "" {
			fmt.Fprintf(&idx, "**%s**\n\n", oneLine(p.TitleZH))
		}
		var names []string
		for _, a := range p.Authors {
			n := a.Name
			if a.NameNative != "" {
				n += " (" + a.NameNative + ")"
			}
			names = append(names, oneLine(n))
		}
		fmt.Fprintf(&idx, "- Authors / 作者: %s\n- File / 文件: %s (v%d, %s, SHA-256 %s)\n\n", strings.Join(names, "; "), name,
			it.Version.Number, files.FormatSize(it.Version.Size), it.Version.SHA256)
		if p.Abstract != "" {
			fmt.Fprintf(&idx, "Abstract: %s\n\n", p.Abstract)
		}
		if p.AbstractZH != "" {
			fmt.Fprintf(&idx, "摘要：%s\n\n", p.AbstractZH)
		}
	}
	iw, err := zw.CreateHeader(&zip.FileHeader{Name: "index.md", Method: zip.Deflate, Modified: now})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(iw, idx.String()); err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: packEntryName(i, &it.Paper, &it.Version), Method: zip.Deflate, Modified: it.Version.CreatedAt})
		if err != nil {
			return err
		}
		rc, err := svc.OpenVersion(ctx, &it.Version)
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
