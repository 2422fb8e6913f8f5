package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
)

// DemoFactsSession is the title of the demo session whose attendees raise the research-security
// and FARA flags (the seed's idempotency key).
const DemoFactsSession = "Tampa workshop on ocean sensing research security"

func init() { extensions = append(extensions, seedScreeningFacts) }

// seedScreeningFacts adds a session in Tampa co-hosted by a Florida public university, with
// attendees whose stored facts raise US-FARA (a US consultant paid by a PRC principal who will
// brief US officials), US-FL-VISITING-RESEARCHER (a researcher from China hosted as a visiting
// researcher) and US-DOD-1286 (a DoD-funded US researcher meeting someone whose employer is on
// the Section 1286 list). Every flag comes from what the forms and the API store.
func seedScreeningFacts(ctx context.Context, a *app.App, r *Result) error {
	usSc, cnSc := r.Users[USOrganizer].Scope(), r.Users[CNOrganizer].Scope()
	sessions, err := a.Dialogues.ListSessions(ctx, usSc, dialogue.SessionFilter{Limit: 500})
	if err != nil {
		return err
	}
	dialogueID := ""
	for _, s := range sessions {
		if s.Title == DemoFactsSession {
			return nil
		}
		if s.DialogueTitle == DemoDialogueTitle {
			dialogueID = s.DialogueID
		}
	}
	if dialogueID == "" {
		return fmt.Errorf("demo screening facts: the demo dialogue is missing")
	}
	r.Created = true
	start := time.Now().AddDate(0, 0, 70).Format("2006-01-02")
	se, err := a.Dialogues.CreateSession(ctx, usSc, dialogue.SessionInput{DialogueID: &dialogueID, Title: sp(DemoFactsSession),
		TitleZH: sp("坦帕海洋传感研究安全研讨会"), Format: sp("in_person"), City: sp("Tampa"), Province: sp("Florida"),
		Country: sp("US"), Timezone: sp("America/New_York"), StartsAt: sp(start + "T09:00"), EndsAt: sp(start + "T17:00"),
		TopicTags: &[]string{"maritime", "research_security"},
		Cohosts: &[]dialogue.CohostInput{{Name: "Gulf Coast State University", NameZH: "墨西哥湾沿岸州立大学", Country: "US",
			Kind: "university", Field: "engineering", IsPublic: true, USState: "FL", ONGOStatus: "none"}}})
	if err != nil {
		return fmt.Errorf("demo facts session: %w", err)
	}
	if _, err := a.Dialogues.Transition(ctx, usSc, se.ID, dialogue.TransitionInput{To: "proposed"}); err != nil {
		return fmt.Errorf("demo facts session → proposed: %w", err)
	}
	people := []struct {
		sc    bool // true: the Chinese university's registry
		in    participant.Input
		facts dialogue.AttendeeInput
	}{
		{false, participant.Input{NameLatin: sp("Robert HALE"), Nationality: &[]string{"US"}, ResidenceCountry: sp("US"),
			Employer: sp("Hale Strategic Advisory"), EmployerKind: sp("company"), EmployerCountry: sp("US"),
			Position: sp("Principal"), Email: sp("robert.hale@demo.example"), PaidByPRCPrincipal: ptr(true)},
			dialogue.AttendeeInput{Role: sp("speaker"), Status: sp("confirmed"), BriefsUSOfficials: ptr(true)}},
		{false, participant.Input{NameLatin: sp("Sarah KIM"), Nationality: &[]string{"US"}, ResidenceCountry: sp("US"),
			Employer: sp("Gulf Coast State University"), EmployerKind: sp("public_university"), EmployerUSState: sp("FL"),
			EmployerPublic: ptr(true), Position: sp("Associate Professor of Ocean Engineering"), DoDFunded: ptr(true),
			Email: sp("sarah.kim@demo.example")},
			dialogue.AttendeeInput{Role: sp("convener"), Status: sp("confirmed")}},
		{true, participant.Input{NameLatin: sp("CHEN Yu"), NameNative: sp("陈宇"), Nationality: &[]string{"CN"}, ResidenceCountry: sp("CN"),
			Employer: sp("Harbin Institute of Technology"), EmployerKind: sp("public_university"), EmployerCountry: sp("CN"),
			EmployerListed1286: ptr(true), Position: sp("Lecturer in Marine Acoustics"), Email: sp("chen.yu@demo.example")},
			dialogue.AttendeeInput{Role: sp("delegate"), Status: sp("invited"), VisitingResearcher: ptr(true)}},
	}
	for _, p := range people {
		sc := usSc
		if p.sc {
			sc = cnSc
		}
		pt, err := a.Participants.Create(ctx, sc, p.in)
		if err != nil {
			return fmt.Errorf("demo participant %s: %w", *p.in.NameLatin, err)
		}
		p.facts.ParticipantID = pt.ID
		if _, err := a.Dialogues.AddAttendee(ctx, sc, se.ID, p.facts); err != nil {
			return fmt.Errorf("demo attendee %s: %w", *p.in.NameLatin, err)
		}
	}
	return nil
}
