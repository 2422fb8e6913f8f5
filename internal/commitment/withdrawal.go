package commitment

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// Withdrawal instead of deletion: a commitment recorded by mistake (or overtaken by a later one)
// is withdrawn with a reason. It keeps its record and assessments for the audit trail, leaves the
// register and the per-party totals, and cannot be changed or assessed until it is reinstated,
// which returns it as it was.

// MaxWithdrawReason caps the reason for a withdrawal, in characters.
const MaxWithdrawReason = 2000

// Withdraw withdraws a commitment in force, with a reason. Who may: as for Update (organizers and
// admins of an active convener of the commitment's dialogue).
func (s *Service) Withdraw(ctx context.Context, sc tenant.Scope, id, reason string) (*Record, error) {
	r, _, err := s.editable(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	var v apperr.Validator
	v.Check(reason != "", "reason", "required", "say why the commitment is withdrawn")
	v.Check(utf8.RuneCountInString(reason) <= MaxWithdrawReason, "reason", "too_long", "at most %d characters", MaxWithdrawReason)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if r.WithdrawnAt != nil {
		return nil, ErrWithdrawn
	}
	w := &Withdrawal{At: s.clock.Now().UTC().Truncate(time.Microsecond), By: sc.UserID, Reason: reason}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetWithdrawal(ctx, sc, r.ID, w); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "commitment.withdraw", TargetType: "commitment", TargetID: r.ID,
			Details: map[string]any{"reason": reason}})
	})
	if err != nil {
		return nil, err
	}
	r.WithdrawnAt, r.WithdrawnBy, r.WithdrawnReason = &w.At, w.By, w.Reason
	return r, nil
}

// Reinstate returns a withdrawn commitment to the register as it was (its state in force and
// scores back in the per-party totals). The audit event keeps the reason it had been withdrawn for.
func (s *Service) Reinstate(ctx context.Context, sc tenant.Scope, id string) (*Record, error) {
	r, _, err := s.editable(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if r.WithdrawnAt == nil {
		return nil, ErrNotWithdrawn
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetWithdrawal(ctx, sc, r.ID, nil); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "commitment.reinstate", TargetType: "commitment", TargetID: r.ID,
			Details: map[string]any{"withdrawn_reason": r.WithdrawnReason, "withdrawn_at": r.WithdrawnAt.Format(time.RFC3339)}})
	})
	if err != nil {
		return nil, err
	}
	r.WithdrawnAt, r.WithdrawnBy, r.WithdrawnByName, r.WithdrawnReason = nil, "", "", ""
	return r, nil
}
