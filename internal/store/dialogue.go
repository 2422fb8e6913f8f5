package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Dialogues implements dialogue.Store (and dialogue.Orgs, dialogue.Users). Access to a dialogue
// and its sessions joins through dialogue_orgs with status 'active' for the caller's
// organization, in the same statement, so a removed co-convener loses access on its next
// request; a draft session is visible only to the organization that wrote it.
type Dialogues struct{ db *DB }

// NewDialogues returns the dialogue store.
func NewDialogues(db *DB) *Dialogues { return &Dialogues{db: db} }

var (
	_ dialogue.Store = (*Dialogues)(nil)
	_ dialogue.Orgs  = (*Dialogues)(nil)
	_ dialogue.Users = (*Dialogues)(nil)
)

// convenes is the access clause for a row whose dialogue id is in column col.
func convenes(col string) string {
	return "EXISTS (SELECT 1 FROM dialogue_orgs m WHERE m.dialogue_id = " + col + " AND m.org_id = ? AND m.status = 'active')"
}

// sessionVisible is the access clause for sessions aliased s: args are (org, org).
const sessionVisible = "EXISTS (SELECT 1 FROM dialogue_orgs m WHERE m.dialogue_id = s.dialogue_id AND m.org_id = ? AND m.status = 'active') AND (s.status <> 'draft' OR s.org_id = ?)"

// bounded detaches ctx from cancellation (keeping its values, so a transaction is still found) for
// short statements whose rows an index bounds (a list page, a session's attendees). With a
// cancellable context mattn/go-sqlite3 steps every row in a new goroutine and waits on a channel,
// which costs more than reading the row; such a statement finishes in well under a millisecond, so
// there is nothing worth cancelling.
func bounded(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// OrgInfo returns an organization's id and country (directory data, no tenant data).
func (s *Dialogues) OrgInfo(ctx context.Context, id string) (*dialogue.OrgInfo, error) {
	var o dialogue.OrgInfo
	err := s.db.read(ctx).Table(orgsTable).Select("id, country").Where("id = ?", id).Take(&o).Error
	if err != nil {
		return nil, notFound(err, fmt.Errorf("%w: organization", apperr.ErrNotFound))
	}
	return &o, nil
}

// FeedOwner returns the current organization, role and state of a feed's user.
func (s *Dialogues) FeedOwner(ctx context.Context, userID string) (*dialogue.FeedOwner, error) {
	var u struct {
		ID         string
		OrgID      string
		Role       string
		DisabledAt *time.Time
	}
	err := s.db.read(ctx).Table("users").Select("id, org_id, role, disabled_at").Where("id = ?", userID).Take(&u).Error
	if err != nil {
		return nil, notFound(err, dialogue.ErrFeedNotFound)
	}
	return &dialogue.FeedOwner{Scope: tenant.Scope{OrgID: u.OrgID, UserID: u.ID, Role: tenant.Role(u.Role)},
		Disabled: u.DisabledAt != nil}, nil
}

// CreateDialogue inserts a dialogue and its first convener.
func (s *Dialogues) CreateDialogue(ctx context.Context, sc tenant.Scope, d *dialogue.Dialogue, c *dialogue.Convener) error {
	if d.OrgID != sc.OrgID || c.OrgID != sc.OrgID {
		return dialogue.ErrNotFound
	}
	return s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if err := tx.Table("dialogues").Create(d).Error; err != nil {
			return err
		}
		return tx.Table("dialogue_orgs").Create(c).Error
	})
}

// GetDialogue returns a dialogue the caller actively convenes.
func (s *Dialogues) GetDialogue(ctx context.Context, sc tenant.Scope, id string) (*dialogue.Dialogue, error) {
	var d dialogue.Dialogue
	err := s.db.read(ctx).Table("dialogues").Where("id = ? AND "+convenes("dialogues.id"), id, sc.OrgID).Take(&d).Error
	if err != nil {
		return nil, notFound(err, dialogue.ErrNotFound)
	}
	return &d, nil
}

