package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/timezone"
	"github.com/tracktwo/tracktwo/templates"
)

// Renderer holds every page template, parsed once at start, in one template set: the partials
// once, each page's content (its "content" block renamed "content:<page>") and, per page, the
// layout around it ("page:<page>"). (A clone of the layout and partials per page, as before, kept
// 31 copies of the partials' parse trees: 3 MB of the idle heap.)
type Renderer struct {
	set   *template.Template
	pages map[string]bool
	i18n  *I18n
}

// templateFuncs are the helpers templates may call. None marks user text safe.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"inZone": func(t time.Time, zone string) time.Time {
			if loc, err := timezone.Load(zone); err == nil { // cached: LoadLocation reads the zone file each time
				return t.In(loc)
			}
			return t.UTC()
		},
		"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
		// dict builds a map for a partial's arguments: dict "Name" "title" "Label" "field.title".
		"list": func(xs ...string) []string { return xs },
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				if k, ok := kv[i].(string); ok {
					m[k] = kv[i+1]
				}
			}
			return m
		},
		"deref": func(t *time.Time) time.Time {
			if t == nil {
				return time.Time{}
			}
			return *t
		},
	}
}

// LoadRenderer parses the layout, the partials and each page.
func LoadRenderer(x *I18n) (*Renderer, error) {
	set, err := template.New("").Funcs(templateFuncs()).ParseFS(templates.FS, "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	raw, err := fs.ReadFile(templates.FS, "layout.html")
	if err != nil {
		return nil, err
	}
	head, tail, err := splitLayout(string(raw))
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	r := &Renderer{set: set, pages: map[string]bool{}, i18n: x}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		src, err := fs.ReadFile(templates.FS, f)
		if err != nil {
			return nil, err
		}
		body := string(src)
		if strings.Count(body, contentDefine) != 1 {
			return nil, fmt.Errorf("template %s: want one %s", f, contentDefine)
		}
		body = strings.Replace(body, contentDefine, `{{define "content:`+name+`"}}`, 1)
		if _, err := set.New(f).Parse(body); err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		if _, err := set.New("page:" + name).Parse(head + `{{template "content:` + name + `" .}}` + tail); err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		r.pages[name] = true
	}
	return r, nil
}

const (
	contentDefine = `{{define "content"}}`
	layoutDefine  = `{{define "layout"}}`
	layoutContent = `{{template "content" .}}`
)

// splitLayout returns the layout's text before and after its content.
func splitLayout(src string) (head, tail string, err error) {
	body, ok := strings.CutPrefix(strings.TrimSpace(src), layoutDefine)
	if body, ok2 := strings.CutSuffix(body, "{{end}}"); ok && ok2 && strings.Count(body, layoutContent) == 1 {
		head, tail, _ = strings.Cut(body, layoutContent)
		return head, tail, nil
	}
	return "", "", fmt.Errorf("templates: layout.html must be one %s block holding %s once", layoutDefine, layoutContent)
}

// Pages lists the parsed page names.
func (r *Renderer) Pages() []string {
	out := make([]string, 0, len(r.pages))
	for k := range r.pages {
		out = append(out, k)
	}
	return out
}

// View is what every page template receives: the caller, the language, form state and the page's
// own data.
type View struct {
	Lang      string
	Title     string
	Path      string
	RequestID string
	User      *auth.User
	OrgName   string
	Flash     string
	Errors    map[string]string
	Form      map[string]string
	Data      any
	Status    int
	// FlagCounts are active screening flags by subject id (session or participant) and severity,
	// for the flag badges (ui_flags.go).
	FlagCounts map[string]map[string]int
	i18n       *I18n
}

// T translates a message id in the page's language.
func (v *View) T(id string, kv ...any) string { return v.i18n.T(v.Lang, id, kv...) }

// Other returns the language the switch offers.
func (v *View) Other() string {
	if v.Lang == "zh" {
		return "en"
	}
	return "zh"
}

// Err returns the error message for a form field.
func (v *View) Err(field string) string { return v.Errors[field] }

