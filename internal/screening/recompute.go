package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// evaluation is the outcome of screening one session.
type evaluation struct {
	fingerprint  string
	rulesVersion string
	flags        []Flag // one per hit, not yet reconciled with the stored ones
}

// Refresh brings a session's flags up to date: it builds the facts from the current session,
// attendees, participants, organizations, list matches and rules, and when their fingerprint
// differs from the one the stored flags were computed from, reconciles the flags: new hits are
// raised, changed ones updated (keeping their review), vanished ones resolved. It costs one
// session's facts (and their list matches) when nothing changed: the rules run only when the
// fingerprint differs.
func (s *Service) Refresh(ctx context.Context, sessionID string) error {
	if s.flags == nil {
		return nil
	}
	in, err := s.flags.ScreeningInputs(ctx, sessionID)
	if err != nil {
		return err
	}
	f := s.prepare(in)
	old, err := s.flags.Fingerprint(ctx, sessionID)
	if err != nil {
		return err
	}
	if old == f.fingerprint {
		return nil // the rules would find what they found last time: skip them
	}
	ev := s.evaluate(in, f)
	err = s.reconcile(ctx, sessionID, ev)
	if err != nil && strings.Contains(strings.ToLower(err.Error()), "unique") {
		err = s.reconcile(ctx, sessionID, ev) // a concurrent refresh of the same session won the insert
	}
	return err
}

// reconcile merges the evaluation into the stored flags in one transaction.
func (s *Service) reconcile(ctx context.Context, sessionID string, ev evaluation) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.flags.SessionFlagsAll(ctx, sessionID)
		if err != nil {
			return err
		}
		now := s.now()
		byKey := map[string]*Flag{}
		for i := range cur {
			byKey[cur[i].SubjectKey+"|"+cur[i].RuleID] = &cur[i]
		}
		var upserts []Flag
		var events []FlagEvent
		raised, resolved, reopened := 0, 0, 0
		seen := map[string]bool{}
		for _, nf := range ev.flags {
			key := nf.SubjectKey + "|" + nf.RuleID
			seen[key] = true
			old := byKey[key]
			if old == nil {
				nf.ID, nf.Status, nf.RaisedAt, nf.EvaluatedAt, nf.UpdatedAt = s.newID(), FlagOpen, now, now, now
				upserts = append(upserts, nf)
				events = append(events, FlagEvent{ID: s.newID(), FlagID: nf.ID, OrgID: nf.OrgID, At: now, ToStatus: FlagOpen,
					Severity: nf.Severity, Reason: "raised"})
				raised++
				continue
			}
			f := *old
			from := f.Status
			escalated := rules.SeverityRank(nf.Severity) > rules.SeverityRank(f.Severity) // more severe: a higher rank
			f.Jurisdiction, f.Severity, f.ExplanationEN, f.ExplanationZH = nf.Jurisdiction, nf.Severity, nf.ExplanationEN, nf.ExplanationZH
			f.Citations, f.NeedsLegalReview, f.Evidence, f.Matches, f.RuleHash, f.EvalError = nf.Citations, nf.NeedsLegalReview, nf.Evidence, nf.Matches, nf.RuleHash, nf.EvalError
			f.EvaluatedAt, f.UpdatedAt = now, now
			switch {
			case from == FlagResolved:
				f.Status, f.ResolvedAt = FlagOpen, nil
				events = append(events, FlagEvent{ID: s.newID(), FlagID: f.ID, OrgID: f.OrgID, At: now, FromStatus: from, ToStatus: FlagOpen,
					Severity: f.Severity, Reason: "raised again"})
				reopened++
			case escalated && from != FlagOpen:
				f.Status = FlagOpen
				events = append(events, FlagEvent{ID: s.newID(), FlagID: f.ID, OrgID: f.OrgID, At: now, FromStatus: from, ToStatus: FlagOpen,
					Severity: f.Severity, Reason: "severity raised to " + f.Severity + ": review again"})
				reopened++
			case f.Severity != old.Severity:
				events = append(events, FlagEvent{ID: s.newID(), FlagID: f.ID, OrgID: f.OrgID, At: now, FromStatus: from, ToStatus: from,
					Severity: f.Severity, Reason: "severity changed from " + old.Severity})
			}
			upserts = append(upserts, f)
		}
		for i := range cur {
			f := cur[i]
			if seen[f.SubjectKey+"|"+f.RuleID] || f.Status == FlagResolved {
				continue
			}
			from := f.Status
			t := now
			f.Status, f.ResolvedAt, f.EvaluatedAt, f.UpdatedAt = FlagResolved, &t, now, now
			upserts = append(upserts, f)
			events = append(events, FlagEvent{ID: s.newID(), FlagID: f.ID, OrgID: f.OrgID, At: now, FromStatus: from, ToStatus: FlagResolved,
				Severity: f.Severity, Reason: "cause no longer present"})
			resolved++
		}
		st := State{Fingerprint: ev.fingerprint, RulesVersion: ev.rulesVersion, ScreenedAt: now}
		if err := s.flags.SaveFlags(ctx, sessionID, st, upserts, events); err != nil {
			return err
		}
		if raised+resolved+reopened == 0 {
			return nil
		}
		return s.audit.Append(ctx, audit.Entry{Action: "flags.recompute", TargetType: "session", TargetID: sessionID,
			OrgID: orgOf(ev, cur), Details: map[string]any{"raised": raised, "resolved": resolved, "reopened": reopened,
				"rules_version": ev.rulesVersion}})
	})
}

