package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening/names"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// evaluation is the outcome of screening one session.
type evaluation struct {
	fingerprint string
	flags       []Flag // one per hit, not yet reconciled with the stored ones
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
	f := s.facts(in)
	old, err := s.flags.Fingerprint(ctx, sessionID)
	if err != nil {
		return err
	}
	if old == f.fingerprint {
		return nil // the rules would find what they found last time: skip them (most page views)
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
			escalated := rules.SeverityRank(nf.Severity) < rules.SeverityRank(f.Severity)
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
		if err := s.flags.SaveFlags(ctx, sessionID, ev.fingerprint, now, upserts, events); err != nil {
			return err
		}
		if raised+resolved+reopened == 0 {
			return nil
		}
		return s.audit.Append(ctx, audit.Entry{Action: "flags.recompute", TargetType: "session", TargetID: sessionID,
			OrgID: orgOf(ev, cur), Details: map[string]any{"raised": raised, "resolved": resolved, "reopened": reopened,
				"rules_version": s.rules.Version()}})
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

// sessionInputFacts are a session's facts as the rules see them, with the list matches of each
// attendee and the fingerprint of it all.
type sessionInputFacts struct {
	now         time.Time
	session     rules.Session
	parts       []participantInputFacts
	fingerprint string
}

type participantInputFacts struct {
	att  *AttendeeInput
	p    rules.Participant
	hits []FlagMatch
}

// facts builds the facts of a session (screening each attendee against the lists) and their
// fingerprint, which covers the facts, the list matches, the rule set and the day: everything
// the rules' verdict depends on.
func (s *Service) facts(in *Inputs) sessionInputFacts {
	f := sessionInputFacts{now: s.now(), session: s.sessionFacts(in), parts: make([]participantInputFacts, 0, len(in.Attendees))}
	for i := range in.Attendees {
		a := &in.Attendees[i]
		p, matches := s.participantFacts(a)
		f.parts = append(f.parts, participantInputFacts{att: a, p: p, hits: matches})
		f.session.Participants = append(f.session.Participants, rules.Attendee{ID: a.Participant.ID, Name: a.Participant.NameLatin,
			Side: a.Attendee.Side, Nationalities: a.Participant.Nationality, Residence: a.Participant.ResidenceCountry,
			Employer: p.Employer, TalentProgram: a.Participant.TalentProgram, Status: a.Attendee.Status, Watchlist: p.Watchlist})
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode([]any{s.rules.Version(), f.now.UTC().Format("2006-01-02"), f.session})
	for _, p := range f.parts {
		_ = enc.Encode([]any{p.att.Participant.OrgID, p.p, p.hits})
	}
	f.fingerprint = hex.EncodeToString(h.Sum(nil))
	return f
}

// evaluate runs the rules on a session's facts: once for the session, once per attendee.
func (s *Service) evaluate(in *Inputs, f sessionInputFacts) evaluation {
	out := evaluation{fingerprint: f.fingerprint}
	for _, h := range s.rules.Evaluate(rules.Facts{Session: f.session, Now: f.now}) {
		out.flags = append(out.flags, flagOf(h, in.Session.OrgID, in.Session.ID, nil, nil))
	}
	for i := range f.parts {
		p := &f.parts[i]
		for _, h := range s.rules.Evaluate(rules.Facts{Session: f.session, Participant: &p.p, Now: f.now}) {
			pid := p.att.Participant.ID
			out.flags = append(out.flags, flagOf(h, p.att.Participant.OrgID, in.Session.ID, &pid, p.hits))
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

// sessionFacts maps a session and its organizers to the rules' fact model.
func (s *Service) sessionFacts(in *Inputs) rules.Session {
	se := in.Session
	sf := rules.Session{ID: se.ID, Title: se.Title, Country: se.Country, InMainland: se.InMainland || se.Country == "CN",
		Province: se.Province, City: se.City, Online: se.Format == "online", Start: se.StartsAt, End: se.EndsAt,
		Topics: nonNil(se.TopicTags), IsPartnershipAgreement: se.IsPartnershipAgreement}
	seen := map[string]bool{}
	add := func(o *org.Organization) {
		if o == nil || seen[o.ID] {
			return
		}
		seen[o.ID] = true
		sf.Organizers = append(sf.Organizers, s.orgFacts(o))
	}
	add(in.Organizer)
	for i := range in.Conveners {
		add(&in.Conveners[i])
	}
	for _, c := range se.Cohosts {
		sf.Organizers = append(sf.Organizers, rules.Organization{Name: c.Name, NameZH: c.NameZH, Country: c.Country,
			Kind: c.Kind, ONGO: rules.ONGOStanding{Standing: rules.StandingNone}})
	}
	if se.PartnerName != "" || se.PartnerNameZH != "" || se.PartnerUnitKind != "" {
		sf.Partner = rules.Partner{Present: true, Name: se.PartnerName, NameZH: se.PartnerNameZH, UnitKind: se.PartnerUnitKind,
			Kind: se.PartnerKind, Field: se.PartnerField, Country: "CN"}
	}
	if se.FilingNumber != "" || se.FilingDate != "" {
		sf.Filing = rules.Filing{Filed: true, Number: se.FilingNumber, FiledDate: day(se.FilingDate),
			PeriodStart: day(se.FilingPeriodStart), PeriodEnd: day(se.FilingPeriodEnd), Areas: splitList(se.FilingArea)}
	}
	for _, f := range se.Funding {
		sf.Funding = append(sf.Funding, rules.Funding{Funder: rules.Organization{Name: f.FunderName, Country: f.FunderCountry,
			Kind: f.FunderKind, ONGO: rules.ONGOStanding{Standing: rules.StandingNone}}, Amount: f.Amount, Currency: f.Currency,
			RoutedThroughPartnerAccount: f.RoutedThroughPartnerAccount})
	}
	return sf
}

// orgFacts maps an organization (a tenant) to the rules' organization.
func (s *Service) orgFacts(o *org.Organization) rules.Organization {
	kind := o.Kind
	if kind == "association" {
		kind = "academic_organization"
	}
	field := o.Field
	if field == "mixed" {
		field = "other"
	}
	standing := rules.StandingNone
	switch o.ONGOStatus {
	case "registered_office":
		standing = rules.StandingRegisteredOffice
	case "temporary_filings":
		standing = "temporary_filing"
	}
	rf := rules.Organization{ID: o.ID, Name: o.NameEN, NameZH: o.NameZH, Country: o.Country, Kind: kind, Field: field,
		Public: o.IsPublic, USState: o.USState, HostsConfuciusInstitute: o.HostsConfuciusInstitute,
		ONGO: rules.ONGOStanding{Standing: standing, OfficeNumber: o.ONGORegistrationNumber,
			OfficeAreas: splitList(o.ONGOOfficeArea), OfficeScope: splitList(o.ONGOOfficeScope)}}
	for _, m := range s.matches("employer", o.NameEN, names.Query{Name: o.NameEN}) {
		rf.Watchlist = append(rf.Watchlist, watchMatch(m))
	}
	return rf
}

// participantFacts maps one attendee to the rules' participant and screens the person and the
// employer against the lists.
func (s *Service) participantFacts(a *AttendeeInput) (rules.Participant, []FlagMatch) {
	p := a.Participant
	rp := rules.Participant{ID: p.ID, Name: p.NameLatin, NameNative: p.NameNative, Side: a.Attendee.Side,
		Nationalities: nonNil(p.Nationality), Residence: p.ResidenceCountry, EmployerKind: p.EmployerKind,
		Role: a.Attendee.Role, Status: a.Attendee.Status, DoDFunded: p.DoDFunded, TalentProgram: p.TalentProgram,
		BirthDate: day(p.BirthDate), Paid: a.Attendee.Paid}
	rp.Employer = rules.Organization{Name: p.Employer, Public: p.EmployerPublic, USState: p.EmployerUSState,
		Kind: employerOrgKind(p.EmployerKind), ONGO: rules.ONGOStanding{Standing: rules.StandingNone}}
	if p.EmployerUSState != "" {
		rp.Employer.Country = "US"
	}
	nat := ""
	if len(p.Nationality) > 0 {
		nat = p.Nationality[0]
	}
	var all []FlagMatch
	person := map[string]FlagMatch{}
	for _, n := range []string{p.NameLatin, p.NameNative} {
		if strings.TrimSpace(n) == "" {
			continue
		}
		for _, m := range s.matches("person", n, names.Query{Name: n, BirthDate: p.BirthDate, Nationality: nat, Employer: p.Employer}) {
			k := m.ListID + "|" + m.EntryID
			if old, ok := person[k]; !ok || m.Score > old.Score {
				person[k] = m
			}
		}
	}
	keys := make([]string, 0, len(person))
	for k := range person {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		all = append(all, person[k])
		rp.Watchlist = append(rp.Watchlist, watchMatch(person[k]))
	}
	if p.Employer != "" {
		for _, m := range s.matches("employer", p.Employer, names.Query{Name: p.Employer}) {
			all = append(all, m)
			rp.Employer.Watchlist = append(rp.Employer.Watchlist, watchMatch(m))
		}
	}
	rp.Consents = consentState(a.Consents)
	return rp, all
}

// consentState reduces a consent history (oldest first) to one state per purpose: granted when
// last given, withdrawn when a grant was later withdrawn.
func consentState(history []participant.Consent) []rules.Consent {
	byPurpose := map[string]*rules.Consent{}
	var order []string
	for _, c := range history {
		st := byPurpose[c.Purpose]
		if st == nil {
			st = &rules.Consent{Purpose: c.Purpose}
			byPurpose[c.Purpose] = st
			order = append(order, c.Purpose)
		}
		if c.Granted {
			st.Granted, st.RecordedAt, st.Withdrawn, st.WithdrawnAt = true, c.RecordedAt, false, time.Time{}
		} else if st.Granted {
			st.Withdrawn, st.WithdrawnAt = true, c.RecordedAt
		}
	}
	out := []rules.Consent{}
	for _, p := range order {
		out = append(out, *byPurpose[p])
	}
	return out
}

// matchLimit bounds the list candidates kept per name.
const matchLimit = 5

// matches screens one name against the platform-wide lists (and no tenant's own lists, which
// would leak one organization's list to another through shared sessions).
func (s *Service) matches(subject, query string, q names.Query) []FlagMatch {
	var out []FlagMatch
	for _, h := range s.idx.search("", SearchInput{Name: q.Name, BirthDate: q.BirthDate, Nationality: q.Nationality,
		Employer: q.Employer, Limit: matchLimit}) {
		if h.Level < names.LevelNeedsCorroboration {
			continue
		}
		if subject == "employer" && (h.Kind == "individual" || h.Level < names.LevelProbable) {
			continue
		}
		if subject == "person" && h.Kind != "individual" && h.Kind != "" {
			continue
		}
		m := FlagMatch{Subject: subject, Query: query, ListID: h.ListID, ListTitle: h.ListTitle, EntryID: h.EntryID,
			EntryName: h.Name, MatchedName: h.Alias, Source: h.Source, Programs: h.Programs, BirthDates: h.BirthDates,
			Level: "possible", Score: h.Score, Explanation: h.Explanation}
		for _, e := range h.Explanation {
			if strings.Contains(e, " agrees") {
				m.Corroboration = append(m.Corroboration, e)
			}
		}
		if len(m.Corroboration) > 0 && h.Level >= names.LevelProbable {
			m.Level = "corroborated"
		}
		out = append(out, m)
	}
	return out
}

func watchMatch(m FlagMatch) rules.WatchlistMatch {
	src := m.Source
	if src == "" && m.ListID == "ofac-sdn" {
		src = "SDN"
	}
	return rules.WatchlistMatch{List: m.ListID, Source: src, EntryID: m.EntryID, EntryName: m.EntryName,
		Programs: nonNil(m.Programs), Level: m.Level, Corroboration: nonNil(m.Corroboration), Score: m.Score}
}

func employerOrgKind(k string) string {
	switch k {
	case "government_organ":
		return "government"
	case "public_university", "private_university":
		return "university"
	case "research_institute", "ngo", "company":
		return k
	case "state_enterprise":
		return "company"
	}
	return "other"
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t
}

func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '、' || r == '，' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
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

// Run is the background worker: it sweeps at start (the rule set or lists may have changed
// since the last run), after every list import and every interval, until ctx ends. The state
// it works from is the stored fingerprints, so a crash loses nothing: the next sweep redoes it.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 5 * time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
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
