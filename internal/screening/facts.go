package screening

import (
	"sort"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening/names"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// factSet is everything the rules see about one session: the session's facts with the audiences
// of its data (for session rules), and each attendee's facts, list matches and audiences.
type factSet struct {
	session   rules.Session
	audiences []rules.Audience
	parts     []partFacts
}

// partFacts are the facts of one attendee.
type partFacts struct {
	att       *AttendeeInput
	p         rules.Participant
	matches   []FlagMatch
	audiences []rules.Audience
}

// facts maps a session's stored inputs to the rules' fact model. Every fact a shipped rule reads
// comes from a stored field here (facts_test.go checks it, path by path).
func (s *Service) facts(in *Inputs) factSet {
	zh := chineseNames(in)
	fs := factSet{session: s.sessionFacts(in, zh)}
	for i := range in.Attendees {
		a := &in.Attendees[i]
		p, matches := s.participantFacts(a, zh)
		fs.parts = append(fs.parts, partFacts{att: a, p: p, matches: matches})
		fs.session.Participants = append(fs.session.Participants, rules.Attendee{ID: a.Participant.ID, Name: a.Participant.NameLatin,
			NameNative: a.Participant.NameNative, Side: a.Attendee.Side, Nationalities: nonNil(a.Participant.Nationality), Residence: a.Participant.ResidenceCountry,
			Employer: p.Employer, TalentProgram: a.Participant.TalentProgram, Status: a.Attendee.Status, Watchlist: p.Watchlist})
	}
	s.addAudiences(in, &fs)
	return fs
}

// chineseNames maps the English names of the organizations a session knows — its organizer,
// conveners, the organizations of its attendees, its co-hosts and its Chinese partner — to
// their Chinese names, for the names stored without one: funders and participants' employers
// (free text) that name one of these organizations take its Chinese name. Keys are folded
// (orgNameKey); the first organization with a Chinese name wins.
func chineseNames(in *Inputs) map[string]string {
	out := map[string]string{}
	add := func(en, zh string) {
		k := orgNameKey(en)
		if _, seen := out[k]; !seen && k != "" && strings.TrimSpace(zh) != "" {
			out[k] = strings.TrimSpace(zh)
		}
	}
	if in.Organizer != nil {
		add(in.Organizer.NameEN, in.Organizer.NameZH)
	}
	for _, list := range [][]org.Organization{in.Conveners, in.Owners} {
		for _, o := range list {
			add(o.NameEN, o.NameZH)
		}
	}
	if in.Session != nil {
		for _, c := range in.Session.Cohosts {
			add(c.Name, c.NameZH)
		}
		add(in.Session.PartnerName, in.Session.PartnerNameZH)
	}
	return out
}

// orgNameKey folds an organization's name for chineseNames: case and spacing do not count.
func orgNameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// sessionFacts maps a session and its organizers to the rules' fact model; zh gives funders
// their Chinese names (chineseNames).
func (s *Service) sessionFacts(in *Inputs, zh map[string]string) rules.Session {
	se := in.Session
	sf := rules.Session{ID: se.ID, Title: se.Title, Country: se.Country, InMainland: se.InMainland || se.Country == "CN",
		Province: se.Province, City: se.City, Online: se.Format == "online", Start: se.StartsAt, End: se.EndsAt,
		Topics: nonNil(se.TopicTags), IsPartnershipAgreement: se.IsPartnershipAgreement}
	sf.Place, sf.PlaceZH = rules.Place(se.City, se.Province)
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
		sf.Organizers = append(sf.Organizers, s.cohostFacts(c))
	}
	if se.PartnerName != "" || se.PartnerNameZH != "" || se.PartnerUnitKind != "" {
		country := se.PartnerCountry
		if country == "" {
			country = "CN" // the Chinese partner unit
		}
		sf.Partner = rules.Partner{Present: true, Name: se.PartnerName, NameZH: se.PartnerNameZH, UnitKind: se.PartnerUnitKind,
			Kind: se.PartnerKind, Field: fieldOf(se.PartnerField), Country: country}
	}
	if se.FilingNumber != "" || se.FilingDate != "" {
		sf.Filing = rules.Filing{Filed: true, Number: se.FilingNumber, FiledDate: day(se.FilingDate),
			PeriodStart: day(se.FilingPeriodStart), PeriodEnd: day(se.FilingPeriodEnd), Areas: splitList(se.FilingArea)}
	}
	for _, f := range se.Funding {
		sf.Funding = append(sf.Funding, rules.Funding{Funder: rules.Organization{Name: f.FunderName, NameZH: zh[orgNameKey(f.FunderName)], Country: f.FunderCountry,
			Kind: f.FunderKind, ONGO: standingOf(f.FunderONGOStatus, "", f.FunderONGOOfficeArea, f.FunderONGOOfficeScope)},
			Amount: f.Amount, Currency: f.Currency, RoutedThroughPartnerAccount: f.RoutedThroughPartnerAccount})
	}
	return sf
}

