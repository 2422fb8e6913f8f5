package web

import (
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
)

func init() {
	registerSchemas(obj{
		"Watchlist": object(obj{"id": str(), "org_id": str(), "list_id": str(), "title": str(),
			"format": enum(screening.Formats...), "current_import_id": str(), "entry_count": integer(),
			"version": integer(), "imported_at": strf("date-time"), "created_at": strf("date-time"),
			"updated_at": strf("date-time")}, "id", "list_id", "title"),
		"WatchlistList": listOf("Watchlist"),
		"WatchlistUpload": object(obj{"format": enum(screening.Formats...), "file": arrayOf(strf("binary")),
			"map":      obj{"type": "string", "description": "csv: a built-in column map name (ofac-sdn, csl, example-custom)"},
			"map_file": strf("binary"), "list_id": str(), "title": str(),
			"shared": obj{"type": "boolean", "description": "platform-wide list (platform admins only)"}}, "format", "file"),
		"WatchlistImport": object(obj{"watchlist": ref("Watchlist"), "import": object(obj{"id": str(), "status": str(),
			"files": str(), "entries": integer(), "aliases": integer(), "started_at": strf("date-time"),
			"finished_at": strf("date-time")}), "stats": object(obj{"entries": integer(), "aliases": integer(),
			"addresses": integer(), "orphans": integer(), "join": str()})}),
		"ScreeningHit": object(obj{"watchlist_id": str(), "list_id": str(), "list_title": str(), "entry_id": str(),
			"name": str(), "matched_name": str(), "kind": str(), "source": str(), "programs": arrayOf(str()),
			"birth_dates": arrayOf(str()), "nationalities": arrayOf(str()), "score": obj{"type": "number"},
			"name_score": obj{"type": "number"}, "level": enum("none", "needs-corroboration", "probable", "strong"),
			"explanation": arrayOf(str())}, "entry_id", "name", "score", "level", "explanation"),
		"ScreeningHitList": object(obj{"items": arrayOf(ref("ScreeningHit")), "lists": integer(), "entries": integer()}, "items"),
		"Rule": object(obj{"id": str(), "jurisdiction": str(), "subject": enum("session", "participant"),
			"severity": enum("block", "high", "warn", "info"), "condition": str(),
			"explanation":        object(obj{"en": str(), "zh": str()}),
			"citations":          arrayOf(object(obj{"title": str(), "article": str(), "url": str()})),
			"needs_legal_review": boolean(), "file": str(), "line": integer(), "hash": str()}, "id", "severity"),
		"RuleList": object(obj{"version": str(), "items": arrayOf(ref("Rule"))}, "items"),
	})
}

func (s *Server) apiWatchlists(c *gin.Context) {
	rows, err := s.screen.Watchlists(c.Request.Context(), scope(c))
	if err != nil {
		apiError(c, err)
		return
	}
	if rows == nil {
		rows = []screening.Watchlist{}
	}
	c.JSON(http.StatusOK, Page[screening.Watchlist]{Items: rows})
}

func (s *Server) apiImportWatchlist(c *gin.Context) {
	in, err := s.importInput(c)
	if err != nil {
		apiError(c, err)
		return
	}
	res, err := s.screen.Import(c.Request.Context(), scope(c), in)
	respond(c, http.StatusCreated, res, err)
}

