package paper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/files"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Session returns a session the caller's organization convenes, with its call for papers (nil
// when none).
func (s *Service) Session(ctx context.Context, sc tenant.Scope, sessionID string) (*SessionInfo, *Call, error) {
	if !id.Valid(sessionID) {
		return nil, nil, ErrSessionNotFound
	}
	se, err := s.store.Session(ctx, sc, sessionID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.store.Call(ctx, sc, sessionID)
	if err != nil {
		return nil, nil, err
	}
	return se, c, nil
}

// SetCall opens or changes a session's call for papers (organizers of a convening organization).
func (s *Service) SetCall(ctx context.Context, sc tenant.Scope, sessionID string, in CallInput) (*Call, error) {
	se, c, err := s.Session(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	if !sc.CanOrganize() {
		return nil, fmt.Errorf("%w: only a convener (an organizer of a convening organization) may set the call for papers", apperr.ErrForbidden)
	}
	now := s.now()
	created := c == nil
	if created {
		c = &Call{SessionID: se.ID, DialogueID: se.DialogueID, OrgID: sc.OrgID, CreatedAt: now, Criteria: DefaultCriteria}
	}
	var v apperr.Validator
	if in.Deadline != nil {
		c.Deadline = in.Deadline.UTC().Truncate(time.Second)
	}
	v.Check(!c.Deadline.IsZero(), "deadline", "required", "give the submission deadline")
	if in.Reopened != nil {
		c.Reopened = *in.Reopened
	}
	if in.Blind != nil {
		c.Blind = *in.Blind
	}
	if in.Instructions != nil {
		c.Instructions = strings.TrimSpace(*in.Instructions)
	}
	if in.InstructionsZH != nil {
		c.InstructionsZH = strings.TrimSpace(*in.InstructionsZH)
	}
	v.Check(utf8.RuneCountInString(c.Instructions) <= 5000, "instructions", "length", "at most 5000 characters")
	v.Check(utf8.RuneCountInString(c.InstructionsZH) <= 5000, "instructions_zh", "length", "at most 5000 characters")
	if in.Criteria != nil {
		c.Criteria = *in.Criteria
		if len(c.Criteria) == 0 {
			c.Criteria = DefaultCriteria
		}
		seen := map[string]bool{}
		v.Check(len(c.Criteria) <= 10, "criteria", "length", "at most 10 criteria")
		for i, cr := range c.Criteria {
			ok := cr.Key != "" && len(cr.Key) <= 40 && !seen[cr.Key] && cr.Max >= 1 && cr.Max <= 10 &&
				strings.TrimSpace(cr.Label) != "" && utf8.RuneCountInString(cr.Label) <= 200 && utf8.RuneCountInString(cr.LabelZH) <= 200
			v.Check(ok, fmt.Sprintf("criteria[%d]", i), "format", "each criterion needs a unique key, a label and a maximum score from 1 to 10")
			seen[cr.Key] = true
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c.UpdatedBy, c.UpdatedAt = sc.UserID, now
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveCall(ctx, sc, c); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.call.set", TargetType: "session", TargetID: se.ID,
			Details: map[string]any{"deadline": c.Deadline, "reopened": c.Reopened, "blind": c.Blind, "created": created}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CanSubmit checks, before the body is read, that the caller may submit to the session now.
func (s *Service) CanSubmit(ctx context.Context, sc tenant.Scope, sessionID string) (*SessionInfo, *Call, error) {
	se, c, err := s.Session(ctx, sc, sessionID)
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return nil, nil, ErrNoCall
	}
	if !c.Open(s.now()) {
		return nil, nil, closedError(c)
	}
	return se, c, nil
}

func closedError(c *Call) error {
	return fmt.Errorf("%w: the call for papers closed on %s UTC; late submissions are refused unless a convener reopens it",
		apperr.ErrConflict, c.Deadline.UTC().Format("2006-01-02 15:04"))
}

// ErrFileName refuses upload names that try to traverse or split a header.
var ErrFileName = apperr.Invalid("file", "file_name", "the file name contains a path, quotes or control characters; rename the file and upload it again")

// CheckFileName refuses an uploaded file name carrying path elements, quotes, NUL or other
// control characters (F3, F4): such a name is an attack or a broken client, not a paper.
func CheckFileName(name string) error {
	if name == "" || len(name) > 1024 || !utf8.ValidString(name) {
		return ErrFileName
	}
	if strings.ContainsAny(name, "/\\\"") || name == "." || name == ".." {
		return ErrFileName
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e || r == 0x202d {
			return ErrFileName
		}
	}
	return nil
}

// Store streams an uploaded file into the file store with the size cap and the caller's
// organization's quota. Nothing is recorded yet; Submit or AddVersion records it (or deletes it).
func (s *Service) Store(ctx context.Context, sc tenant.Scope, r io.Reader, name string) (*Upload, error) {
	if err := CheckFileName(name); err != nil {
		return nil, err
	}
	used, err := s.store.OrgUsage(ctx, sc)
	if err != nil {
		return nil, err
	}
	q := files.Quota{Used: used, Limit: s.limits.OrgQuotaBytes}
	obj, err := s.files.Put(ctx, r, files.PutOptions{Limits: files.Limits{MaxSize: s.limits.MaxBytes}, Name: name, Quota: &q})
	if err != nil {
		return nil, err
	}
	return &Upload{Object: obj, Name: files.SanitizeName(name)}, nil
}

// Discard removes a stored upload that will not be recorded.
func (s *Service) Discard(ctx context.Context, up *Upload) {
	if up != nil {
		_ = s.files.Delete(context.WithoutCancel(ctx), up.Object.Key)
	}
}

func trimPtr(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// apply validates in onto p.
func apply(p *Paper, in Input, create bool) error {
	if in.Title != nil {
		p.Title = trimPtr(in.Title)
	}
	if in.TitleZH != nil {
		p.TitleZH = trimPtr(in.TitleZH)
	}
	if in.Abstract != nil {
		p.Abstract = trimPtr(in.Abstract)
	}
	if in.AbstractZH != nil {
		p.AbstractZH = trimPtr(in.AbstractZH)
	}
	if in.Language != nil {
		p.Language = trimPtr(in.Language)
	}
	if in.Keywords != nil {
		p.Keywords = nil
		for _, k := range *in.Keywords {
			for _, part := range strings.Split(k, ",") {
				if part = strings.TrimSpace(part); part != "" && !slices.Contains(p.Keywords, part) {
					p.Keywords = append(p.Keywords, part)
				}
			}
		}
	}
	if p.Keywords == nil {
		p.Keywords = []string{}
	}
	var v apperr.Validator
	v.Check(p.Title != "" || p.TitleZH != "", "title", "required", "give a title in English or Chinese")
	v.Check(utf8.RuneCountInString(p.Title) <= 300, "title", "length", "at most 300 characters")
	v.Check(utf8.RuneCountInString(p.TitleZH) <= 300, "title_zh", "length", "at most 300 characters")
	v.Check(p.Abstract != "" || p.AbstractZH != "", "abstract", "required", "give an abstract in English or Chinese")
	v.Check(utf8.RuneCountInString(p.Abstract) <= 5000, "abstract", "length", "at most 5000 characters")
	v.Check(utf8.RuneCountInString(p.AbstractZH) <= 5000, "abstract_zh", "length", "at most 5000 characters")
	v.Check(slices.Contains(Languages, p.Language), "language", "enum", "must be one of %s", strings.Join(Languages, ", "))
	v.Check(len(p.Keywords) <= 20, "keywords", "length", "at most 20 keywords")
	for _, k := range p.Keywords {
		if utf8.RuneCountInString(k) > 60 {
			v.Add("keywords", "length", "each keyword at most 60 characters")
			break
		}
	}
	if create && in.Authors != nil {
		v.Check(len(*in.Authors) <= 30, "authors", "length", "at most 30 authors")
	}
	return v.Err()
}

// authors resolves participant ids to the session's attendees, in order.
func (s *Service) authors(ctx context.Context, sc tenant.Scope, sessionID, paperID string, ids []string) ([]Author, error) {
	var clean []string
	for _, x := range ids {
		for _, part := range strings.Split(x, ",") {
			if part = strings.TrimSpace(part); part != "" {
				if !id.Valid(part) || slices.Contains(clean, part) {
					return nil, apperr.Invalid("authors", "participant", "authors must be distinct participants of the session")
				}
				clean = append(clean, part)
			}
		}
	}
	if len(clean) == 0 {
		return nil, apperr.Invalid("authors", "required", "name at least one author (a participant of the session)")
	}
	if len(clean) > 30 {
		return nil, apperr.Invalid("authors", "length", "at most 30 authors")
	}
	ps, err := s.store.Participants(ctx, sc, sessionID, clean)
	if err != nil {
		return nil, err
	}
	byID := map[string]ParticipantInfo{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]Author, 0, len(clean))
	for i, pid := range clean {
		p, ok := byID[pid]
		if !ok {
			return nil, apperr.Invalid("authors", "participant", "author %d is not a participant of this session", i+1)
		}
		out = append(out, Author{ID: s.newID(), PaperID: paperID, Position: i + 1, ParticipantID: p.ID, Name: p.Name,
			NameNative: p.NameNative, OrgID: p.OrgID, Email: p.Email})
	}
	return out, nil
}

// Submit records a new paper with its first version (the upload already stored by Store). On any
// failure the upload is deleted, so nothing stays behind.
func (s *Service) Submit(ctx context.Context, sc tenant.Scope, sessionID string, in Input, up *Upload) (_ *Paper, err error) {
	defer func() {
		if err != nil {
			s.Discard(ctx, up)
		}
	}()
	se, c, err := s.CanSubmit(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := &Paper{ID: s.newID(), SessionID: se.ID, DialogueID: se.DialogueID, OrgID: sc.OrgID, SubmittedBy: sc.UserID,
		Status: StatusSubmitted, CurrentVersion: 1, Late: now.After(c.Deadline), CreatedAt: now, UpdatedAt: now}
	verr := apply(p, in, true)
	var authors []Author
	var aerr error
	if in.Authors == nil {
		aerr = apperr.Invalid("authors", "required", "name at least one author (a participant of the session)")
	} else {
		authors, aerr = s.authors(ctx, sc, se.ID, p.ID, *in.Authors)
	}
	if verr != nil || aerr != nil {
		return nil, mergeValidation(verr, aerr)
	}
	if up == nil {
		return nil, apperr.Invalid("file", "required", "attach the paper as a PDF, DOCX or Markdown file")
	}
	v := s.version(sc, p.ID, 1, up, now)
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.checkQuota(ctx, sc, up); err != nil {
			return err
		}
		if err := s.store.CreatePaper(ctx, sc, p); err != nil {
			return err
		}
		if err := s.store.SetAuthors(ctx, sc, p.ID, authors); err != nil {
			return err
		}
		if err := s.store.AddVersion(ctx, sc, v); err != nil {
			return err
		}
		if err := s.event(ctx, sc, p.ID, "submitted", "author", fmt.Sprintf("v1 %s %s", v.Kind, v.SHA256[:12])); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.submit", TargetType: "paper", TargetID: p.ID,
			Details: map[string]any{"session_id": se.ID, "version": 1, "sha256": v.SHA256, "size": v.Size, "kind": v.Kind, "late": p.Late}})
	})
	if err != nil {
		return nil, err
	}
	p.Authors, p.Versions, p.Latest = authors, []Version{*v}, v
	return p, nil
}

func mergeValidation(errs ...error) error {
	var v apperr.Validator
	for _, e := range errs {
		if e == nil {
			continue
		}
		fs := apperr.Fields(e)
		if len(fs) == 0 {
			return e
		}
		for _, f := range fs {
			v.Add(f.Field, f.Code, "%s", f.Message)
		}
	}
	return v.Err()
}

func (s *Service) version(sc tenant.Scope, paperID string, n int, up *Upload, now time.Time) *Version {
	k := up.Object.Kind
	return &Version{ID: s.newID(), PaperID: paperID, Number: n, StorageKey: up.Object.Key, FileName: files.DownloadName(up.Name, k),
		ContentType: k.MIMEType(), Kind: string(k), Size: up.Object.Size, SHA256: up.Object.SHA256, OrgID: sc.OrgID,
		UploadedBy: sc.UserID, CreatedAt: now}
}

// checkQuota re-checks the organization's quota inside the transaction (concurrent uploads).
func (s *Service) checkQuota(ctx context.Context, sc tenant.Scope, up *Upload) error {
	used, err := s.store.OrgUsage(ctx, sc)
	if err != nil {
		return err
	}
	return files.CheckQuota(used, up.Object.Size, s.limits.OrgQuotaBytes)
}

func (s *Service) event(ctx context.Context, sc tenant.Scope, paperID, kind, role, detail string) error {
	return s.store.AddEvent(ctx, sc, &Event{ID: s.newID(), PaperID: paperID, Kind: kind, ActorID: sc.UserID, ActorRole: role,
		Detail: detail, At: s.now()})
}

// Get returns a paper the caller may see, with what the caller may see of it.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, paperID string) (*Paper, error) {
	if !id.Valid(paperID) {
		return nil, ErrNotFound
	}
	p, err := s.store.GetPaper(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if err := s.fill(ctx, sc, p); err != nil {
		return nil, err
	}
	return p, nil
}

// fill loads a paper's parts and filters them for the caller (blind review).
func (s *Service) fill(ctx context.Context, sc tenant.Scope, p *Paper) error {
	c, err := s.store.Call(ctx, sc, p.SessionID)
	if err != nil {
		return err
	}
	if c != nil {
		p.Blind = c.Blind
	}
	if p.Authors, err = s.store.Authors(ctx, sc, []string{p.ID}); err != nil {
		return err
	}
	if p.Versions, err = s.store.Versions(ctx, sc, p.ID); err != nil {
		return err
	}
	if len(p.Versions) > 0 {
		p.Latest = &p.Versions[len(p.Versions)-1]
	}
	reviewers, err := s.store.Reviewers(ctx, sc, p.ID)
	if err != nil {
		return err
	}
	reviews, err := s.store.Reviews(ctx, sc, p.ID)
	if err != nil {
		return err
	}
	events, err := s.store.Events(ctx, sc, p.ID)
	if err != nil {
		return err
	}
	v := Viewer{Member: p.Member}
	v.Convener = v.Member && sc.CanOrganize()
	v.AuthorSide = v.Member && sc.OrgID == p.OrgID
	v.Editor = v.AuthorSide && (sc.UserID == p.SubmittedBy || sc.CanOrganize())
	for _, r := range reviewers {
		if r.UserID == sc.UserID {
			v.Reviewer = r.Status == ReviewerAssigned
			v.Conflict = r.Status == ReviewerConflict
		}
	}
	v.HideAuthors = p.Blind && v.Reviewer && !v.AuthorSide
	v.HideReviewers = p.Blind && (!v.Convener || sc.UserID == p.SubmittedBy)
	p.Viewer = v

	if v.HideAuthors {
		p.Authors = []Author{}
		p.OrgID, p.SubmittedBy = "", ""
		for i := range p.Versions {
			ver := &p.Versions[i]
			ver.UploadedBy, ver.Uploader = "", ""
			ver.FileName = BlindFileName(p.ID, ver.Number, files.Kind(ver.Kind))
		}
	}
	// Reviews: conveners, the authors' side (anonymised in blind review) and each reviewer (own).
	p.Reviewers, p.Reviews = []Reviewer{}, []Review{}
	switch {
	case v.Convener && !v.HideReviewers:
		p.Reviewers, p.Reviews = reviewers, reviews
	case v.AuthorSide || v.Convener:
		for _, r := range reviews {
			if v.HideReviewers {
				r.ReviewerID, r.ReviewerName = "", ""
			}
			p.Reviews = append(p.Reviews, r)
		}
		if !v.HideReviewers {
			p.Reviewers = reviewers
		}
	case v.Reviewer || v.Conflict:
		for _, r := range reviewers {
			if r.UserID == sc.UserID {
				p.Reviewers = append(p.Reviewers, r)
			}
		}
		for _, r := range reviews {
			if r.ReviewerID == sc.UserID {
				p.Reviews = append(p.Reviews, r)
			}
		}
	}
	// History: members only; actors hidden across the blind wall: from the authors' side every
	// action of a reviewer (even one taken as convener, such as a decision), from a reviewer every
	// action of the authors' side.
	reviewerIDs := map[string]bool{}
	for _, r := range reviewers {
		reviewerIDs[r.UserID] = true
	}
	p.History = []Event{}
	if v.Member {
		for _, e := range events {
			if (v.HideAuthors && e.ActorRole == "author") || (v.HideReviewers && (reviewerIDs[e.ActorID] || e.ActorRole == "reviewer" || e.Kind == "reviewer_assigned" || e.Kind == "conflict_declared")) {
				e.ActorID, e.ActorName = "", ""
				if e.Kind == "reviewer_assigned" || e.Kind == "conflict_declared" {
					e.Detail = ""
				}
			}
			if v.HideAuthors && e.ActorRole == "author" {
				e.Detail = ""
			}
			p.History = append(p.History, e)
		}
	}
	return nil
}

// BlindFileName is the name a version is shown and downloaded under when the authors are hidden.
func BlindFileName(paperID string, n int, k files.Kind) string {
	short := paperID
	if len(short) > 8 {
		short = short[len(short)-8:]
	}
	return fmt.Sprintf("paper-%s-v%d%s", short, n, k.Ext())
}

// List lists the papers of a session the caller's organization convenes, or the caller's own
// papers and review assignments (Filter.Mine).
func (s *Service) List(ctx context.Context, sc tenant.Scope, f Filter) ([]Paper, error) {
	if f.SessionID != "" {
		if _, _, err := s.Session(ctx, sc, f.SessionID); err != nil {
			return nil, err
		}
	}
	if f.Limit <= 0 || f.Limit > 201 {
		f.Limit = 51
	}
	ps, err := s.store.ListPapers(ctx, sc, f)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	if len(ids) == 0 {
		return ps, nil
	}
	authors, err := s.store.Authors(ctx, sc, ids)
	if err != nil {
		return nil, err
	}
	by := map[string][]Author{}
	for _, a := range authors {
		by[a.PaperID] = append(by[a.PaperID], a)
	}
	// Blind review: a list shows authors only to those who are not assigned reviewers of the
	// paper; the store marks reviewer rows, so filter per paper.
	for i := range ps {
		p := &ps[i]
		p.Authors = by[p.ID]
		if p.Authors == nil {
			p.Authors = []Author{}
		}
		if p.Blind && p.Viewer.Reviewer && sc.OrgID != p.OrgID {
			p.Authors, p.OrgID, p.SubmittedBy = []Author{}, "", ""
			p.Viewer.HideAuthors = true
		}
	}
	return ps, nil
}

func (s *Service) editable(ctx context.Context, sc tenant.Scope, paperID string) (*Paper, error) {
	p, err := s.Get(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if !p.Viewer.Member {
		return nil, fmt.Errorf("%w: a public paper can be read, not changed, by users outside the session", apperr.ErrForbidden)
	}
	return p, nil
}

// Update changes a paper's metadata or marks it public (authors' side and conveners).
func (s *Service) Update(ctx context.Context, sc tenant.Scope, paperID string, in Input) (*Paper, error) {
	p, err := s.editable(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	meta := in.Title != nil || in.TitleZH != nil || in.Abstract != nil || in.AbstractZH != nil || in.Language != nil || in.Keywords != nil || in.Authors != nil
	if meta && !p.Viewer.Editor {
		return nil, fmt.Errorf("%w: only the submitter or an organizer of the submitting organization may change the paper", apperr.ErrForbidden)
	}
	if in.Public != nil && !p.Viewer.Editor && !p.Viewer.Convener {
		return nil, fmt.Errorf("%w: only the authors' side or a convener may publish the paper", apperr.ErrForbidden)
	}
	if meta && (p.Status == StatusAccepted || p.Status == StatusRejected) {
		return nil, fmt.Errorf("%w: the paper was %s; its details can no longer change", apperr.ErrConflict, p.Status)
	}
	if err := apply(p, in, false); err != nil {
		return nil, err
	}
	var authors []Author
	if in.Authors != nil {
		if authors, err = s.authors(ctx, sc, p.SessionID, p.ID, *in.Authors); err != nil {
			return nil, err
		}
	}
	changes := map[string]any{}
	if in.Public != nil {
		if p.Viewer.Editor {
			p.PublicByAuthors = *in.Public
			changes["public_by_authors"] = *in.Public
		}
		if p.Viewer.Convener {
			p.PublicByConveners = *in.Public
			changes["public_by_conveners"] = *in.Public
		}
	}
	p.UpdatedAt = s.now()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdatePaper(ctx, sc, p); err != nil {
			return err
		}
		if authors != nil {
			if err := s.store.SetAuthors(ctx, sc, p.ID, authors); err != nil {
				return err
			}
		}
		role := "author"
		if !p.Viewer.Editor {
			role = "convener"
		}
		if err := s.event(ctx, sc, p.ID, "updated", role, ""); err != nil {
			return err
		}
		changes["metadata"] = meta
		return s.audit.Append(ctx, audit.Entry{Action: "paper.update", TargetType: "paper", TargetID: p.ID, Details: changes})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, sc, p.ID)
}

// CanAddVersion checks, before the body is read, that the caller may upload a new version.
func (s *Service) CanAddVersion(ctx context.Context, sc tenant.Scope, paperID string) (*Paper, error) {
	p, err := s.editable(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if !p.Viewer.Editor {
		return nil, fmt.Errorf("%w: only the submitter or an organizer of the submitting organization may upload a version", apperr.ErrForbidden)
	}
	switch p.Status {
	case StatusAccepted, StatusRejected:
		return nil, fmt.Errorf("%w: the paper was %s; no new versions", apperr.ErrConflict, p.Status)
	case StatusRevise:
		return p, nil // a revision asked for by the conveners is accepted after the deadline
	}
	c, err := s.store.Call(ctx, sc, p.SessionID)
	if err != nil {
		return nil, err
	}
	if c != nil && !c.Open(s.now()) {
		return nil, closedError(c)
	}
	return p, nil
}

// AddVersion records an uploaded file as the paper's next version. On failure the upload is
// deleted.
func (s *Service) AddVersion(ctx context.Context, sc tenant.Scope, paperID, note string, up *Upload) (_ *Version, err error) {
	defer func() {
		if err != nil {
			s.Discard(ctx, up)
		}
	}()
	p, err := s.CanAddVersion(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if up == nil {
		return nil, apperr.Invalid("file", "required", "attach the paper as a PDF, DOCX or Markdown file")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, apperr.Invalid("note", "length", "at most 1000 characters")
	}
	now := s.now()
	var v *Version
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.checkQuota(ctx, sc, up); err != nil {
			return err
		}
		vs, err := s.store.Versions(ctx, sc, p.ID)
		if err != nil {
			return err
		}
		n := 1
		if len(vs) > 0 {
			n = vs[len(vs)-1].Number + 1
		}
		v = s.version(sc, p.ID, n, up, now)
		v.Note = note
		if err := s.store.AddVersion(ctx, sc, v); err != nil {
			return err
		}
		p.CurrentVersion, p.UpdatedAt = n, now
		if p.Status == StatusRevise {
			p.Status = StatusUnderReview
		}
		if err := s.store.UpdatePaper(ctx, sc, p); err != nil {
			return err
		}
		if err := s.event(ctx, sc, p.ID, "version_added", "author", fmt.Sprintf("v%d %s %s", n, v.Kind, v.SHA256[:12])); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.version.add", TargetType: "paper", TargetID: p.ID,
			Details: map[string]any{"version": n, "sha256": v.SHA256, "size": v.Size, "kind": v.Kind}})
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Download opens version n of a paper the caller may see; the version carries the name to
// download it under (anonymised for blind reviewers). The caller closes the reader.
func (s *Service) Download(ctx context.Context, sc tenant.Scope, paperID string, n int) (*Version, io.ReadSeekCloser, error) {
	p, err := s.Get(ctx, sc, paperID)
	if err != nil {
		return nil, nil, err
	}
	for i := range p.Versions {
		if p.Versions[i].Number == n {
			v := p.Versions[i]
			r, err := s.openVersion(ctx, &v)
			if err != nil {
				return nil, nil, err
			}
			if p.Viewer.Member {
				_ = s.audit.Append(ctx, audit.Entry{Action: "paper.download", TargetType: "paper", TargetID: p.ID,
					Details: map[string]any{"version": n}})
			}
			return &v, r, nil
		}
	}
	return nil, nil, ErrVersionNotFound
}

// errConflictOfInterest is a reviewer refused by the conflict-of-interest rule.
func errConflictOfInterest(why string) error {
	return apperr.Invalid("user_id", "conflict_of_interest", "conflict of interest: %s", why)
}

// AssignReviewer assigns a user of a convening organization (either side) to review a paper.
func (s *Service) AssignReviewer(ctx context.Context, sc tenant.Scope, paperID string, in AssignInput) (*Reviewer, error) {
	p, err := s.editable(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if !p.Viewer.Convener {
		return nil, fmt.Errorf("%w: only a convener may assign reviewers", apperr.ErrForbidden)
	}
	if p.Status == StatusAccepted || p.Status == StatusRejected {
		return nil, fmt.Errorf("%w: the paper was %s", apperr.ErrConflict, p.Status)
	}
	se, err := s.store.Session(ctx, sc, p.SessionID)
	if err != nil {
		return nil, err
	}
	var u *UserInfo
	if id.Valid(in.UserID) {
		if u, err = s.store.Member(ctx, sc, in.UserID, se.ConvenerOrgIDs); err != nil {
			return nil, err
		}
	}
	if u == nil {
		return nil, apperr.Invalid("user_id", "reviewer", "the reviewer must be a user of one of the session's convening organizations")
	}
	// Conflicts of interest: own organization, a co-author, or a declared conflict.
	full, err := s.store.Authors(ctx, sc, []string{p.ID})
	if err != nil {
		return nil, err
	}
	submitter, _ := s.store.Member(ctx, sc, pSubmitter(p, full), se.ConvenerOrgIDs)
	if u.OrgID == paperOrg(p, submitter) {
		return nil, errConflictOfInterest("the reviewer belongs to the organization that submitted the paper")
	}
	for _, a := range full {
		if a.OrgID == u.OrgID {
			return nil, errConflictOfInterest("the reviewer belongs to an author's organization")
		}
		if a.Email != "" && strings.EqualFold(a.Email, u.Email) {
			return nil, errConflictOfInterest("the reviewer is an author of the paper")
		}
	}
	reviewers, err := s.store.Reviewers(ctx, sc, p.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	r := &Reviewer{ID: s.newID(), PaperID: p.ID, UserID: u.ID, OrgID: u.OrgID, Status: ReviewerAssigned, AssignedBy: sc.UserID,
		CreatedAt: now, UpdatedAt: now, Name: u.Name}
	for _, x := range reviewers {
		if x.UserID == u.ID {
			if x.Status == ReviewerConflict {
				return nil, errConflictOfInterest("the reviewer declared a conflict of interest with this paper")
			}
			return nil, fmt.Errorf("%w: this reviewer is already assigned", apperr.ErrConflict)
		}
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveReviewer(ctx, sc, r); err != nil {
			return err
		}
		if p.Status == StatusSubmitted {
			p.Status, p.UpdatedAt = StatusUnderReview, now
			if err := s.store.UpdatePaper(ctx, sc, p); err != nil {
				return err
			}
		}
		if err := s.event(ctx, sc, p.ID, "reviewer_assigned", "convener", u.Name); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.reviewer.assign", TargetType: "paper", TargetID: p.ID,
			Details: map[string]any{"reviewer_id": u.ID}})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ReviewerCandidates lists the users a convener may assign to the paper: users of the convening
// organizations without a conflict of interest (own organization, an author's organization, a
// co-author, a declared conflict) and not yet assigned.
func (s *Service) ReviewerCandidates(ctx context.Context, sc tenant.Scope, p *Paper) ([]UserInfo, error) {
	if !p.Viewer.Convener {
		return nil, nil
	}
	se, err := s.store.Session(ctx, sc, p.SessionID)
	if err != nil {
		return nil, err
	}
	users, err := s.store.Users(ctx, sc, se.ConvenerOrgIDs)
	if err != nil {
		return nil, err
	}
	authors, err := s.store.Authors(ctx, sc, []string{p.ID})
	if err != nil {
		return nil, err
	}
	reviewers, err := s.store.Reviewers(ctx, sc, p.ID)
	if err != nil {
		return nil, err
	}
	out := []UserInfo{}
next:
	for _, u := range users {
		if u.OrgID == p.OrgID {
			continue
		}
		for _, a := range authors {
			if a.OrgID == u.OrgID || (a.Email != "" && strings.EqualFold(a.Email, u.Email)) {
				continue next
			}
		}
		for _, r := range reviewers {
			if r.UserID == u.ID {
				continue next
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// pSubmitter and paperOrg read the (unfiltered) submitting organization: Get may have blanked it
// for a blind reviewer, but the assigning convener is never one.
func pSubmitter(p *Paper, _ []Author) string { return p.SubmittedBy }

func paperOrg(p *Paper, submitter *UserInfo) string {
	if p.OrgID != "" {
		return p.OrgID
	}
	if submitter != nil {
		return submitter.OrgID
	}
	return ""
}

// DeclareConflict records the caller's conflict of interest with a paper; an assignment of the
// caller ends with it.
func (s *Service) DeclareConflict(ctx context.Context, sc tenant.Scope, paperID string, in ConflictInput) (*Reviewer, error) {
	p, err := s.editable(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" || utf8.RuneCountInString(reason) > 1000 {
		return nil, apperr.Invalid("reason", "required", "say briefly why (at most 1000 characters)")
	}
	reviewers, err := s.store.Reviewers(ctx, sc, p.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	r := &Reviewer{ID: s.newID(), PaperID: p.ID, UserID: sc.UserID, OrgID: sc.OrgID, CreatedAt: now}
	for _, x := range reviewers {
		if x.UserID == sc.UserID {
			x := x
			r = &x
		}
	}
	r.Status, r.ConflictReason, r.UpdatedAt = ReviewerConflict, reason, now
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveReviewer(ctx, sc, r); err != nil {
			return err
		}
		if err := s.event(ctx, sc, p.ID, "conflict_declared", "reviewer", ""); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.conflict.declare", TargetType: "paper", TargetID: p.ID,
			Details: map[string]any{"reason": reason}})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Recommendations a reviewer may give.
var Recommendations = []string{StatusAccepted, StatusRevise, StatusRejected}

// SubmitReview records (or replaces) the caller's review of the paper's current version.
func (s *Service) SubmitReview(ctx context.Context, sc tenant.Scope, paperID string, in ReviewInput) (*Review, error) {
	p, err := s.editable(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if p.Viewer.Conflict {
		return nil, fmt.Errorf("%w: you declared a conflict of interest with this paper", apperr.ErrForbidden)
	}
	if !p.Viewer.Reviewer {
		return nil, fmt.Errorf("%w: only an assigned reviewer may review this paper", apperr.ErrForbidden)
	}
	if p.Status != StatusUnderReview && p.Status != StatusSubmitted {
		return nil, fmt.Errorf("%w: the paper is %s, not under review", apperr.ErrConflict, p.Status)
	}
	c, err := s.store.Call(ctx, sc, p.SessionID)
	if err != nil {
		return nil, err
	}
	criteria := DefaultCriteria
	if c != nil && len(c.Criteria) > 0 {
		criteria = c.Criteria
	}
	var v apperr.Validator
	scores := map[string]int{}
	for _, cr := range criteria {
		n, ok := in.Scores[cr.Key]
		v.Check(ok && n >= 1 && n <= cr.Max, "scores."+cr.Key, "range", "score %s from 1 to %d", cr.Label, cr.Max)
		scores[cr.Key] = n
	}
	for k := range in.Scores {
		if _, ok := scores[k]; !ok {
			v.Add("scores."+k, "unknown", "not a criterion of this call for papers")
		}
	}
	in.Comment = strings.TrimSpace(in.Comment)
	v.Check(slices.Contains(Recommendations, in.Recommendation), "recommendation", "enum", "must be one of %s", strings.Join(Recommendations, ", "))
	v.Check(utf8.RuneCountInString(in.Comment) <= 20000, "comment", "length", "at most 20000 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	r := &Review{ID: s.newID(), PaperID: p.ID, Version: p.CurrentVersion, ReviewerID: sc.UserID, OrgID: sc.OrgID, Scores: scores,
		Recommendation: in.Recommendation, Comment: in.Comment, CreatedAt: now, UpdatedAt: now}
	for _, x := range p.Reviews {
		if x.ReviewerID == sc.UserID && x.Version == p.CurrentVersion {
			r.ID, r.CreatedAt = x.ID, x.CreatedAt
		}
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveReview(ctx, sc, r); err != nil {
			return err
		}
		if err := s.event(ctx, sc, p.ID, "reviewed", "reviewer", fmt.Sprintf("v%d", r.Version)); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.review", TargetType: "paper", TargetID: p.ID,
			Details: map[string]any{"version": r.Version, "recommendation": r.Recommendation}})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Decide records a convener's decision; the authors see it on the paper and in their list.
func (s *Service) Decide(ctx context.Context, sc tenant.Scope, paperID string, in DecisionInput) (*Paper, error) {
	p, err := s.editable(ctx, sc, paperID)
	if err != nil {
		return nil, err
	}
	if !p.Viewer.Convener {
		return nil, fmt.Errorf("%w: only a convener may decide on a paper", apperr.ErrForbidden)
	}
	var v apperr.Validator
	v.Check(slices.Contains(Decisions, in.Decision), "decision", "enum", "must be one of %s", strings.Join(Decisions, ", "))
	in.Note = strings.TrimSpace(in.Note)
	v.Check(utf8.RuneCountInString(in.Note) <= 5000, "note", "length", "at most 5000 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if p.Status == StatusAccepted || p.Status == StatusRejected {
		return nil, fmt.Errorf("%w: the paper was already %s", apperr.ErrConflict, p.Status)
	}
	now := s.now()
	from := p.Status
	p.Status, p.DecisionNote, p.DecidedAt, p.UpdatedAt = in.Decision, in.Note, &now, now
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdatePaper(ctx, sc, p); err != nil {
			return err
		}
		if err := s.event(ctx, sc, p.ID, "decision", "convener", in.Decision); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "paper.decide", TargetType: "paper", TargetID: p.ID,
			Details: map[string]any{"from": from, "to": in.Decision}})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, sc, p.ID)
}

// PackItem is one accepted paper of a reading pack.
type PackItem struct {
	Paper   Paper
	Version Version
}

// Pack returns the session's accepted papers with their latest versions (conveners only); the
// caller writes the ZIP with OpenVersion.
func (s *Service) Pack(ctx context.Context, sc tenant.Scope, sessionID string) (*SessionInfo, []PackItem, error) {
	se, _, err := s.Session(ctx, sc, sessionID)
	if err != nil {
		return nil, nil, err
	}
	if !sc.CanOrganize() {
		return nil, nil, fmt.Errorf("%w: only a convener may download the reading pack", apperr.ErrForbidden)
	}
	var items []PackItem
	after := ""
	for {
		ps, err := s.store.ListPapers(ctx, sc, Filter{SessionID: se.ID, Status: StatusAccepted, After: after, Limit: 200})
		if err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			full, err := s.Get(ctx, sc, p.ID)
			if err != nil {
				return nil, nil, err
			}
			if full.Latest != nil {
				items = append(items, PackItem{Paper: *full, Version: *full.Latest})
			}
			after = p.ID
		}
		if len(ps) < 200 {
			break
		}
	}
	err = s.audit.Append(ctx, audit.Entry{Action: "paper.pack.export", TargetType: "session", TargetID: se.ID,
		Details: map[string]any{"papers": len(items)}})
	return se, items, err
}

// OpenVersion opens a version's content (for the reading pack, after Pack checked access).
func (s *Service) OpenVersion(ctx context.Context, v *Version) (io.ReadSeekCloser, error) {
	r, err := s.openVersion(ctx, v)
	if errors.Is(err, files.ErrNotFound) {
		return nil, ErrVersionNotFound
	}
	return r, err
}