// orgFacts maps an organization (a tenant) to the rules' organization.
func (s *Service) orgFacts(o *org.Organization) rules.Organization {
	kind := o.Kind
	if kind == "association" {
		kind = rules.OrgKindAcademicOrganization
	}
	rf := rules.Organization{ID: o.ID, Name: o.NameEN, NameZH: o.NameZH, Country: o.Country, Kind: kind, Field: fieldOf(o.Field),
		Public: o.IsPublic, USState: o.USState, HostsConfuciusInstitute: o.HostsConfuciusInstitute,
		ONGO: standingOf(o.ONGOStatus, o.ONGORegistrationNumber, o.ONGOOfficeArea, o.ONGOOfficeScope)}
	rf.Watchlist = s.entityMatches(o.NameEN, o.Country)
	return rf
}

// cohostFacts maps a session's co-host to the rules' organization.
func (s *Service) cohostFacts(c dialogue.Cohost) rules.Organization {
	return rules.Organization{Name: c.Name, NameZH: c.NameZH, Country: c.Country, Kind: c.Kind, Field: fieldOf(c.Field),
		Public: c.IsPublic, USState: c.USState, ONGO: standingOf(c.ONGOStatus, "", c.ONGOOfficeArea, c.ONGOOfficeScope),
		Watchlist: s.entityMatches(c.Name, c.Country)}
}

// entityMatches screens an organization's name against the lists' entity entries; its country
// corroborates a match (an entry's addresses give the entity's country).
func (s *Service) entityMatches(name, country string) []rules.WatchlistMatch {
	var out []rules.WatchlistMatch
	for _, m := range s.matches("employer", name, names.Query{Name: name, Nationality: country}) {
		out = append(out, watchMatch(m))
	}
	return out
}

// standingOf maps an organization's Overseas NGO Law standing (org.ONGOStatuses) to the rules'.
func standingOf(status, number, area, scope string) rules.ONGOStanding {
	st := rules.StandingNone
	switch status {
	case "registered_office":
		st = rules.StandingRegisteredOffice
	case "temporary_filings":
		st = rules.StandingTemporaryFiling
	}
	return rules.ONGOStanding{Standing: st, OfficeNumber: number, OfficeAreas: splitList(area), OfficeScope: splitList(scope)}
}

// fieldOf maps an organization's field (org.Fields) to the rules' ("mixed" is "other").
func fieldOf(f string) string {
	if f == "mixed" {
		return rules.FieldOther
	}
	return f
}

