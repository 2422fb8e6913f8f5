package dialogue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/id"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/timezone"
)

// Languages a dialogue may work in.
var Languages = []string{"en", "zh"}

func canOrganize(sc tenant.Scope) error {
	if !sc.CanOrganize() {
		return fmt.Errorf("%w: only organizers and admins of a convening organization may do this", apperr.ErrForbidden)
	}
	return nil
}

func applyDialogue(d *Dialogue, in DialogueInput, create bool) error {
	var v apperr.Validator
	trim := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	trim(&d.Title, in.Title)
	trim(&d.TitleZH, in.TitleZH)
	trim(&d.Topic, in.Topic)
	trim(&d.Description, in.Description)
	if in.ChathamHouse != nil {
		d.ChathamHouse = *in.ChathamHouse
	}
	if in.Languages != nil {
		langs := []string{}
		for _, l := range *in.Languages {
			l = strings.ToLower(strings.TrimSpace(l))
			if !contains(Languages, l) {
				v.Add("languages", "enum", "languages must be among %s", strings.Join(Languages, ", "))
				continue
			}
			if !contains(langs, l) {
				langs = append(langs, l)
			}
		}
		d.Languages = langs
	}
	if create || in.Title != nil {
		v.Check(d.Title != "", "title", "required", "give the dialogue a title")
	}
	v.Check(utf8.RuneCountInString(d.Title) <= 200, "title", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(d.TitleZH) <= 200, "title_zh", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(d.Topic) <= 200, "topic", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(d.Description) <= 10000, "description", "length", "at most 10000 characters")
	v.Check(len(d.Languages) > 0 || v.Has("languages"), "languages", "required", "choose at least one working language")
	if in.HomeZone != nil && strings.TrimSpace(*in.HomeZone) != "" {
		if err := timezone.Validate(strings.TrimSpace(*in.HomeZone)); err != nil {
			v.Add("home_zone", "timezone", "%s", err.Error())
		}
	}
	return v.Err()
}

// CreateDialogue starts a dialogue convened by the caller's organization. The Chatham House Rule
// is on unless the input turns it off.
func (s *Service) CreateDialogue(ctx context.Context, sc tenant.Scope, in DialogueInput) (*Dialogue, error) {
	if err := canOrganize(sc); err != nil {
		return nil, err
	}
	d := &Dialogue{ChathamHouse: true, Languages: []string{"en", "zh"}}
	if err := applyDialogue(d, in, true); err != nil {
		return nil, err
	}
	now := s.now()
	d.ID, d.OrgID, d.CreatedBy, d.CreatedAt, d.UpdatedAt = s.newID(), sc.OrgID, sc.UserID, now, now
	c := &Convener{ID: s.newID(), DialogueID: d.ID, OrgID: sc.OrgID, Role: RoleConvener, Status: ConvenerActive,
		InvitedBy: sc.UserID, InvitedByOrgID: sc.OrgID, CreatedAt: now, UpdatedAt: now}
	if in.HomeZone != nil {
		c.HomeZone = strings.TrimSpace(*in.HomeZone)
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateDialogue(ctx, sc, d, c); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "dialogue.create", TargetType: "dialogue", TargetID: d.ID})
	})
	if err != nil {
		return nil, err
	}
	return s.GetDialogue(ctx, sc, d.ID)
}

// GetDialogue returns a dialogue the caller's organization convenes, with its conveners.
func (s *Service) GetDialogue(ctx context.Context, sc tenant.Scope, id string) (*Dialogue, error) {
	d, err := s.store.GetDialogue(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if d.Conveners, err = s.store.Conveners(ctx, sc, id); err != nil {
		return nil, err
	}
	return d, nil
}

// ListDialogues lists the dialogues the caller's organization convenes.
func (s *Service) ListDialogues(ctx context.Context, sc tenant.Scope, after string, limit int) ([]Dialogue, error) {
	return s.store.ListDialogues(ctx, sc, after, limit)
}

// UpdateDialogue changes a dialogue's settings; HomeZone sets the caller's own organization's
// home zone for it. Every active convener has the same rights.
func (s *Service) UpdateDialogue(ctx context.Context, sc tenant.Scope, id string, in DialogueInput) (*Dialogue, error) {
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		d, err := s.store.GetDialogue(ctx, sc, id)
		if err != nil {
			return err
		}
		if err := canOrganize(sc); err != nil {
			return err
		}
		if err := applyDialogue(d, in, false); err != nil {
			return err
		}
		d.UpdatedAt = s.now()
		if err := s.store.UpdateDialogue(ctx, sc, d); err != nil {
			return err
		}
		if in.HomeZone != nil {
			if err := s.store.SetHomeZone(ctx, sc, id, strings.TrimSpace(*in.HomeZone), d.UpdatedAt); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, audit.Entry{Action: "dialogue.update", TargetType: "dialogue", TargetID: id})
	})
	if err != nil {
		return nil, err
	}
	return s.GetDialogue(ctx, sc, id)
}

