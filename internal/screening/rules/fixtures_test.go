package rules

import (
	"sync"
	"testing"
	"testing/fstest"
	"time"

	rulefiles "github.com/tracktwo/tracktwo/configs/rules"
)

var (
	shippedOnce sync.Once
	shippedSet  *RuleSet
	shippedErr  error
)

// shipped loads configs/rules once per test binary.
func shipped(t testing.TB) *RuleSet {
	t.Helper()
	shippedOnce.Do(func() { shippedSet, shippedErr = LoadFS(rulefiles.FS, ".") })
	if shippedErr != nil {
		t.Fatalf("shipped rules do not load: %v", shippedErr)
	}
	return shippedSet
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// compliantFacts is a session in Beijing that breaks no shipped rule: a US
// NGO with a registered office, a timely filing covering the session, a
// social-organization partner, funds routed through the partner, and a US
// participant at a private university.
func compliantFacts() Facts {
	usNGO := Organization{
		ID: "org-us", Name: "Pacific Dialogue Foundation", Country: "US", Kind: OrgKindNGO, Field: FieldPolicy,
		USState: "CA",
		ONGO: ONGOStanding{Standing: StandingRegisteredOffice, OfficeNumber: "京境外非政府组织代表机构登字123号",
			OfficeAreas: []string{"Beijing"}, OfficeScope: []string{"cyber"}},
	}
	cnPartner := Partner{Present: true, Name: "China Institute of Peace Studies", NameZH: "中国和平研究会",
		UnitKind: UnitSocialOrganization, Kind: OrgKindNGO, Field: FieldPolicy, Country: "CN"}
	usPart := Participant{
		ID: "p-us", Name: "Jane Doe", Side: "US", Nationalities: []string{"US"}, Residence: "US",
		Employer:     Organization{Name: "Stanford University", Country: "US", Kind: OrgKindUniversity, USState: "CA"},
		EmployerKind: EmployerPrivateUniversity, Role: "delegate", Status: "confirmed",
	}
	cnAttendee := Attendee{ID: "p-cn", Name: "Li Wei", Side: "CN", Nationalities: []string{"CN"}, Residence: "CN",
		Employer: Organization{Name: "Peking University", NameZH: "北京大学", Country: "CN", Kind: OrgKindUniversity, Public: true}, Status: "confirmed"}
	en, zh := Place("Beijing", "Beijing")
	return Facts{
		Session: Session{
			ID: "s-1", Title: "Cyber norms round 7", Country: "CN", InMainland: true, Province: "Beijing", City: "Beijing",
			Place: en, PlaceZH: zh,
			Start: day("2025-06-20"), End: day("2025-06-21"),
			Organizers: []Organization{usNGO},
			Partner:    cnPartner,
			Filing: Filing{Filed: true, Number: "F-2025-17", FiledDate: day("2025-05-01"),
				PeriodStart: day("2025-06-01"), PeriodEnd: day("2025-07-31"), Areas: []string{"Beijing"}},
			Funding: []Funding{{Funder: usNGO, Amount: 5_000_000, Currency: "USD", RoutedThroughPartnerAccount: true}},
			Topics:  []string{"cyber"},
			Participants: []Attendee{
				{ID: usPart.ID, Name: usPart.Name, Side: "US", Nationalities: usPart.Nationalities, Residence: "US", Employer: usPart.Employer, Status: "confirmed"},
				cnAttendee,
			},
		},
		Participant: &usPart,
		Viewer:      Viewer{OrgID: "org-us", Name: "Pacific Dialogue Foundation", Country: "US", StorageCountry: "US"},
		Now:         day("2025-05-10"),
	}
}

// mainlandParticipant is the Chinese participant of compliantFacts, with a
// cross-border consent on record.
func mainlandParticipant() *Participant {
	return &Participant{
		ID: "p-cn", Name: "Li Wei", NameNative: "李伟", Side: "CN", Nationalities: []string{"CN"}, Residence: "CN",
		Employer:     Organization{Name: "Peking University", NameZH: "北京大学", Country: "CN", Kind: OrgKindUniversity, Public: true},
		EmployerKind: EmployerPublicUniversity, Role: "delegate", Status: "confirmed",
		Consents: []Consent{{Purpose: ConsentCrossBorderTransfer, Granted: true, RecordedAt: day("2025-04-01")}},
	}
}

// floridaParticipant works at a Florida public university.
func floridaParticipant() *Participant {
	return &Participant{
		ID: "p-fl", Name: "Sam Rivera", Side: "US", Nationalities: []string{"US"}, Residence: "US",
		Employer:     Organization{Name: "University of Florida", Country: "US", Kind: OrgKindUniversity, Public: true, USState: "FL"},
		EmployerKind: EmployerPublicUniversity, Status: "confirmed",
	}
}

func hitFor(hits []Hit, id string) (Hit, bool) {
	for _, h := range hits {
		if h.RuleID == id {
			return h, true
		}
	}
	return Hit{}, false
}

func shippedFile(name string) ([]byte, error) { return rulefiles.FS.ReadFile(name) }

func mapFS(files map[string][]byte) fstest.MapFS {
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: d}
	}
	return fsys
}
