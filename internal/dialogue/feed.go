package dialogue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/calendar"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Feed kinds: every session the user may see, every session the organization may see, or the
// sessions of one dialogue.
var FeedKinds = []string{"user", "org", "dialogue"}

// Feed is a calendar subscription: a secret-token URL, bound to the user who made it and
// re-checked on every use (A5). Revoking it ends it at once.
type Feed struct {
	ID         string     `json:"id"`
	OrgID      string     `json:"org_id"`
	UserID     string     `json:"user_id"`
	Kind       string     `json:"kind"`
	DialogueID *string    `json:"dialogue_id,omitempty"`
	TokenHash  string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// FeedInput asks for a new feed.
type FeedInput struct {
	Kind       string `json:"kind"`
	DialogueID string `json:"dialogue_id"`
}

// NewFeed is a created feed with its URL, shown once.
type NewFeed struct {
	Feed
	URL string `json:"url"`
}

// FeedOwner is the current state of the user behind a feed.
type FeedOwner struct {
	Scope    tenant.Scope
	Disabled bool
}

// Users looks up the user behind a feed (their organization and role as they are now).
type Users interface {
	FeedOwner(ctx context.Context, userID string) (*FeedOwner, error)
}

// CreateFeed makes a calendar feed for the caller. An organization feed needs an admin; a
// dialogue feed needs a dialogue the caller's organization convenes.
func (s *Service) CreateFeed(ctx context.Context, sc tenant.Scope, in FeedInput) (*NewFeed, error) {
	var v apperr.Validator
	v.Check(contains(FeedKinds, in.Kind), "kind", "enum", "must be one of %s", strings.Join(FeedKinds, ", "))
	if in.Kind == "dialogue" && !id.Valid(in.DialogueID) {
		v.Add("dialogue_id", "required", "choose the dialogue")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Kind == "org" && !sc.CanAdmin() {
		return nil, fmt.Errorf("%w: only an organization admin may make an organization feed", apperr.ErrForbidden)
	}
	tok := newToken()
	f := &NewFeed{Feed: Feed{ID: s.newID(), OrgID: sc.OrgID, UserID: sc.UserID, Kind: in.Kind, TokenHash: hashToken(tok),
		CreatedAt: s.now()}}
	if in.Kind == "dialogue" {
		if _, err := s.store.GetDialogue(ctx, sc, in.DialogueID); err != nil {
			if errors.Is(err, apperr.ErrNotFound) {
				return nil, apperr.Invalid("dialogue_id", "unknown", "there is no such dialogue among yours")
			}
			return nil, err
		}
		f.DialogueID = &in.DialogueID
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateFeed(ctx, sc, &f.Feed); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "calendar.feed_create", TargetType: "calendar_feed", TargetID: f.ID,
			Details: map[string]any{"kind": in.Kind}})
	})
	if err != nil {
		return nil, err
	}
	f.URL = strings.TrimRight(s.baseURL, "/") + "/feeds/" + tok + ".ics"
	return f, nil
}

// ListFeeds lists the caller's feeds (an admin sees the organization's).
func (s *Service) ListFeeds(ctx context.Context, sc tenant.Scope) ([]Feed, error) {
	all, err := s.store.ListFeeds(ctx, sc)
	if err != nil {
		return nil, err
	}
	out := []Feed{}
	for _, f := range all {
		if f.UserID == sc.UserID || sc.CanAdmin() {
			out = append(out, f)
		}
	}
	return out, nil
}

// RevokeFeed ends a feed: its URL answers 404 from now on.
func (s *Service) RevokeFeed(ctx context.Context, sc tenant.Scope, feedID string) error {
	feeds, err := s.ListFeeds(ctx, sc)
	if err != nil {
		return err
	}
	for _, f := range feeds {
		if f.ID == feedID {
			return s.tx.InTx(ctx, func(ctx context.Context) error {
				if err := s.store.RevokeFeed(ctx, sc, feedID, s.now()); err != nil {
					return err
				}
				return s.audit.Append(ctx, audit.Entry{Action: "calendar.feed_revoke", TargetType: "calendar_feed", TargetID: feedID})
			})
		}
	}
	return ErrFeedNotFound
}