// ListDialogues lists the dialogues the caller actively convenes, by id.
func (s *Dialogues) ListDialogues(ctx context.Context, sc tenant.Scope, after string, limit int) ([]dialogue.Dialogue, error) {
	out := []dialogue.Dialogue{}
	q := s.db.read(ctx).Table("dialogues").Where(convenes("dialogues.id"), sc.OrgID).Order("id").Limit(limit)
	if after != "" {
		q = q.Where("id > ?", after)
	}
	return out, q.Find(&out).Error
}

// UpdateDialogue saves a dialogue's settings.
func (s *Dialogues) UpdateDialogue(ctx context.Context, sc tenant.Scope, d *dialogue.Dialogue) error {
	return s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		res := s.db.write(ctx).Table("dialogues").Where("id = ? AND "+convenes("dialogues.id"), d.ID, sc.OrgID).Updates(map[string]any{
			"title": d.Title, "title_zh": d.TitleZH, "topic": d.Topic, "description": d.Description,
			"languages": jsonList(d.Languages), "chatham_house": d.ChathamHouse, "updated_at": d.UpdatedAt,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return dialogue.ErrNotFound
		}
		return nil
	})
}

const convenerColumns = "m.*, o.name_en AS org_name, o.name_zh AS org_name_zh, o.country AS org_country"

// Conveners lists every organization row of a dialogue the caller actively convenes.
func (s *Dialogues) Conveners(ctx context.Context, sc tenant.Scope, dialogueID string) ([]dialogue.Convener, error) {
	out := []dialogue.Convener{}
	err := s.db.read(ctx).Table("dialogue_orgs m").Select(convenerColumns).Joins("JOIN organizations o ON o.id = m.org_id").
		Where("m.dialogue_id = ? AND EXISTS (SELECT 1 FROM dialogue_orgs me WHERE me.dialogue_id = m.dialogue_id AND me.org_id = ? AND me.status = 'active')",
			dialogueID, sc.OrgID).Order("m.created_at, m.id").Find(&out).Error
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, dialogue.ErrNotFound
	}
	return out, nil
}

// SetHomeZone sets the caller's organization's home zone in a dialogue.
func (s *Dialogues) SetHomeZone(ctx context.Context, sc tenant.Scope, dialogueID, zone string, at time.Time) error {
	return s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		return s.db.write(ctx).Table("dialogue_orgs").Where("dialogue_id = ? AND org_id = ? AND status = 'active'", dialogueID, sc.OrgID).
			Updates(map[string]any{"home_zone": zone, "updated_at": at}).Error
	})
}

// UpsertInvitation creates the invitation row, or re-opens a declined or removed one (keeping its
// id, which c then carries).
func (s *Dialogues) UpsertInvitation(ctx context.Context, sc tenant.Scope, c *dialogue.Convener) error {
	return s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		var existing struct{ ID, Status string }
		err := tx.Table("dialogue_orgs").Select("id, status").Where("dialogue_id = ? AND org_id = ?", c.DialogueID, c.OrgID).Take(&existing).Error
		if err == gorm.ErrRecordNotFound {
			return tx.Table("dialogue_orgs").Create(c).Error
		}
		if err != nil {
			return err
		}
		c.ID = existing.ID
		return tx.Table("dialogue_orgs").Where("id = ? AND status IN ?", existing.ID, []string{dialogue.ConvenerDeclined, dialogue.ConvenerRemoved}).
			Updates(map[string]any{"status": c.Status, "role": c.Role, "invited_by": c.InvitedBy, "invited_by_org_id": c.InvitedByOrgID,
				"responded_by": "", "responded_at": nil, "updated_at": c.UpdatedAt}).Error
	})
}

const invitationColumns = "m.*, o.name_en AS org_name, o.name_zh AS org_name_zh, o.country AS org_country, " +
	"i.name_en AS inviter_name, i.name_zh AS inviter_name_zh, d.title AS dialogue_title, d.title_zh AS dialogue_title_zh"

func (s *Dialogues) invitations(ctx context.Context) *gorm.DB {
	return s.db.read(ctx).Table("dialogue_orgs m").Select(invitationColumns).
		Joins("JOIN organizations o ON o.id = m.org_id").
		Joins("LEFT JOIN organizations i ON i.id = m.invited_by_org_id").
		Joins("JOIN dialogues d ON d.id = m.dialogue_id")
}