// importInput reads a multipart watchlist upload: format, file (one or more), and for csv a
// column map (a built-in name in "map" or an uploaded "map_file").
func (s *Server) importInput(c *gin.Context) (screening.ImportInput, error) {
	var in screening.ImportInput
	form, err := c.MultipartForm()
	if err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return in, err
		}
		return in, apperr.Invalid("file", "multipart", "send the list as multipart/form-data with a \"file\" part")
	}
	val := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	in.Format, in.ListID, in.Title = val("format"), val("list_id"), val("title")
	in.Shared, _ = strconv.ParseBool(val("shared"))
	files := uploadFS{}
	for _, fh := range form.File["file"] {
		name := path.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
		if in.Format == screening.FormatOFAC {
			name = strings.ToLower(name)
		}
		if _, dup := files[name]; dup || name == "." || name == "/" {
			return in, apperr.Invalid("file", "duplicate", "file %q given twice or unnamed", name)
		}
		files[name] = fh
		in.Names = append(in.Names, name)
	}
	if len(in.Names) == 0 {
		return in, apperr.Invalid("file", "required", "attach the list file(s) as \"file\"")
	}
	in.Files = files
	if in.Format == screening.FormatCSV {
		switch {
		case len(form.File["map_file"]) > 0:
			f, err := form.File["map_file"][0].Open()
			if err != nil {
				return in, err
			}
			data, err := io.ReadAll(io.LimitReader(f, 1<<20))
			f.Close()
			if err != nil {
				return in, err
			}
			m, err := watchlist.ParseColumnMap(form.File["map_file"][0].Filename, data)
			if err != nil {
				return in, apperr.Invalid("map_file", "invalid", "%s", err.Error())
			}
			in.Map = m
		case val("map") != "":
			m, err := watchlist.BuiltinMap(val("map"))
			if err != nil {
				return in, apperr.Invalid("map", "unknown", "%s", err.Error())
			}
			in.Map = m
		}
	}
	return in, nil
}

// uploadFS serves uploaded multipart files by name to the importers (which take an fs.FS).
type uploadFS map[string]*multipart.FileHeader

func (u uploadFS) Open(name string) (fs.File, error) {
	fh, ok := u[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	return uploadFile{File: f, fh: fh}, nil
}

type uploadFile struct {
	multipart.File
	fh *multipart.FileHeader
}

func (f uploadFile) Stat() (fs.FileInfo, error) { return uploadInfo{f.fh}, nil }

type uploadInfo struct{ fh *multipart.FileHeader }

func (i uploadInfo) Name() string       { return i.fh.Filename }
func (i uploadInfo) Size() int64        { return i.fh.Size }
func (i uploadInfo) Mode() fs.FileMode  { return 0o444 }
func (i uploadInfo) ModTime() time.Time { return time.Time{} }
func (i uploadInfo) IsDir() bool        { return false }
func (i uploadInfo) Sys() any           { return nil }

// searchInput reads a screening search from the query string.
func searchInput(c *gin.Context) (screening.SearchInput, error) {
	in := screening.SearchInput{Name: c.Query("name"), BirthDate: c.Query("birth_date"),
		Nationality: c.Query("nationality"), Employer: c.Query("employer"), ListID: c.Query("list")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return in, apperr.Invalid("limit", "range", "limit must be a whole number from 1 to 200")
		}
		in.Limit = n
	}
	return in, nil
}

func (s *Server) apiScreeningSearch(c *gin.Context) {
	in, err := searchInput(c)
	if err != nil {
		apiError(c, err)
		return
	}
	hits, err := s.screen.Search(c.Request.Context(), scope(c), in)
	if err != nil {
		apiError(c, err)
		return
	}
	lists, entries := s.screen.Searchable(scope(c))
	c.JSON(http.StatusOK, gin.H{"items": hits, "lists": lists, "entries": entries})
}

func (s *Server) apiRules(c *gin.Context) {
	rs := s.screen.Rules()
	c.JSON(http.StatusOK, gin.H{"version": rs.Version(), "items": rs.Rules()})
}

