package screening

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	rulefiles "github.com/tracktwo/tracktwo/configs/rules"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
	"github.com/tracktwo/tracktwo/internal/screening/watchlist"
)

// factFixture is a session's stored inputs and the service that turns them into facts.
type factFixture struct {
	svc *Service
	in  *Inputs
}

// us and cn are the attendees of the fixture session: in.Attendees[0] and [1].
func (f *factFixture) us() *AttendeeInput { return &f.in.Attendees[0] }
func (f *factFixture) cn() *AttendeeInput { return &f.in.Attendees[1] }

// factSources maps every fact path the shipped rules read to the changes of stored data (a
// column of a session, co-host, funding source, organization, participant, attendee, consent
// record, list entry or the instance's configuration) that must change it. A path read by a rule
// but missing here, or one the fact builder leaves unchanged when its source changes, fails
// TestEveryRuleFactComesFromStoredData. Lists of organizers have one change per source
// (organizer, convener, co-host).
var factSources = map[string][]func(f *factFixture){
	"participant.acts_for_organizer":        {func(f *factFixture) { f.cn().Attendee.ActsForOrganizer = true }},
	"participant.briefs_us_officials":       {func(f *factFixture) { f.us().Attendee.BriefsUSOfficials = true }},
	"participant.visiting_researcher":       {func(f *factFixture) { f.cn().Attendee.VisitingResearcher = true }},
	"participant.paid":                      {func(f *factFixture) { f.cn().Attendee.Paid = true }},
	"participant.status":                    {func(f *factFixture) { f.cn().Attendee.Status = "declined" }},
	"participant.side":                      {func(f *factFixture) { f.cn().Attendee.Side = "US" }},
	"participant.directed_by_prc_principal": {func(f *factFixture) { f.us().Participant.DirectedByPRCPrincipal = true }},
	"participant.paid_by_prc_principal":     {func(f *factFixture) { f.us().Participant.PaidByPRCPrincipal = true }},
	"participant.dod_funded":                {func(f *factFixture) { f.us().Participant.DoDFunded = true }},
	"participant.id":                        {func(f *factFixture) { f.us().Participant.ID = "p-other" }},
	"participant.name":                      {func(f *factFixture) { f.us().Participant.NameLatin = "Jane Roe" }},
	"participant.name_native":               {func(f *factFixture) { f.cn().Participant.NameNative = "李芳薇" }},
	"participant.nationalities":             {func(f *factFixture) { f.us().Participant.Nationality = []string{"US", "TW"} }},
	"participant.residence":                 {func(f *factFixture) { f.us().Participant.ResidenceCountry = "GB" }},
	"participant.employer_kind":             {func(f *factFixture) { f.us().Participant.EmployerKind = "government_organ" }},
	"participant.employer.name":             {func(f *factFixture) { f.us().Participant.Employer = "Gulf Coast College" }},
	// A free-text employer takes the Chinese name of the session's organization it names.
	"participant.employer.name_zh":                   {func(f *factFixture) { f.cn().Participant.Employer = "Jinghua University" }},
	"participant.employer.country":                   {func(f *factFixture) { f.cn().Participant.EmployerCountry = "HK" }},
	"participant.employer.kind":                      {func(f *factFixture) { f.us().Participant.EmployerKind = "company" }},
	"participant.employer.public":                    {func(f *factFixture) { f.us().Participant.EmployerPublic = false }},
	"participant.employer.us_state":                  {func(f *factFixture) { f.us().Participant.EmployerUSState = "TX" }},
	"participant.employer.hosts_confucius_institute": {func(f *factFixture) { f.us().Participant.EmployerHostsConfuciusInstitute = true }},
	"participant.consents[].granted": {func(f *factFixture) {
		f.cn().Consents = append(f.cn().Consents, participant.Consent{Purpose: "sharing", Granted: true})
	}},
	"participant.consents[].purpose": {func(f *factFixture) { f.cn().Consents[0].Purpose = "processing" }},
	"participant.consents[].withdrawn": {func(f *factFixture) {
		f.cn().Consents = append(f.cn().Consents, participant.Consent{Purpose: "cross_border_transfer", Granted: false})
	}},
	// List matches come from the names (and birth date, employer country) against the lists.
	"participant.watchlist[].level":           {func(f *factFixture) { f.cn().Participant.BirthDate = "1972-09-18" }},
	"participant.watchlist[].list":            {func(f *factFixture) { f.us().Participant.NameLatin = "WANG Jianguo" }},
	"participant.watchlist[].source":          {func(f *factFixture) { f.us().Participant.NameLatin = "WANG Jianguo" }},
	"participant.employer.watchlist[].level":  {func(f *factFixture) { f.cn().Participant.EmployerCountry = "CN" }},
	"participant.employer.watchlist[].list":   {func(f *factFixture) { f.us().Participant.Employer = "Skyline Defense Corporation" }},
	"participant.employer.watchlist[].source": {func(f *factFixture) { f.us().Participant.Employer = "Skyline Defense Corporation" }},

	"session.participants[].id":                        {func(f *factFixture) { f.cn().Participant.ID = "p-other" }},
	"session.participants[].name":                      {func(f *factFixture) { f.cn().Participant.NameLatin = "ZHOU Min" }},
	"session.participants[].name_native":               {func(f *factFixture) { f.cn().Participant.NameNative = "周敏" }},
	"session.participants[].employer.name_zh":          {func(f *factFixture) { f.cn().Participant.Employer = "jinghua  university" }},
	"session.participants[].side":                      {func(f *factFixture) { f.cn().Attendee.Side = "US" }},
	"session.participants[].talent_program":            {func(f *factFixture) { f.cn().Participant.TalentProgram = "Thousand Talents" }},
	"session.participants[].employer.name":             {func(f *factFixture) { f.cn().Participant.Employer = "Capital Normal University" }},
	"session.participants[].employer.listed_1286":      {func(f *factFixture) { f.cn().Participant.EmployerListed1286 = true }},
	"session.participants[].employer.watchlist[].list": {func(f *factFixture) { f.cn().Participant.Employer = "Skyline Defense Corporation" }},
	"session.participants[].watchlist[].level":         {func(f *factFixture) { f.cn().Participant.BirthDate = "1972-09-18" }},
	"session.participants[].watchlist[].list":          {func(f *factFixture) { f.us().Participant.NameLatin = "WANG Jianguo" }},

	"session.city": {func(f *factFixture) { f.in.Session.City = "Shanghai" }},
	"session.place": {
		func(f *factFixture) { f.in.Session.City = "Chaoyang" },
		func(f *factFixture) { f.in.Session.Province = "Hebei" },
	},
	"session.place_zh": {
		func(f *factFixture) { f.in.Session.City = "Chaoyang" },
		func(f *factFixture) { f.in.Session.Province = "Hebei" },
	},
	"session.province":                 {func(f *factFixture) { f.in.Session.Province = "Shanghai" }},
	"session.country":                  {func(f *factFixture) { f.in.Session.Country = "HK" }},
	"session.in_mainland":              {func(f *factFixture) { f.in.Session.Country, f.in.Session.InMainland = "HK", false }},
	"session.start":                    {func(f *factFixture) { f.in.Session.StartsAt = f.in.Session.StartsAt.AddDate(0, 0, 1) }},
	"session.end":                      {func(f *factFixture) { f.in.Session.EndsAt = f.in.Session.EndsAt.AddDate(0, 0, 1) }},
	"session.topics":                   {func(f *factFixture) { f.in.Session.TopicTags = []string{"political"} }},
	"session.is_partnership_agreement": {func(f *factFixture) { f.in.Session.IsPartnershipAgreement = true }},
	"session.filing.filed":             {func(f *factFixture) { f.in.Session.FilingNumber, f.in.Session.FilingDate = "", "" }},
	"session.filing.filed_date":        {func(f *factFixture) { f.in.Session.FilingDate = "2030-02-01" }},
	"session.filing.period_start":      {func(f *factFixture) { f.in.Session.FilingPeriodStart = "2030-02-01" }},
	"session.filing.period_end":        {func(f *factFixture) { f.in.Session.FilingPeriodEnd = "2030-04-30" }},
	"session.filing.areas":             {func(f *factFixture) { f.in.Session.FilingArea = "Beijing, Tianjin" }},
	"session.partner.present":          {func(f *factFixture) { f.in.Session.PartnerName, f.in.Session.PartnerUnitKind = "", "" }},
	"session.partner.name":             {func(f *factFixture) { f.in.Session.PartnerName = "Capital Forum" }},
	"session.partner.name_zh":          {func(f *factFixture) { f.in.Session.PartnerNameZH = "北京安全论坛" }},
	"session.partner.unit_kind":        {func(f *factFixture) { f.in.Session.PartnerUnitKind = "company" }},
	"session.partner.kind":             {func(f *factFixture) { f.in.Session.PartnerKind = "university" }},
	"session.partner.field":            {func(f *factFixture) { f.in.Session.PartnerField = "engineering" }},
	"session.partner.country":          {func(f *factFixture) { f.in.Session.PartnerCountry = "RU" }},

	"session.funding[].funder.name": {func(f *factFixture) { f.in.Session.Funding[0].FunderName = "Other Fund" }},
	// A funder takes the Chinese name of the session's organization it names.
	"session.funding[].funder.name_zh": {
		func(f *factFixture) { f.in.Session.Funding[0].FunderName = "Jinghua University" },
		func(f *factFixture) {
			f.in.Session.Funding[0].FunderName = "Harbour Policy Forum"
			f.in.Session.Cohosts[0].NameZH = "港湾政策论坛"
		},
	},
	"session.funding[].funder.country": {func(f *factFixture) { f.in.Session.Funding[0].FunderCountry = "GB" }},
	"session.funding[].funder.kind":    {func(f *factFixture) { f.in.Session.Funding[0].FunderKind = "company" }},
	"session.funding[].funder.ongo.standing": {func(f *factFixture) {
		f.in.Session.Funding[0].FunderONGOStatus = "registered_office"
	}},
	"session.funding[].funder.ongo.office_areas":       {func(f *factFixture) { f.in.Session.Funding[0].FunderONGOOfficeArea = "nationwide" }},
	"session.funding[].funder.ongo.office_scope":       {func(f *factFixture) { f.in.Session.Funding[0].FunderONGOOfficeScope = "cyber" }},
	"session.funding[].routed_through_partner_account": {func(f *factFixture) { f.in.Session.Funding[0].RoutedThroughPartnerAccount = true }},

	"session.organizers[].name": {
		func(f *factFixture) { f.in.Organizer.NameEN = "Renamed Center" },
		func(f *factFixture) { f.in.Conveners[1].NameEN = "Renamed University" },
		func(f *factFixture) { f.in.Session.Cohosts[0].Name = "Renamed Forum" },
	},
	"session.organizers[].name_zh": {
		func(f *factFixture) { f.in.Organizer.NameZH = "大西洋对话中心" },
		func(f *factFixture) { f.in.Conveners[1].NameZH = "京华学院" },
		func(f *factFixture) { f.in.Session.Cohosts[0].NameZH = "港湾政策论坛" },
	},
	"session.organizers[].country": {
		func(f *factFixture) { f.in.Organizer.Country = "TW" },
		func(f *factFixture) { f.in.Conveners[1].Country = "HK" },
		func(f *factFixture) { f.in.Session.Cohosts[0].Country = "MO" },
	},
	"session.organizers[].kind": {
		func(f *factFixture) { f.in.Organizer.Kind = "university" },
		func(f *factFixture) { f.in.Conveners[1].Kind = "association" },
		func(f *factFixture) { f.in.Session.Cohosts[0].Kind = "foundation" },
	},
	"session.organizers[].field": {
		func(f *factFixture) { f.in.Organizer.Field = "engineering" },
		func(f *factFixture) { f.in.Conveners[1].Field = "natural_science" },
		func(f *factFixture) { f.in.Session.Cohosts[0].Field = "mixed" },
	},
	"session.organizers[].public": {
		func(f *factFixture) { f.in.Organizer.IsPublic = true },
		func(f *factFixture) { f.in.Session.Cohosts[0].IsPublic = true },
	},
	"session.organizers[].us_state": {
		func(f *factFixture) { f.in.Organizer.USState = "FL" },
		func(f *factFixture) { f.in.Session.Cohosts[0].USState = "TX" },
	},
	"session.organizers[].ongo.standing": {
		func(f *factFixture) { f.in.Organizer.ONGOStatus = "registered_office" },
		func(f *factFixture) { f.in.Session.Cohosts[0].ONGOStatus = "temporary_filings" },
	},
	"session.organizers[].ongo.office_areas": {
		func(f *factFixture) { f.in.Organizer.ONGOOfficeArea = "Beijing" },
		func(f *factFixture) { f.in.Session.Cohosts[0].ONGOOfficeArea = "nationwide" },
	},
	"session.organizers[].ongo.office_scope": {
		func(f *factFixture) { f.in.Organizer.ONGOOfficeScope = "cyber" },
		func(f *factFixture) { f.in.Session.Cohosts[0].ONGOOfficeScope = "maritime" },
	},
	"session.organizers[].watchlist[].list": {
		func(f *factFixture) { f.in.Organizer.NameEN = "Skyline Defense Corporation" },
		func(f *factFixture) { f.in.Session.Cohosts[0].Name = "Skyline Defense Corporation" },
	},

	// The sharing context: who stores or sees the data, where, and how many US persons'.
	"viewer.name":            {func(f *factFixture) { f.in.Conveners[1].NameEN = "Renamed University" }},
	"viewer.name_zh":         {func(f *factFixture) { f.in.Conveners[1].NameZH = "京华学院" }},
	"viewer.country":         {func(f *factFixture) { f.in.Conveners[1].Country = "HK" }},
	"viewer.storage_country": {func(f *factFixture) { f.svc.storageCountry = "CN" }},
	"sharing.active": {func(f *factFixture) {
		f.cn().Participant.OrgID = f.in.Organizer.ID // every attendee now the organizer's own
	}},
	"sharing.categories[].category":   {func(f *factFixture) { f.in.Attendees = f.in.Attendees[:1] }},
	"sharing.categories[].us_persons": {func(f *factFixture) { f.in.SharedUSPersons[f.in.Conveners[1].ID] = 120000 }},
}