// Invitation returns an open invitation addressed to the caller's organization.
func (s *Dialogues) Invitation(ctx context.Context, sc tenant.Scope, id string) (*dialogue.Convener, error) {
	var c dialogue.Convener
	err := s.invitations(ctx).Where("m.id = ? AND m.org_id = ? AND m.status = ?", id, sc.OrgID, dialogue.ConvenerInvited).Take(&c).Error
	if err != nil {
		return nil, notFound(err, dialogue.ErrInvitationNotFound)
	}
	return &c, nil
}

// PendingInvitations lists the open invitations addressed to the caller's organization.
func (s *Dialogues) PendingInvitations(ctx context.Context, sc tenant.Scope) ([]dialogue.Convener, error) {
	out := []dialogue.Convener{}
	err := s.invitations(ctx).Where("m.org_id = ? AND m.status = ?", sc.OrgID, dialogue.ConvenerInvited).
		Order("m.created_at DESC").Limit(200).Find(&out).Error
	return out, err
}

// SetConvenerStatus moves a dialogue_orgs row between statuses atomically. The service calls it
// only after a scoped read of the row in the same transaction.
func (s *Dialogues) SetConvenerStatus(ctx context.Context, id string, from []string, to, by string, at time.Time) (bool, error) {
	ok := false
	err := s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		res := s.db.write(ctx).Table("dialogue_orgs").Where("id = ? AND status IN ?", id, from).
			Updates(map[string]any{"status": to, "responded_by": by, "responded_at": at, "updated_at": at})
		ok = res.RowsAffected == 1
		return res.Error
	})
	return ok, err
}

// CreateSession inserts a session with its funding and co-hosts.
func (s *Dialogues) CreateSession(ctx context.Context, sc tenant.Scope, se *dialogue.Session) error {
	if se.OrgID != sc.OrgID {
		return dialogue.ErrNotFound
	}
	return s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		if err := tx.Table("sessions").Create(se).Error; err != nil {
			return err
		}
		return s.saveChildren(tx, se)
	})
}

func (s *Dialogues) saveChildren(tx *gorm.DB, se *dialogue.Session) error {
	if len(se.Funding) > 0 {
		if err := tx.Table("session_funding").Create(&se.Funding).Error; err != nil {
			return err
		}
	}
	if len(se.Cohosts) > 0 {
		if err := tx.Table("session_cohosts").Create(&se.Cohosts).Error; err != nil {
			return err
		}
	}
	return nil
}

const sessionColumns = "s.*, d.title AS dialogue_title, d.title_zh AS dialogue_title_zh, u.name AS creator_name, u.email AS creator_email"

// sessionListColumns are the columns a session list shows (converting fewer columns per row is
// most of a list's cost on SQLite).
const sessionListColumns = "s.id, s.dialogue_id, s.org_id, s.title, s.title_zh, s.format, s.city, s.province, s.country, " +
	"s.in_mainland, s.timezone, s.starts_at, s.ends_at, s.status, s.sequence, s.capacity_us, s.capacity_cn, s.updated_at, " +
	"d.title AS dialogue_title, d.title_zh AS dialogue_title_zh"

func (s *Dialogues) sessions(ctx context.Context, sc tenant.Scope) *gorm.DB {
	return s.sessionsWith(ctx, sc, sessionColumns)
}

func (s *Dialogues) sessionsWith(ctx context.Context, sc tenant.Scope, columns string) *gorm.DB {
	return s.db.read(ctx).Table("sessions s").Select(columns).
		Joins("JOIN dialogues d ON d.id = s.dialogue_id").
		Joins("LEFT JOIN users u ON u.id = s.created_by").
		Where(sessionVisible, sc.OrgID, sc.OrgID)
}

// GetSession returns a session the caller may see, with its funding and co-hosts.
func (s *Dialogues) GetSession(ctx context.Context, sc tenant.Scope, id string) (*dialogue.Session, error) {
	var se dialogue.Session
	if err := s.sessions(ctx, sc).Where("s.id = ?", id).Take(&se).Error; err != nil {
		return nil, notFound(err, dialogue.ErrSessionNotFound)
	}
	se.Funding, se.Cohosts = []dialogue.Funding{}, []dialogue.Cohost{}
	if err := s.db.read(ctx).Table("session_funding").Where("session_id = ?", id).Order("position").Find(&se.Funding).Error; err != nil {
		return nil, err
	}
	if err := s.db.read(ctx).Table("session_cohosts").Where("session_id = ?", id).Order("position").Find(&se.Cohosts).Error; err != nil {
		return nil, err
	}
	return &se, nil
}