func init() {
	registerSchemas(obj{
		"FlagMatch": object(obj{"subject": enum("person", "employer"), "query": str(), "list_id": str(), "list_title": str(),
			"entry_id": str(), "entry_name": str(), "matched_name": str(), "source": str(), "programs": arrayOf(str()),
			"birth_dates": arrayOf(str()), "level": enum("possible", "corroborated"), "corroboration": arrayOf(str()),
			"score": obj{"type": "number"}, "explanation": arrayOf(str())}),
		"FlagEvent": object(obj{"at": strf("date-time"), "actor_id": str(), "from_status": str(), "to_status": str(),
			"severity": str(), "reason": str()}),
		"Flag": object(obj{"id": str(), "session_id": str(), "participant_id": str(), "subject_name": str(), "rule_id": str(),
			"jurisdiction": str(), "severity": enum("block", "high", "warn", "info"),
			"explanation":    obj{"type": "string", "description": "in the caller's language"},
			"explanation_en": str(), "explanation_zh": str(),
			"citations": arrayOf(object(obj{"title": str(), "article": str(), "url": str()})), "needs_legal_review": boolean(),
			"evidence": arrayOf(object(obj{"path": str(), "value": obj{}})), "matches": arrayOf(ref("FlagMatch")),
			"status": enum(screening.FlagOpen, screening.FlagAcknowledged, screening.FlagMitigated, screening.FlagDismissed, screening.FlagResolved),
			"reason": str(), "reviewed_by": str(), "reviewed_at": strf("date-time"), "resolved_at": strf("date-time"),
			"raised_at": strf("date-time"), "evaluated_at": strf("date-time"), "history": arrayOf(ref("FlagEvent"))},
			"id", "rule_id", "severity", "status"),
		"FlagList": object(obj{"items": arrayOf(ref("Flag")), "disclaimer": str(),
			"screened_at":   obj{"type": "string", "format": "date-time", "description": "session flags: when they were last computed (absent: never)"},
			"rules_version": obj{"type": "string", "description": "session flags: the rule set they were computed with"},
			"rules_current": obj{"type": "boolean", "description": "session flags: false while a re-screen with a new rule set is pending"}}, "items"),
		"FlagReview": object(obj{"status": enum(screening.ReviewStatuses...), "reason": str()}, "status"),
	})
}

// flagView is a flag as the API returns it: with the explanation in the caller's language.
type flagView struct {
	*screening.Flag
	Explanation string `json:"explanation"`
}

func (s *Server) flagViews(c *gin.Context, fl []screening.Flag) []flagView {
	lang := s.lang(c)
	out := make([]flagView, len(fl))
	for i := range fl {
		out[i] = flagView{Flag: &fl[i], Explanation: fl[i].Explanation(lang)}
	}
	return out
}

func (s *Server) flagList(c *gin.Context, fl []screening.Flag, err error) {
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": s.flagViews(c, fl), "disclaimer": s.i18n.T(s.lang(c), "screening.disclaimer")})
}

func (s *Server) apiSessionFlags(c *gin.Context) {
	ctx, sc := c.Request.Context(), scope(c)
	fl, err := s.screen.SessionFlags(ctx, sc, c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	st, err := s.screen.SessionState(ctx, sc, c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	out := gin.H{"items": s.flagViews(c, fl), "disclaimer": s.i18n.T(s.lang(c), "screening.disclaimer"),
		"rules_version": st.RulesVersion, "rules_current": st.Current}
	if !st.ScreenedAt.IsZero() {
		out["screened_at"] = st.ScreenedAt
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiParticipantFlags(c *gin.Context) {
	fl, err := s.screen.ParticipantFlags(c.Request.Context(), scope(c), c.Param("id"))
	s.flagList(c, fl, err)
}

func (s *Server) apiGetFlag(c *gin.Context) {
	f, err := s.screen.Flag(c.Request.Context(), scope(c), c.Param("id"))
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, flagView{Flag: f, Explanation: f.Explanation(s.lang(c))})
}

func (s *Server) apiReviewFlag(c *gin.Context) {
	var in screening.ReviewInput
	if !bindJSON(c, &in) {
		return
	}
	f, err := s.screen.Review(c.Request.Context(), scope(c), c.Param("id"), in)
	if err != nil {
		apiError(c, err)
		return
	}
	c.JSON(http.StatusOK, flagView{Flag: f, Explanation: f.Explanation(s.lang(c))})
}
