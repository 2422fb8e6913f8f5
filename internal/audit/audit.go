// Package audit keeps Tracktwo's append-only, hash-chained audit log (SECURITY.md L1): logins,
// token reuse, authorization failures and every change, with actor, tenant, request id and time.
// Each event's hash covers the previous event's hash, so a changed, removed or inserted row breaks
// the chain and Verify finds it.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/tenant"
)

// GenesisHash is the hash before the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one audit record.
type Event struct {
	Seq        int64     `json:"seq"`
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	OrgID      string    `json:"org_id"`
	ActorID    string    `json:"actor_id"`
	Action     string    `json:"action"`
	Outcome    string    `json:"outcome"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	IP         string    `json:"ip"`
	RequestID  string    `json:"request_id"`
	Details    string    `json:"details"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash returns the chain hash of e given the previous hash.
func ComputeHash(prev string, e *Event) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(e.Seq, 10), e.ID, e.At.UTC().Format(time.RFC3339Nano),
		e.OrgID, e.ActorID, e.Action, e.Outcome, e.TargetType, e.TargetID, e.IP, e.RequestID, e.Details} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Store appends and reads events.
type Store interface {
	// AppendAudit assigns e the next sequence number and previous hash under a lock, computes its
	// hash with hash, and inserts it, atomically.
	AppendAudit(ctx context.Context, e *Event, hash func(prev string, e *Event) string) error
	// AppendAuditBatch appends events in order as AppendAudit would, taking the lock once.
	AppendAuditBatch(ctx context.Context, es []*Event, hash func(prev string, e *Event) string) error
	// AuditEvents returns events with seq > after in order, at most limit.
	AuditEvents(ctx context.Context, after int64, limit int) ([]Event, error)
	// AuditHead returns the last sequence number and hash.
	AuditHead(ctx context.Context) (int64, string, error)
	// OrgAuditEvents lists one tenant's events, newest first, before seq (0: from the newest).
	OrgAuditEvents(ctx context.Context, s tenant.Scope, before int64, limit int) ([]Event, error)
}

// Meta is the request metadata stored with events.
type Meta struct {
	IP        string
	RequestID string
}

type metaKey struct{}

// WithMeta returns ctx carrying request metadata.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFrom returns the request metadata in ctx.
func MetaFrom(ctx context.Context) Meta { m, _ := ctx.Value(metaKey{}).(Meta); return m }

// Log is the audit service.
type Log struct {
	store Store
	now   func() time.Time
	newID func() string
	log   *slog.Logger
}

// New builds the audit log.
func New(st Store, now func() time.Time, newID func() string, log *slog.Logger) *Log {
	return &Log{store: st, now: now, newID: newID, log: log}
}

// Entry describes an event to append; the actor and tenant come from the context's scope unless
// set (for events before authentication, such as failed logins).
type Entry struct {
	Action     string
	Outcome    string
	OrgID      string
	ActorID    string
	TargetType string
	TargetID   string
	Details    map[string]any
}

// Append writes an event. It runs in the caller's transaction when there is one, so a change and
// its audit record commit together.
func (l *Log) Append(ctx context.Context, en Entry) error {
	e, err := l.event(ctx, en)
	if err != nil {
		return err
	}
	return l.store.AppendAudit(ctx, e, ComputeHash)
}

// AppendMany writes several events in order, like Append (in the caller's transaction when there
// is one) but linking them to the chain in one step: many changes made at once, such as an
// import's updates.
func (l *Log) AppendMany(ctx context.Context, ens []Entry) error {
	if len(ens) == 0 {
		return nil
	}
	es := make([]*Event, len(ens))
	for i, en := range ens {
		e, err := l.event(ctx, en)
		if err != nil {
			return err
		}
		es[i] = e
	}
	return l.store.AppendAuditBatch(ctx, es, ComputeHash)
}

// event builds the event of an entry (without its place in the chain).
func (l *Log) event(ctx context.Context, en Entry) (*Event, error) {
	if sc, ok := tenant.From(ctx); ok {
		if en.OrgID == "" {
			en.OrgID = sc.OrgID
		}
		if en.ActorID == "" {
			en.ActorID = sc.UserID
		}
	}
	if en.Outcome == "" {
		en.Outcome = "ok"
	}
	details := "{}"
	if len(en.Details) > 0 {
		b, err := json.Marshal(en.Details)
		if err != nil {
			return nil, fmt.Errorf("audit details: %w", err)
		}
		details = string(b)
	}
	m := MetaFrom(ctx)
	return &Event{ID: l.newID(), At: l.now().UTC(), OrgID: en.OrgID, ActorID: en.ActorID, Action: en.Action,
		Outcome: en.Outcome, TargetType: en.TargetType, TargetID: en.TargetID, IP: m.IP, RequestID: m.RequestID,
		Details: details}, nil
}

// Record appends a successful change by the caller in ctx; a failure to write is logged (the
// change itself has already been validated). Services that need the change and its record to
// commit together call Append inside their transaction instead.
func (l *Log) Record(ctx context.Context, action, targetType, targetID string, details map[string]any) {
	if err := l.Append(ctx, Entry{Action: action, TargetType: targetType, TargetID: targetID, Details: details}); err != nil {
		l.log.ErrorContext(ctx, "audit append failed", "action", action, "err", err)
	}
}

// Fail records a refused or failed attempt (failed login, token reuse, authorization failure).
func (l *Log) Fail(ctx context.Context, action string, en Entry) {
	en.Action, en.Outcome = action, "denied"
	if err := l.Append(ctx, en); err != nil {
		l.log.ErrorContext(ctx, "audit append failed", "action", action, "err", err)
	}
}

// Problem is one break in the chain.
type Problem struct {
	Seq    int64
	Reason string
}

// Verify walks the whole chain and reports every break: a changed row, a gap, a reordered or
// inserted row, or a head that does not match the last row.
func (l *Log) Verify(ctx context.Context) (checked int64, problems []Problem, err error) {
	prev, last := GenesisHash, int64(0)
	for {
		evs, err := l.store.AuditEvents(ctx, last, 1000)
		if err != nil {
			return checked, problems, err
		}
		for i := range evs {
			e := &evs[i]
			if e.Seq != last+1 {
				problems = append(problems, Problem{e.Seq, fmt.Sprintf("sequence jumps from %d to %d (rows removed)", last, e.Seq)})
			}
			if e.PrevHash != prev {
				problems = append(problems, Problem{e.Seq, "previous-hash link broken"})
			}
			if want := ComputeHash(e.PrevHash, e); want != e.Hash {
				problems = append(problems, Problem{e.Seq, "content changed after it was written"})
			}
			prev, last = e.Hash, e.Seq
			checked++
		}
		if len(evs) < 1000 {
			break
		}
	}
	headSeq, headHash, err := l.store.AuditHead(ctx)
	if err != nil {
		return checked, problems, err
	}
	if headSeq != last || headHash != prev {
		problems = append(problems, Problem{headSeq, fmt.Sprintf("head (%d) does not match the last row (%d): rows removed from the end", headSeq, last)})
	}
	return checked, problems, nil
}

// ForOrg lists the caller's organization's events, newest first.
func (l *Log) ForOrg(ctx context.Context, s tenant.Scope, before int64, limit int) ([]Event, error) {
	return l.store.OrgAuditEvents(ctx, s, before, limit)
}

// Describe renders a problem list for the command line.
func Describe(problems []Problem) string {
	var b strings.Builder
	for _, p := range problems {
		fmt.Fprintf(&b, "seq %d: %s\n", p.Seq, p.Reason)
	}
	return b.String()
}