// ListSessions lists the sessions the caller may see by (starts_at, id), after the cursor.
func (s *Dialogues) ListSessions(ctx context.Context, sc tenant.Scope, f dialogue.SessionFilter) ([]dialogue.Session, error) {
	conds, args := []string{sessionVisible}, []any{sc.OrgID, sc.OrgID}
	if f.DialogueID != "" {
		conds, args = append(conds, "s.dialogue_id = ?"), append(args, f.DialogueID)
	}
	if f.Status != "" {
		conds, args = append(conds, "s.status = ?"), append(args, f.Status)
	}
	if !f.From.IsZero() {
		conds, args = append(conds, "s.starts_at >= ?"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		conds, args = append(conds, "s.starts_at < ?"), append(args, f.To.UTC())
	}
	if f.After != "" {
		at, id, ok := strings.Cut(f.After, "|")
		t, err := time.Parse(time.RFC3339Nano, at)
		if !ok || err != nil {
			return nil, apperr.Invalid("cursor", "format", "cursor is not one this server gave out")
		}
		conds, args = append(conds, "(s.starts_at > ? OR (s.starts_at = ? AND s.id > ?))"), append(args, t.UTC(), t.UTC(), id)
	}
	if f.Full {
		out := []dialogue.Session{}
		q := s.sessions(bounded(ctx), sc).Order("s.starts_at, s.id").Limit(f.Limit)
		if len(conds) > 1 {
			q = q.Where(strings.Join(conds[1:], " AND "), args[2:]...)
		}
		return out, q.Find(&out).Error
	}
	where := strings.Join(conds, " AND ")
	// The hot path (every list page): one statement written out in full, no query builder.
	inner := "SELECT " + sessionListColumns + " FROM sessions s JOIN dialogues d ON d.id = s.dialogue_id WHERE " + where +
		" ORDER BY s.starts_at, s.id LIMIT ?"
	out := make([]dialogue.Session, 0, f.Limit)
	err := readJSONRows(s.db.read(bounded(ctx)).Raw(s.db.jsonRowsSQL(inner, sessionListNames, "q.starts_at, q.id"), append(args, f.Limit)...),
		func(r *jsonRow) {
			out = append(out, dialogue.Session{ID: r.str(), DialogueID: r.str(), OrgID: r.str(), Title: r.str(), TitleZH: r.str(),
				Format: r.str(), City: r.str(), Province: r.str(), Country: r.str(), InMainland: r.boolean(), Timezone: r.str(),
				StartsAt: r.timestamp(), EndsAt: r.timestamp(), Status: r.str(), Sequence: r.integer(), CapacityUS: r.integer(),
				CapacityCN: r.integer(), UpdatedAt: r.timestamp(), DialogueTitle: r.str(), DialogueTitleZH: r.str()})
		})
	return out, err
}

// sessionListNames are the names of sessionListColumns, in order (a list page reads them as JSON
// rows: see jsonrows.go).
var sessionListNames = []string{"id", "dialogue_id", "org_id", "title", "title_zh", "format", "city", "province", "country",
	"in_mainland", "timezone", "starts_at", "ends_at", "status", "sequence", "capacity_us", "capacity_cn", "updated_at",
	"dialogue_title", "dialogue_title_zh"}

// UpdateSession saves a session if nobody changed it meanwhile (its sequence is still the one
// read), replacing its funding and co-hosts.
func (s *Dialogues) UpdateSession(ctx context.Context, sc tenant.Scope, se *dialogue.Session) (bool, error) {
	ok := false
	err := s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		tx := s.db.write(ctx)
		res := tx.Exec("UPDATE sessions SET title = ?, title_zh = ?, description = ?, description_zh = ?, agenda = ?, format = ?, "+
			"city = ?, province = ?, country = ?, in_mainland = ?, venue = ?, online_url = ?, timezone = ?, starts_at = ?, ends_at = ?, "+
			"partner_name = ?, partner_name_zh = ?, partner_unit_kind = ?, partner_kind = ?, partner_field = ?, partner_country = ?, filing_number = ?, "+
			"filing_date = ?, filing_period_start = ?, filing_period_end = ?, filing_area = ?, topic_tags = ?, "+
			"is_partnership_agreement = ?, capacity_us = ?, capacity_cn = ?, sequence = ?, updated_at = ? "+
			"WHERE id = ? AND sequence = ? AND "+strings.ReplaceAll(sessionVisible, "s.", "sessions."),
			se.Title, se.TitleZH, se.Description, se.DescriptionZH, se.Agenda, se.Format, se.City, se.Province, se.Country,
			se.InMainland, se.Venue, se.OnlineURL, se.Timezone, se.StartsAt, se.EndsAt, se.PartnerName, se.PartnerNameZH,
			se.PartnerUnitKind, se.PartnerKind, se.PartnerField, se.PartnerCountry, se.FilingNumber, se.FilingDate, se.FilingPeriodStart,
			se.FilingPeriodEnd, se.FilingArea, jsonList(se.TopicTags), se.IsPartnershipAgreement, se.CapacityUS, se.CapacityCN,
			se.Sequence, se.UpdatedAt, se.ID, se.Sequence-1, sc.OrgID, sc.OrgID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return nil
		}
		ok = true
		if err := tx.Exec("DELETE FROM session_funding WHERE session_id = ?", se.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM session_cohosts WHERE session_id = ?", se.ID).Error; err != nil {
			return err
		}
		return s.saveChildren(tx, se)
	})
	return ok, err
}

