package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// screeningPage is the screening search page's data.
type screeningPage struct {
	Searched   bool
	Hits       []screening.Hit
	Lists      []screening.Watchlist
	ListCount  int
	EntryCount int
	Formats    []string
}

func (s *Server) screeningPage(c *gin.Context) (*screeningPage, error) {
	lists, err := s.screen.Watchlists(c.Request.Context(), scope(c))
	if err != nil {
		return nil, err
	}
	p := &screeningPage{Lists: lists, Formats: screening.Formats}
	p.ListCount, p.EntryCount = s.screen.Searchable(scope(c))
	return p, nil
}

func (s *Server) uiScreening(c *gin.Context) {
	p, err := s.screeningPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.view(c, "screening.title", p)
	for _, k := range []string{"name", "birth_date", "nationality", "employer", "list"} {
		v.Form[k] = c.Query(k)
	}
	status := http.StatusOK
	if c.Query("name") != "" || c.Query("search") != "" {
		in, err := searchInput(c)
		if err == nil {
			p.Hits, err = s.screen.Search(c.Request.Context(), scope(c), in)
		}
		if err != nil {
			if !errors.Is(err, apperr.ErrInvalid) {
				s.fail(c, err)
				return
			}
			v.withErrors(err)
			status = http.StatusUnprocessableEntity
		} else {
			p.Searched = true
		}
	}
	s.render(c, status, "screening", v)
}

func (s *Server) uiImportWatchlist(c *gin.Context) {
	in, err := s.importInput(c)
	if err == nil {
		_, err = s.screen.Import(c.Request.Context(), scope(c), in)
	}
	if err != nil {
		if !errors.Is(err, apperr.ErrInvalid) {
			s.fail(c, err)
			return
		}
		p, perr := s.screeningPage(c)
		if perr != nil {
			s.fail(c, perr)
			return
		}
		v := s.view(c, "screening.title", p)
		v.Form["format"], v.Form["map"], v.Form["list_id"] = c.PostForm("format"), c.PostForm("map"), c.PostForm("list_id")
		v.withErrors(err)
		s.render(c, http.StatusUnprocessableEntity, "screening", v)
		return
	}
	flash(c, "screening.imported")
	c.Redirect(http.StatusSeeOther, "/screening")
}

// rulesPage is the rules page's data.
type rulesPage struct {
	Version string
	Rules   []rules.Rule
}

func (s *Server) uiRules(c *gin.Context) {
	rs := s.screen.Rules()
	s.render(c, http.StatusOK, "rules", s.view(c, "rules.title", rulesPage{Version: rs.Version(), Rules: rs.Rules()}))
}