// Val returns the submitted value of a form field.
func (v *View) Val(field string) string { return v.Form[field] }

// IsAdmin reports whether the caller administers their organization.
func (v *View) IsAdmin() bool { return v.User != nil && v.User.Role.AtLeast("admin") }

// Time formats t in the viewer's time zone with the zone's abbreviation.
func (v *View) Time(t time.Time) string {
	zone := "UTC"
	if v.User != nil && v.User.Timezone != "" {
		zone = v.User.Timezone
	}
	loc, err := timezone.Load(zone)
	if err != nil {
		loc = time.UTC
	}
	if v.Lang == "zh" {
		return t.In(loc).Format("2006年1月2日 15:04 MST")
	}
	return t.In(loc).Format("Mon 2 Jan 2006 15:04 MST")
}

// view builds the View for the current request.
func (s *Server) view(c *gin.Context, title string, data any) *View {
	v := &View{Lang: s.lang(c), Path: c.Request.URL.Path, RequestID: c.GetString(ctxRequestID), User: currentUser(c),
		Data: data, i18n: s.i18n, Errors: map[string]string{}, Form: map[string]string{}}
	v.Title = v.T(title)
	if f, err := c.Cookie("tt_flash"); err == nil && f != "" {
		if s.i18n.Has(f) {
			v.Flash = v.T(f)
		}
		http.SetCookie(c.Writer, &http.Cookie{Name: "tt_flash", Path: "/", MaxAge: -1, HttpOnly: true})
	}
	if v.User != nil {
		v.OrgName = v.User.OrgName(v.Lang)
	}
	return v
}

// withErrors fills the field messages of a form from a validation error, translated where the
// code has a message.
func (v *View) withErrors(err error) {
	for _, f := range apperr.Fields(err) {
		msg := f.Message
		if id := "validation." + f.Code; v.i18n.Has(id) && v.Lang != "en" {
			msg = v.T(id)
		}
		v.Errors[f.Field] = msg
	}
	if len(apperr.Fields(err)) == 0 && err != nil {
		v.Errors["_form"] = err.Error()
	}
}

// flash sets a one-time message (a message id) shown on the next page.
func flash(c *gin.Context, id string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: "tt_flash", Value: id, Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// render writes a page. Rendering goes to a buffer first, so a template error becomes a clean 500
// rather than half a page.
func (s *Server) render(c *gin.Context, status int, page string, v *View) {
	if !s.pages.pages[page] {
		s.fail(c, fmt.Errorf("unknown page %q", page))
		return
	}
	v.Status = status
	var buf bytes.Buffer
	buf.Grow(32 << 10) // most pages are 10–30 kB: one allocation instead of a doubling series
	if err := s.pages.set.ExecuteTemplate(&buf, "page:"+page, v); err != nil {
		s.log.ErrorContext(c.Request.Context(), "render failed", "page", page, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error; request id "+v.RequestID))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// fail answers a failed request: a problem document for the API, an error page otherwise.
func (s *Server) fail(c *gin.Context, err error) {
	if isAPI(c) {
		apiError(c, err)
		return
	}
	status, slug, _ := classify(err)
	if status == http.StatusUnauthorized {
		c.Redirect(http.StatusSeeOther, "/login")
		c.Abort()
		return
	}
	v := s.view(c, "error."+slug, nil)
	if status == http.StatusInternalServerError {
		_ = problemFor(c, err) // logs it
		v.Data = ""
	} else {
		v.Data = err.Error()
	}
	s.render(c, status, "error", v)
	c.Abort()
}

// lang picks the page language: the user's preference, else the language cookie, else the
// browser's Accept-Language.
func (s *Server) lang(c *gin.Context) string {
	if l := c.GetString(ctxLang); l != "" {
		return l
	}
	l := ""
	if u := currentUser(c); u != nil {
		l = normLang(u.Language)
	}
	if l == "" {
		if ck, err := c.Cookie(cookieLang); err == nil {
			l = normLang(ck)
		}
	}
	if l == "" {
		l = MatchLanguage(c.Request)
	}
	c.Set(ctxLang, l)
	return l
}