// SetSessionStatus moves a visible session from one status to another, atomically.
func (s *Dialogues) SetSessionStatus(ctx context.Context, sc tenant.Scope, id, from, to, reason string, at time.Time) (bool, error) {
	ok := false
	err := s.db.changing(ctx, revSessionList, func(ctx context.Context) error {
		res := s.db.write(ctx).Exec("UPDATE sessions SET status = ?, status_reason = ?, status_changed_at = ?, updated_at = ?, "+
			"sequence = sequence + 1 WHERE id = ? AND status = ? AND "+strings.ReplaceAll(sessionVisible, "s.", "sessions."),
			to, reason, at, at, id, from, sc.OrgID, sc.OrgID)
		ok = res.RowsAffected == 1
		return res.Error
	})
	return ok, err
}

// AddTransition records a lifecycle step.
func (s *Dialogues) AddTransition(ctx context.Context, t *dialogue.Transition) error {
	return s.db.write(ctx).Table("session_transitions").Create(t).Error
}

// Transitions lists a visible session's history, oldest first.
func (s *Dialogues) Transitions(ctx context.Context, sc tenant.Scope, sessionID string) ([]dialogue.Transition, error) {
	out := []dialogue.Transition{}
	err := s.db.read(ctx).Table("session_transitions t").Select("t.*").Joins("JOIN sessions s ON s.id = t.session_id").
		Where("t.session_id = ? AND "+sessionVisible, sessionID, sc.OrgID, sc.OrgID).Order("t.at, t.id").Find(&out).Error
	return out, err
}

// AddAttendee inserts an attendee of one of the caller's participants.
func (s *Dialogues) AddAttendee(ctx context.Context, sc tenant.Scope, a *dialogue.Attendee) error {
	if a.OrgID != sc.OrgID {
		return dialogue.ErrAttendeeNotFound
	}
	err := s.db.write(ctx).Table("attendees").Create(a).Error
	if isUnique(err) {
		return apperr.Invalid("participant_id", "already", "this participant is already on the session's list")
	}
	return err
}

const attendeeColumns = "a.*, p.name_latin, p.name_native, p.employer"

func (s *Dialogues) attendees(ctx context.Context, sc tenant.Scope, sessionID string) *gorm.DB {
	return s.db.read(ctx).Table("attendees a").Select(attendeeColumns).
		Joins("JOIN participants p ON p.id = a.participant_id").
		Joins("JOIN sessions s ON s.id = a.session_id").
		Where("a.session_id = ? AND "+sessionVisible, sessionID, sc.OrgID, sc.OrgID)
}

