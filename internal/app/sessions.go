package app

import (
	"context"

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