// Invite asks an organization of the other side to co-convene the dialogue. Inviting an
// organization that declined or was removed re-opens its invitation.
func (s *Service) Invite(ctx context.Context, sc tenant.Scope, dialogueID string, in InviteInput) (*Convener, error) {
	var inv *Convener
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.GetDialogue(ctx, sc, dialogueID); err != nil {
			return err
		}
		if err := canOrganize(sc); err != nil {
			return err
		}
		in.OrgID = strings.TrimSpace(in.OrgID)
		if !id.Valid(in.OrgID) {
			return apperr.Invalid("org_id", "required", "choose the organization to invite")
		}
		target, err := s.orgs.OrgInfo(ctx, in.OrgID)
		if errors.Is(err, apperr.ErrNotFound) {
			return apperr.Invalid("org_id", "unknown", "there is no such organization")
		} else if err != nil {
			return err
		}
		own, err := s.orgs.OrgInfo(ctx, sc.OrgID)
		if err != nil {
			return err
		}
		if SideOf(target.Country) == SideOf(own.Country) {
			return apperr.Invalid("org_id", "same_side", "invite an organization of the other side as co-convener")
		}
		conveners, err := s.store.Conveners(ctx, sc, dialogueID)
		if err != nil {
			return err
		}
		for _, c := range conveners {
			if c.OrgID == in.OrgID && (c.Status == ConvenerActive || c.Status == ConvenerInvited) {
				return apperr.Invalid("org_id", "already", "this organization is already a convener or invited")
			}
		}
		now := s.now()
		inv = &Convener{ID: s.newID(), DialogueID: dialogueID, OrgID: in.OrgID, Role: RoleCoConvener, Status: ConvenerInvited,
			InvitedBy: sc.UserID, InvitedByOrgID: sc.OrgID, CreatedAt: now, UpdatedAt: now}
		if err := s.store.UpsertInvitation(ctx, sc, inv); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "dialogue.invite", TargetType: "dialogue", TargetID: dialogueID,
			Details: map[string]any{"org_id": in.OrgID, "invitation_id": inv.ID}})
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// PendingInvitations lists the co-convener invitations addressed to the caller's organization.
func (s *Service) PendingInvitations(ctx context.Context, sc tenant.Scope) ([]Convener, error) {
	return s.store.PendingInvitations(ctx, sc)
}

// AnswerInvitation accepts or declines a co-convener invitation addressed to the caller's
// organization. Two concurrent answers: exactly one succeeds (R3).
func (s *Service) AnswerInvitation(ctx context.Context, sc tenant.Scope, invitationID string, accept bool) (*Convener, error) {
	var inv *Convener
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if inv, err = s.store.Invitation(ctx, sc, invitationID); err != nil {
			return err
		}
		if err := canOrganize(sc); err != nil {
			return err
		}
		to, action := ConvenerActive, "dialogue.invitation_accept"
		if !accept {
			to, action = ConvenerDeclined, "dialogue.invitation_decline"
		}
		now := s.now()
		ok, err := s.store.SetConvenerStatus(ctx, inv.ID, []string{ConvenerInvited}, to, sc.UserID, now)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: this invitation has already been answered", apperr.ErrConflict)
		}
		inv.Status, inv.RespondedAt, inv.RespondedBy = to, &now, sc.UserID
		return s.audit.Append(ctx, audit.Entry{Action: action, TargetType: "dialogue", TargetID: inv.DialogueID,
			Details: map[string]any{"invitation_id": inv.ID}})
	})
	if err != nil {
		return nil, err
	}
	if accept {
		s.dialogueChanged(ctx, inv.DialogueID) // a new organizer of every session
	}
	return inv, nil
}

// RemoveConvener removes an organization from a dialogue (or withdraws its invitation): its
// users lose access to the dialogue and its sessions on their next request. An admin of any
// active convener may do it; the last active convener cannot be removed.
func (s *Service) RemoveConvener(ctx context.Context, sc tenant.Scope, dialogueID, orgID string) error {
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		conveners, err := s.store.Conveners(ctx, sc, dialogueID)
		if err != nil {
			return err
		}
		if !sc.CanAdmin() {
			return fmt.Errorf("%w: only an organization admin may remove a convener", apperr.ErrForbidden)
		}
		var target *Convener
		active := 0
		for i := range conveners {
			if conveners[i].Status == ConvenerActive {
				active++
			}
			if conveners[i].OrgID == orgID && (conveners[i].Status == ConvenerActive || conveners[i].Status == ConvenerInvited) {
				target = &conveners[i]
			}
		}
		if target == nil {
			return fmt.Errorf("%w: convener", apperr.ErrNotFound)
		}
		if target.Status == ConvenerActive && active <= 1 {
			return fmt.Errorf("%w: a dialogue keeps at least one active convener", apperr.ErrConflict)
		}
		ok, err := s.store.SetConvenerStatus(ctx, target.ID, []string{ConvenerActive, ConvenerInvited}, ConvenerRemoved, sc.UserID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: the convener changed meanwhile", apperr.ErrConflict)
		}
		return s.audit.Append(ctx, audit.Entry{Action: "dialogue.remove_convener", TargetType: "dialogue", TargetID: dialogueID,
			Details: map[string]any{"org_id": orgID}})
	})
	if err == nil {
		s.dialogueChanged(ctx, dialogueID)
	}
	return err
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