// Attendees lists a visible session's attendees by side and name. The list leaves out what no
// list shows (the invitation's token hash and expiry, who added the attendee): fewer columns per
// row are most of the saving on a 200-attendee page. The bound of 5,000 rows is a guard, not a
// page: past it the rows kept are arbitrary (still sorted).
func (s *Dialogues) Attendees(ctx context.Context, sc tenant.Scope, sessionID string) ([]dialogue.Attendee, error) {
	out := make([]dialogue.Attendee, 0, 64)
	q := s.db.read(bounded(ctx)).Table("attendees a").Select(attendeeListColumns).
		Joins("JOIN participants p ON p.id = a.participant_id").
		Joins("JOIN sessions s ON s.id = a.session_id").
		Where("a.session_id = ? AND "+sessionVisible, sessionID, sc.OrgID, sc.OrgID).Limit(5000)
	err := readJSONRows(s.db.jsonRowsQuery(q, attendeeListNames, "q.side DESC, q.name_latin, q.id"), func(r *jsonRow) {
		out = append(out, dialogue.Attendee{ID: r.str(), SessionID: sessionID, ParticipantID: r.str(), OrgID: r.str(), Side: r.str(),
			Role: r.str(), Status: r.str(), Paid: r.boolean(), ActsForOrganizer: r.boolean(), VisitingResearcher: r.boolean(),
			BriefsUSOfficials: r.boolean(), RespondedAt: r.nullTimestamp(), CreatedAt: r.timestamp(),
			UpdatedAt: r.timestamp(), NameLatin: r.str(), NameNative: r.str(), Employer: r.str()})
	})
	return out, err
}

// attendeeListColumns are the columns Attendees reads, in order (attendeeListNames).
const attendeeListColumns = "a.id, a.participant_id, a.org_id, a.side, a.role, a.status, a.paid, " +
	"a.acts_for_organizer, a.visiting_researcher, a.briefs_us_officials, a.responded_at, " +
	"a.created_at, a.updated_at, p.name_latin, p.name_native, p.employer"

var attendeeListNames = []string{"id", "participant_id", "org_id", "side", "role", "status", "paid",
	"acts_for_organizer", "visiting_researcher", "briefs_us_officials", "responded_at",
	"created_at", "updated_at", "name_latin", "name_native", "employer"}

// GetAttendee returns one attendee of a visible session.
func (s *Dialogues) GetAttendee(ctx context.Context, sc tenant.Scope, sessionID, id string) (*dialogue.Attendee, error) {
	var a dialogue.Attendee
	if err := s.attendees(ctx, sc, sessionID).Where("a.id = ?", id).Take(&a).Error; err != nil {
		return nil, notFound(err, dialogue.ErrAttendeeNotFound)
	}
	return &a, nil
}

// UpdateAttendee saves role, status, paid and the screening facts of one of the caller's attendees.
func (s *Dialogues) UpdateAttendee(ctx context.Context, sc tenant.Scope, a *dialogue.Attendee) error {
	res := s.db.write(ctx).Table("attendees").Where("id = ? AND org_id = ?", a.ID, sc.OrgID).
		Updates(map[string]any{"role": a.Role, "status": a.Status, "paid": a.Paid, "acts_for_organizer": a.ActsForOrganizer,
			"visiting_researcher": a.VisitingResearcher, "briefs_us_officials": a.BriefsUSOfficials, "updated_at": a.UpdatedAt})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return dialogue.ErrAttendeeNotFound
	}
	return nil
}

// CountAttendees counts a session's attendees of one side that have not declined.
func (s *Dialogues) CountAttendees(ctx context.Context, sessionID, side string) (int, error) {
	var n int64
	err := s.db.read(ctx).Table("attendees").Where("session_id = ? AND side = ? AND status <> 'declined'", sessionID, side).Count(&n).Error
	return int(n), err
}