func orgOf(ev evaluation, cur []Flag) string {
	for _, f := range ev.flags {
		if f.ParticipantID == nil {
			return f.OrgID
		}
	}
	for _, f := range cur {
		if f.ParticipantID == nil {
			return f.OrgID
		}
	}
	return ""
}

// prepared is a session's facts with the rule set and the day they are judged by, and the
// fingerprint of it all: everything the rules' verdict depends on.
type prepared struct {
	rs          *rules.RuleSet
	now         time.Time
	fs          factSet
	fingerprint string
}

// prepare builds the facts of a session (screening each attendee against the lists) and their
// fingerprint, which covers the facts, the list matches, who sees the data, the rule set and the
// day. It does not run the rules.
func (s *Service) prepare(in *Inputs) prepared {
	p := prepared{rs: s.ruleSet(), now: s.now(), fs: s.facts(in)}
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode([]any{p.rs.Version(), p.now.UTC().Format("2006-01-02"), p.fs.session, p.fs.audiences})
	for _, pf := range p.fs.parts {
		_ = enc.Encode([]any{pf.att.Participant.OrgID, pf.p, pf.matches, pf.audiences})
	}
	p.fingerprint = hex.EncodeToString(h.Sum(nil))
	return p
}

// evaluate runs the rules on prepared facts: once for the session, once per attendee.
func (s *Service) evaluate(in *Inputs, pr prepared) evaluation {
	out := evaluation{fingerprint: pr.fingerprint, rulesVersion: pr.rs.Version()}
	for _, h := range pr.rs.EvaluateAudiences(rules.Facts{Session: pr.fs.session, Now: pr.now}, pr.fs.audiences) {
		out.flags = append(out.flags, flagOf(h, in.Session.OrgID, in.Session.ID, nil, nil))
	}
	for i := range pr.fs.parts {
		p := &pr.fs.parts[i]
		for _, h := range pr.rs.EvaluateAudiences(rules.Facts{Session: pr.fs.session, Participant: &p.p, Now: pr.now}, p.audiences) {
			pid := p.att.Participant.ID
			out.flags = append(out.flags, flagOf(h, p.att.Participant.OrgID, in.Session.ID, &pid, p.matches))
		}
	}
	return out
}

func flagOf(h rules.Hit, orgID, sessionID string, participantID *string, matches []FlagMatch) Flag {
	f := Flag{OrgID: orgID, SessionID: sessionID, ParticipantID: participantID, RuleID: h.RuleID, Jurisdiction: h.Jurisdiction,
		Severity: h.Severity, ExplanationEN: h.Explanation.EN, ExplanationZH: h.Explanation.ZH, Citations: h.Citations,
		NeedsLegalReview: h.NeedsLegalReview, Evidence: h.Evidence, RuleHash: h.RuleHash, EvalError: h.EvalError, Matches: []FlagMatch{}}
	if participantID != nil {
		f.SubjectKey = *participantID
		if usesWatchlist(h) {
			f.Matches = matches
		}
	}
	if f.Citations == nil {
		f.Citations = []rules.Citation{}
	}
	if f.Evidence == nil {
		f.Evidence = []rules.Evidence{}
	}
	return f
}

// usesWatchlist reports whether a hit's evidence read list matches.
func usesWatchlist(h rules.Hit) bool {
	for _, e := range h.Evidence {
		if strings.Contains(e.Path, "watchlist") {
			return true
		}
	}
	return false
}

// Kick asks the background worker to re-screen every session soon.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Sweep re-screens every session (recomputing only those whose inputs changed) and returns how
// many sessions it checked. `tracktwo screen run` and the background worker call it.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	if s.flags == nil {
		return 0, nil
	}
	n, after := 0, ""
	for {
		ids, err := s.flags.SessionIDs(ctx, after, 500)
		if err != nil {
			return n, err
		}
		for _, id := range ids {
			if err := s.Refresh(ctx, id); err != nil {
				return n, fmt.Errorf("session %s: %w", id, err)
			}
			n++
		}
		if len(ids) < 500 {
			return n, nil
		}
		after = ids[len(ids)-1]
	}
}

// Run is the background worker: it sweeps at start (the rule set, the lists or — for a change
// whose recompute did not finish — the inputs may have changed since the last run), after every
// list import or rule reload (Kick) and every interval, until ctx ends. The state
// it works from is the stored fingerprints, so a crash loses nothing: the next sweep redoes it.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 5 * time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	if n, err := s.StaleSessions(ctx); err == nil && n > 0 {
		s.log.WarnContext(ctx, "screening: sessions screened with another rule set (or never); re-screening", "sessions", n,
			"rules_version", s.ruleSet().Version())
	}
	for {
		if n, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("screening sweep failed", "err", err, "checked", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}
