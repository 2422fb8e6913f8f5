package app

import (
	"context"
	"errors"

	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// sessionBridge gives the minutes and commitment services what they need from the sessions area
// (issue 3) through its access rules: SessionAccess decides who sees a session.
type sessionBridge struct{ d *dialogue.Service }

var (
	_ minutes.Sessions    = sessionBridge{}
	_ commitment.Sessions = sessionBridge{}
)

func (b sessionBridge) SessionInfo(ctx context.Context, sc tenant.Scope, sessionID string) (*minutes.SessionInfo, error) {
	a, err := b.d.SessionAccess(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	si := &minutes.SessionInfo{ID: a.Session.ID, DialogueID: a.Session.DialogueID, Title: a.Session.Title,
		TitleZH: a.Session.TitleZH, Status: a.Session.Status, StartsAt: a.Session.StartsAt, CanEdit: a.CanOrganize}
	for _, c := range a.Conveners {
		si.Conveners = append(si.Conveners, minutes.Convener{OrgID: c.OrgID, Name: c.OrgName, NameZH: c.OrgNameZH, Side: c.Side()})
	}
	return si, nil
}

func (b sessionBridge) Speakers(ctx context.Context, sc tenant.Scope, sessionID string) ([]minutes.SpeakerOption, error) {
	a, err := b.d.SessionAccess(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range a.Conveners {
		names[c.OrgID] = c.OrgName
	}
	att, err := b.d.Attendees(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	out := make([]minutes.SpeakerOption, 0, len(att))
	for _, x := range att {
		org := x.Employer
		if org == "" {
			org = names[x.OrgID]
		}
		out = append(out, minutes.SpeakerOption{ID: x.ParticipantID, NameLatin: x.NameLatin, NameNative: x.NameNative, Org: org, Side: x.Side})
	}
	return out, nil
}

// MinutesLocked moves the session to "minutes agreed" through the dialogue service's rule (in the
// minutes' lock transaction).
func (b sessionBridge) MinutesLocked(ctx context.Context, sc tenant.Scope, sessionID string, version int) (string, error) {
	return b.d.MinutesLocked(ctx, sc, sessionID, version)
}

func parties(cs []dialogue.Convener) []commitment.Party {
	out := []commitment.Party{{ID: "US", Name: commitment.SideName("US")}, {ID: "CN", Name: commitment.SideName("CN")}}
	for _, c := range cs {
		if c.Status == dialogue.ConvenerActive {
			out = append(out, commitment.Party{ID: c.OrgID, Name: c.OrgName})
		}
	}
	return out
}

func (b sessionBridge) CommitmentSession(ctx context.Context, sc tenant.Scope, sessionID string) (*commitment.SessionRef, error) {
	a, err := b.d.SessionAccess(ctx, sc, sessionID)
	if err != nil {
		return nil, err
	}
	return &commitment.SessionRef{ID: a.Session.ID, DialogueID: a.Session.DialogueID, Title: a.Session.Title,
		Parties: parties(a.Conveners), CanEdit: a.CanOrganize}, nil
}

func (b sessionBridge) DialogueParties(ctx context.Context, sc tenant.Scope, dialogueID string) ([]commitment.Party, bool, error) {
	d, err := b.d.GetDialogue(ctx, sc, dialogueID)
	if err != nil {
		return nil, false, err
	}
	return parties(d.Conveners), sc.CanOrganize(), nil
}

// minutesBridge gives the commitment service the minutes' action items: the source item of a
// commitment and the link written back into the minutes.
type minutesBridge struct{ m *minutes.Service }

var _ commitment.ActionItems = minutesBridge{}

func (b minutesBridge) SourceItem(ctx context.Context, sc tenant.Scope, sessionID, actionItemID string) (*commitment.SourceItem, error) {
	src, err := b.m.ActionItem(ctx, sc, sessionID, actionItemID)
	if err != nil {
		return nil, linkErr(err)
	}
	return &commitment.SourceItem{ID: src.Action.ID, ItemTitleEN: src.Item.TitleEN, ItemTitleZH: src.Item.TitleZH,
		TextEN: src.Action.TextEN, TextZH: src.Action.TextZH, CommitmentID: src.Action.CommitmentID}, nil
}

func (b minutesBridge) LinkActionItem(ctx context.Context, sc tenant.Scope, sessionID, actionItemID, from, to string) error {
	return linkErr(b.m.LinkCommitment(ctx, sc, sessionID, actionItemID, from, to))
}

// linkErr converts the minutes' link errors into the commitment package's.
func linkErr(err error) error {
	switch {
	case errors.Is(err, minutes.ErrActionItemNotFound):
		return commitment.ErrActionItemNotFound
	case errors.Is(err, minutes.ErrActionItemTaken):
		return commitment.ErrActionItemTaken
	}
	return err
}
