package screening

import (
	"context"
	"fmt"
)

// syncRefreshLimit is the most sessions one change recomputes before its request answers; a
// change touching more (an organization in many sessions) leaves them to the background sweep.
const syncRefreshLimit = 50

// The Service observes the participant registry, the sessions and the organizations (the
// participant, dialogue and org packages' Observer interfaces): after a change commits, the
// flags of the sessions whose inputs changed are recomputed, so reads only ever show stored
// flags. A failure here leaves the change in place and the flags as they were; the background
// sweep (which compares fingerprints) catches up.

// SessionsChanged recomputes the flags of the given sessions.
func (s *Service) SessionsChanged(ctx context.Context, sessionIDs []string) {
	s.touch(ctx, "sessions changed", sessionIDs, nil)
}

// ParticipantsChanged recomputes the flags of every session the participants attend.
func (s *Service) ParticipantsChanged(ctx context.Context, participantIDs []string) {
	if s.flags == nil {
		return
	}
	ids, err := s.flags.SessionsOfParticipants(context.WithoutCancel(ctx), participantIDs)
	s.touch(ctx, "participants changed", ids, err)
}

// DialogueChanged recomputes the flags of every session of a dialogue (its conveners are the
// sessions' organizers).
func (s *Service) DialogueChanged(ctx context.Context, dialogueID string) {
	if s.flags == nil {
		return
	}
	ids, err := s.flags.SessionsOfDialogue(context.WithoutCancel(ctx), dialogueID)
	s.touch(ctx, "dialogue changed", ids, err)
}

// OrgChanged recomputes the flags of every session the organization organizes, convenes or
// brings participants to.
func (s *Service) OrgChanged(ctx context.Context, orgID string) {
	if s.flags == nil {
		return
	}
	ids, err := s.flags.SessionsOfOrg(context.WithoutCancel(ctx), orgID)
	s.touch(ctx, "organization changed", ids, err)
}

// touch refreshes the sessions, or hands them to the background sweep when there are too many
// or something failed.
func (s *Service) touch(ctx context.Context, why string, ids []string, err error) {
	if s.flags == nil {
		return
	}
	ctx = context.WithoutCancel(ctx) // the change is committed: finish even if the client has gone
	if err == nil && len(ids) > syncRefreshLimit {
		s.log.InfoContext(ctx, "screening: many sessions to recompute; left to the background sweep", "why", why, "sessions", len(ids))
		s.Kick()
		return
	}
	for _, id := range ids {
		if err != nil {
			break
		}
		if rerr := s.Refresh(ctx, id); rerr != nil {
			err = fmt.Errorf("session %s: %w", id, rerr)
		}
	}
	if err != nil {
		s.log.WarnContext(ctx, "screening: recomputing flags after a change failed; the background sweep will retry", "why", why, "err", err)
		s.Kick()
	}
}