// derivedFacts are fact paths that are not stored data by design.
var derivedFacts = map[string]string{
	"session_flags": "the ids of the session rules that fire, computed from the session facts checked here",
	"now":           "the evaluation time",
}

func TestEveryRuleFactComesFromStoredData(t *testing.T) {
	rs, err := rules.LoadFS(rulefiles.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	paths := rs.FactPaths()
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	base := readFacts(t, newFactFixture(t, rs))
	for _, p := range sorted {
		if why, ok := derivedFacts[p]; ok {
			t.Logf("%s: derived (%s)", p, why)
			continue
		}
		changes, ok := factSources[p]
		if !ok {
			t.Errorf("rules %v read %s, which has no stored source here: store it (form, API, migration), map it in "+
				"internal/screening/facts.go and add the change of its source to factSources", paths[p], p)
			continue
		}
		for i, change := range changes {
			f := newFactFixture(t, rs)
			change(f)
			if reflect.DeepEqual(base[p], readFacts(t, f)[p]) {
				t.Errorf("rules %v read %s, but the fact builder ignores its source (change %d of %d leaves it at %v)",
					paths[p], p, i+1, len(changes), base[p])
			}
		}
	}
	for p := range factSources {
		if _, ok := paths[p]; !ok {
			t.Errorf("factSources lists %s, which no rule reads any more", p)
		}
	}
}

// readFacts evaluates every fact path in every context the rules see for the fixture: the
// session with each audience of its data, and each attendee with each audience of theirs.
func readFacts(t *testing.T, f *factFixture) map[string][]any {
	t.Helper()
	fs := f.svc.facts(f.in)
	var ctxs []rules.Facts
	add := func(p *rules.Participant, auds []rules.Audience) {
		if len(auds) == 0 {
			auds = []rules.Audience{{}}
		}
		for _, a := range auds {
			ctxs = append(ctxs, rules.Facts{Session: fs.session, Participant: p, Viewer: a.Viewer, Sharing: a.Sharing})
		}
	}
	add(nil, fs.audiences)
	for i := range fs.parts {
		add(&fs.parts[i].p, fs.parts[i].audiences)
	}
	out := map[string][]any{}
	for p := range f.svc.ruleSet().FactPaths() {
		if _, derived := derivedFacts[p]; derived {
			continue
		}
		for _, c := range ctxs {
			if strings.HasPrefix(p, "participant.") && c.Participant == nil {
				continue
			}
			v, err := rules.ReadPath(c, p)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			out[p] = append(out[p], v)
		}
	}
	return out
}

// newFactFixture is a session in Beijing, organized by a US NGO and co-convened by a Chinese
// university, with a Hong Kong co-host, a US funder, a filing and a partner; a US participant
// at a Florida public university and a Chinese participant who matches an SDN entry by name.
func newFactFixture(t *testing.T, rs *rules.RuleSet) *factFixture {
	t.Helper()
	svc := NewService(Config{Rules: rs, StorageCountry: "US"}, nil, nil, nil, time.Now, func() string { return "id" }, nil)
	addList(svc, "ofac-sdn", &watchlist.Entry{EntryID: "1", Kind: watchlist.KindIndividual, Name: "LI, Fangwei",
		BirthDates: []watchlist.BirthDate{{Text: "18 Sep 1972", Year: 1972, Month: 9, Day: 18}}, Nationalities: []string{"China"}},
		&watchlist.Entry{EntryID: "2", Kind: watchlist.KindEntity, Name: "JINGHUA PRECISION INSTRUMENTS INSTITUTE",
			Addresses: []watchlist.Address{{Country: "China"}}})
	addList(svc, "csl", &watchlist.Entry{EntryID: "3", Source: "SDN", Kind: watchlist.KindIndividual, Name: "WANG, Jianguo"})
	addList(svc, "cn-unreliable-entity", &watchlist.Entry{EntryID: "4", Kind: watchlist.KindEntity, Name: "SKYLINE DEFENSE CORPORATION"})

	start := time.Date(2030, 3, 12, 1, 0, 0, 0, time.UTC)
	usOrg := org.Organization{ID: "o-us", NameEN: "Atlantic Dialogue Center", Country: "US", Kind: "ngo", Field: "policy", ONGOStatus: "none"}
	cnOrg := org.Organization{ID: "o-cn", NameEN: "Jinghua University", NameZH: "京华大学", Country: "CN", Kind: "university",
		Field: "social_science", ONGOStatus: "not_applicable"}
	se := &dialogue.Session{ID: "s1", OrgID: usOrg.ID, Title: "Cyber norms", Format: "in_person", City: "Beijing", Province: "Beijing",
		Country: "CN", InMainland: true, StartsAt: start, EndsAt: start.Add(8 * time.Hour), TopicTags: []string{"cyber"},
		PartnerName: "Beijing Forum on Security", PartnerUnitKind: "social_organization", PartnerKind: "think_tank", PartnerField: "policy",
		FilingNumber: "TMP-1", FilingDate: "2030-03-01", FilingPeriodStart: "2030-03-01", FilingPeriodEnd: "2030-03-31", FilingArea: "Beijing",
		Funding: []dialogue.Funding{{FunderName: "Harbor Fund", FunderCountry: "US", FunderKind: "foundation", Amount: 100, Currency: "USD",
			FunderONGOStatus: "none"}},
		Cohosts: []dialogue.Cohost{{Name: "Harbour Policy Forum", Country: "HK", Kind: "ngo", Field: "policy", ONGOStatus: "none"}}}
	in := &Inputs{Session: se, Organizer: &usOrg, Conveners: []org.Organization{usOrg, cnOrg}, Owners: []org.Organization{usOrg, cnOrg},
		SharedUSPersons: map[string]int64{usOrg.ID: 0, cnOrg.ID: 1},
		Attendees: []AttendeeInput{
			{Attendee: dialogue.Attendee{Side: "US", Role: "delegate", Status: "confirmed"},
				Participant: participant.Participant{ID: "p-us", OrgID: usOrg.ID, NameLatin: "John Smith", Nationality: []string{"US"},
					ResidenceCountry: "US", Employer: "Florida Gulf University", EmployerKind: "public_university", EmployerCountry: "US",
					EmployerUSState: "FL", EmployerPublic: true}},
			{Attendee: dialogue.Attendee{Side: "CN", Role: "speaker", Status: "invited"},
				Participant: participant.Participant{ID: "p-cn", OrgID: cnOrg.ID, NameLatin: "LI Fangwei", NameNative: "李方伟",
					Nationality: []string{}, ResidenceCountry: "CN", Employer: "Jinghua Precision Instruments Institute",
					EmployerKind: "research_institute", EmployerCountry: "GB"},
				Consents: []participant.Consent{{Purpose: "cross_border_transfer", Granted: true}}},
		}}
	return &factFixture{svc: svc, in: in}
}

func addList(svc *Service, listID string, entries ...*watchlist.Entry) {
	l := newListIndex(&Watchlist{ID: "w-" + listID, ListID: listID, Title: listID})
	for _, e := range entries {
		e.ListID = listID
		l.add(e)
	}
	svc.idx.put(l)
}

// The fixture itself raises what it should: a guard against a fixture so bland that no change
// could show.
func TestFactFixtureScreensAsExpected(t *testing.T) {
	rs, err := rules.LoadFS(rulefiles.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	f := newFactFixture(t, rs)
	ev := f.svc.evaluate(f.in, f.svc.prepare(f.in))
	got := map[string]bool{}
	for _, fl := range ev.flags {
		got[fmt.Sprintf("%s/%s", fl.RuleID, fl.SubjectKey)] = true
	}
	for _, want := range []string{"US-OFAC-SDN/p-cn", "CN-ONGO-LATE-FILING/", "CN-ONGO-FUNDS-ROUTE/"} {
		if !got[want] {
			t.Errorf("fixture does not raise %s: %v", want, got)
		}
	}
}