// participantFacts maps one attendee to the rules' participant and screens the person and the
// employer against the lists; zh gives the employer its Chinese name (chineseNames).
func (s *Service) participantFacts(a *AttendeeInput, zh map[string]string) (rules.Participant, []FlagMatch) {
	p := a.Participant
	rp := rules.Participant{ID: p.ID, Name: p.NameLatin, NameNative: p.NameNative, Side: a.Attendee.Side,
		Nationalities: nonNil(p.Nationality), Residence: p.ResidenceCountry, EmployerKind: p.EmployerKind,
		Role: a.Attendee.Role, Status: a.Attendee.Status, DoDFunded: p.DoDFunded, TalentProgram: p.TalentProgram,
		BirthDate: day(p.BirthDate), Paid: a.Attendee.Paid, ActsForOrganizer: a.Attendee.ActsForOrganizer,
		VisitingResearcher: a.Attendee.VisitingResearcher, BriefsUSOfficials: a.Attendee.BriefsUSOfficials,
		DirectedByPRCPrincipal: p.DirectedByPRCPrincipal, PaidByPRCPrincipal: p.PaidByPRCPrincipal}
	rp.Employer = rules.Organization{Name: p.Employer, NameZH: zh[orgNameKey(p.Employer)], Country: p.EmployerCountry, Kind: employerOrgKind(p.EmployerKind),
		Public: p.EmployerPublic, USState: p.EmployerUSState, HostsConfuciusInstitute: p.EmployerHostsConfuciusInstitute,
		Listed1286: p.EmployerListed1286, ONGO: rules.ONGOStanding{Standing: rules.StandingNone}}
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
		for _, m := range s.matches("employer", p.Employer, names.Query{Name: p.Employer, Nationality: p.EmployerCountry}) {
			all = append(all, m)
			rp.Employer.Watchlist = append(rp.Employer.Watchlist, watchMatch(m))
		}
	}
	rp.Consents = consentState(a.Consents)
	return rp, all
}

// addAudiences fills the sharing context of the data-protection rules: who stores or sees whose
// personal data through the session. An attendee's data is stored by the organization that
// registered them (on the platform's storage, in StorageCountry) and shown — name, affiliation,
// role — to every other organization that organizes or convenes the session. The session's data
// (its attendees) is shared with each of its organizers, who sees the other organizations'
// attendees: sharing.categories counts the US persons whose identifiers became accessible to it
// through its dialogues in the 12 months before the session.
func (s *Service) addAudiences(in *Inputs, fs *factSet) {
	orgs := map[string]*org.Organization{}
	var organizers []*org.Organization
	note := func(o *org.Organization, organizer bool) {
		if o == nil || orgs[o.ID] != nil {
			return
		}
		orgs[o.ID] = o
		if organizer {
			organizers = append(organizers, o)
		}
	}
	note(in.Organizer, true)
	for i := range in.Conveners {
		note(&in.Conveners[i], true)
	}
	for i := range in.Owners {
		note(&in.Owners[i], false)
	}
	audienceOf := func(o *org.Organization, sharing bool) rules.Audience {
		a := rules.Audience{Viewer: rules.Viewer{OrgID: o.ID, Name: o.NameEN, NameZH: o.NameZH, Country: o.Country,
			StorageCountry: s.storageCountry}}
		if sharing {
			a.Sharing = rules.Sharing{Active: true, Categories: []rules.DataCategory{
				{Category: "personal_identifiers", USPersons: in.SharedUSPersons[o.ID]}}}
		}
		return a
	}
	others := func(owner string) bool {
		for _, a := range in.Attendees {
			if a.Participant.OrgID != owner {
				return true
			}
		}
		return false
	}
	for _, o := range organizers {
		fs.audiences = append(fs.audiences, audienceOf(o, others(o.ID)))
	}
	for i := range fs.parts {
		pt := &fs.parts[i]
		owner := pt.att.Participant.OrgID
		if o := orgs[owner]; o != nil {
			pt.audiences = append(pt.audiences, audienceOf(o, false))
		}
		for _, o := range organizers {
			if o.ID != owner {
				pt.audiences = append(pt.audiences, audienceOf(o, true))
			}
		}
	}
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
		MatchedName: m.MatchedName, Programs: nonNil(m.Programs), Level: m.Level, Corroboration: nonNil(m.Corroboration), Score: m.Score}
}

// employerOrgKind maps a participant's employer kind (rules.EmployerKinds) to the organization
// kind of the employer (rules.OrgKinds).
func employerOrgKind(k string) string {
	switch k {
	case rules.EmployerGovernmentOrgan, rules.EmployerMilitary:
		return rules.OrgKindGovernment
	case rules.EmployerPublicUniversity, rules.EmployerPrivateUniversity:
		return rules.OrgKindUniversity
	case rules.EmployerResearchInstitute, rules.EmployerNGO, rules.EmployerCompany:
		return k
	case rules.EmployerStateEnterprise:
		return rules.OrgKindCompany
	}
	return rules.OrgKindOther
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