// Overlaps lists the caller's attendees of a session booked into other overlapping sessions (one
// statement, whatever the number of attendees).
func (s *Dialogues) Overlaps(ctx context.Context, sc tenant.Scope, sessionID, participantID string) ([]dialogue.Overlap, error) {
	out := []dialogue.Overlap{}
	q := s.db.read(ctx).Table("attendees a").
		Select("a.participant_id, p.name_latin, p.name_native, o.id AS session_id, o.title AS session_title, o.starts_at, o.ends_at").
		Joins("JOIN sessions s ON s.id = a.session_id").
		Joins("JOIN participants p ON p.id = a.participant_id").
		Joins("JOIN attendees b ON b.participant_id = a.participant_id AND b.session_id <> a.session_id").
		Joins("JOIN sessions o ON o.id = b.session_id").
		Where("a.session_id = ? AND a.org_id = ? AND a.status <> 'declined' AND b.status <> 'declined'", sessionID, sc.OrgID).
		Where("o.status NOT IN ? AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at", []string{dialogue.StatusCancelled, dialogue.StatusDeclined}).
		Order("p.name_latin, o.starts_at").Limit(500)
	if participantID != "" {
		q = q.Where("a.participant_id = ?", participantID)
	}
	return out, q.Find(&out).Error
}

// RSVP finds an open attendance invitation by its token hash.
func (s *Dialogues) RSVP(ctx context.Context, hash string, at time.Time) (*dialogue.RSVPView, error) {
	var v dialogue.RSVPView
	err := s.db.read(ctx).Table("attendees a").
		Select("a.id AS attendee_id, a.session_id, a.org_id, a.status, a.role, p.name_latin, p.name_native, s.title AS session_title, "+
			"s.title_zh AS session_title_z, s.timezone, s.starts_at, s.ends_at, s.city, s.country, s.format, s.status AS session_status").
		Joins("JOIN participants p ON p.id = a.participant_id").
		Joins("JOIN sessions s ON s.id = a.session_id").
		Where("a.invite_token_hash = ? AND a.invite_expires_at > ? AND a.responded_at IS NULL", hash, at).Take(&v).Error
	if err != nil {
		return nil, notFound(err, dialogue.ErrRSVPNotFound)
	}
	return &v, nil
}

// AnswerRSVP records the answer and consumes the token, atomically.
func (s *Dialogues) AnswerRSVP(ctx context.Context, hash, status string, at time.Time) (bool, error) {
	res := s.db.write(ctx).Exec("UPDATE attendees SET status = ?, responded_at = ?, updated_at = ?, invite_token_hash = NULL "+
		"WHERE invite_token_hash = ? AND responded_at IS NULL", status, at, at, hash)
	return res.RowsAffected == 1, res.Error
}

// CreateFeed stores a feed (its token hashed).
func (s *Dialogues) CreateFeed(ctx context.Context, sc tenant.Scope, f *dialogue.Feed) error {
	if f.OrgID != sc.OrgID {
		return dialogue.ErrFeedNotFound
	}
	return s.db.write(ctx).Table("calendar_feeds").Create(f).Error
}

// ListFeeds lists the organization's unrevoked feeds.
func (s *Dialogues) ListFeeds(ctx context.Context, sc tenant.Scope) ([]dialogue.Feed, error) {
	out := []dialogue.Feed{}
	err := s.db.read(ctx).Table("calendar_feeds").Where("org_id = ? AND revoked_at IS NULL", sc.OrgID).Order("created_at").Limit(500).Find(&out).Error
	return out, err
}

// RevokeFeed ends a feed of the caller's organization.
func (s *Dialogues) RevokeFeed(ctx context.Context, sc tenant.Scope, id string, at time.Time) error {
	res := s.db.write(ctx).Table("calendar_feeds").Where("id = ? AND org_id = ? AND revoked_at IS NULL", id, sc.OrgID).Update("revoked_at", at)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return dialogue.ErrFeedNotFound
	}
	return nil
}

// FeedByToken finds an unrevoked feed by its token hash.
func (s *Dialogues) FeedByToken(ctx context.Context, hash string) (*dialogue.Feed, error) {
	var f dialogue.Feed
	err := s.db.read(ctx).Table("calendar_feeds").Where("token_hash = ? AND revoked_at IS NULL", hash).Take(&f).Error
	if err != nil {
		return nil, notFound(err, dialogue.ErrFeedNotFound)
	}
	return &f, nil
}