// feedStatus maps a session status to the iCalendar STATUS.
func feedStatus(status string) calendar.Status {
	switch status {
	case StatusCancelled, StatusDeclined:
		return calendar.StatusCancelled
	case StatusProposed, StatusAccepted:
		return calendar.StatusTentative
	}
	return calendar.StatusConfirmed
}

func (s *Service) event(se *Session) calendar.Event {
	desc := se.Description
	if se.Agenda != "" {
		desc = strings.TrimSpace(desc + "\n\n" + se.Agenda)
	}
	title := se.Title
	if se.TitleZH != "" {
		title += " / " + se.TitleZH
	}
	ev := calendar.Event{ID: se.ID, Summary: title, Description: desc, Location: se.Place(),
		URL: strings.TrimRight(s.baseURL, "/") + "/sessions/" + se.ID, Start: se.StartsAt, End: se.EndsAt, Zone: se.Timezone,
		Status: feedStatus(se.Status), Sequence: se.Sequence, Created: se.CreatedAt, LastModified: se.UpdatedAt}
	if se.CreatorEmail != "" {
		ev.Organizer = &calendar.Organizer{Name: se.CreatorName, Email: se.CreatorEmail}
	}
	return ev
}

func (s *Service) host() string {
	u, err := url.Parse(s.baseURL)
	if err != nil || u.Hostname() == "" {
		return "tracktwo.invalid"
	}
	return u.Hostname()
}

// SessionCalendar returns one session as an iCalendar file.
func (s *Service) SessionCalendar(ctx context.Context, sc tenant.Scope, sessionID string) ([]byte, error) {
	a, err := s.SessionAccess(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	return calendar.Marshal(calendar.Calendar{Name: a.Session.Title, Host: s.host(), Stamp: s.now(),
		Events: []calendar.Event{s.event(a.Session)}})
}

// FeedCalendar answers a feed URL: the feed's owner is re-checked (still enabled, still in the
// organization, still a convener of the dialogue) before any session is listed.
func (s *Service) FeedCalendar(ctx context.Context, users Users, token string) ([]byte, error) {
	token = strings.TrimSuffix(token, ".ics")
	if len(token) < 20 || len(token) > 100 {
		return nil, ErrFeedNotFound
	}
	f, err := s.store.FeedByToken(ctx, hashToken(token))
	if err != nil {
		return nil, err
	}
	owner, err := users.FeedOwner(ctx, f.UserID)
	if err != nil || owner.Disabled || owner.Scope.OrgID != f.OrgID {
		return nil, ErrFeedNotFound
	}
	sc := owner.Scope
	if f.Kind == "org" && !sc.CanAdmin() {
		return nil, ErrFeedNotFound
	}
	filter := SessionFilter{From: s.now().AddDate(0, -6, 0), Limit: 2000, Full: true}
	name := "Tracktwo"
	if f.Kind == "dialogue" && f.DialogueID != nil {
		d, err := s.store.GetDialogue(ctx, sc, *f.DialogueID)
		if err != nil {
			return nil, ErrFeedNotFound
		}
		filter.DialogueID, name = d.ID, d.Title
	}
	sessions, err := s.store.ListSessions(ctx, sc, filter)
	if err != nil {
		return nil, err
	}
	cal := calendar.Calendar{Name: name, Host: s.host(), Stamp: s.now(), RefreshInterval: time.Hour}
	for i := range sessions {
		if sessions[i].Status == StatusDraft {
			continue
		}
		cal.Events = append(cal.Events, s.event(&sessions[i]))
	}
	var buf bytes.Buffer
	if err := calendar.Write(&buf, cal); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
