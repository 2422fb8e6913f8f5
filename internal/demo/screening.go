package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/screening"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

//go:embed sdn/*.csv
var demoSDN embed.FS

// Demo screening session titles (the seed's idempotency keys).
const (
	DemoUnfiledSession = "Beijing workshop on data governance (no filing)"
	DemoLateSession    = "Kunming roundtable on Mekong water data (late filing)"
)

func init() { extensions = append(extensions, seedScreening) }

// seedScreening imports a two-entry excerpt of the SDN list (unless an SDN list is already in
// force), and adds to the demo dialogue a session in Beijing by the US NGO without a filing, a
// session with a late filing, a participant who matches an SDN alias by name only ("needs
// corroboration") and one who matches with the birth date; then it computes the flags.
func seedScreening(ctx context.Context, a *app.App, r *Result) error {
	usSc, cnSc := r.Users[USOrganizer].Scope(), r.Users[CNOrganizer].Scope()
	sessions, err := a.Dialogues.ListSessions(ctx, usSc, dialogue.SessionFilter{Limit: 200})
	if err != nil {
		return err
	}
	var dialogueID string
	for _, s := range sessions {
		if s.Title == DemoUnfiledSession {
			return nil
		}
		if s.DialogueTitle == DemoDialogueTitle || dialogueID == "" {
			dialogueID = s.DialogueID
		}
	}
	if dialogueID == "" {
		return fmt.Errorf("demo screening: the demo dialogue is missing")
	}
	r.Created = true
	lists, err := a.Screening.Watchlists(ctx, usSc)
	if err != nil {
		return err
	}
	haveSDN := false
	for _, l := range lists {
		haveSDN = haveSDN || (l.ListID == "ofac-sdn" && l.EntryCount > 0)
	}
	if !haveSDN {
		sub, _ := fs.Sub(demoSDN, "sdn")
		if _, err := a.Screening.Import(ctx, tenant.Scope{PlatformAdmin: true, Role: tenant.RoleOwner}, screening.ImportInput{
			Format: screening.FormatOFAC, Shared: true, Title: "OFAC SDN (demo excerpt, 2019)", Files: sub,
			Names: []string{"sdn.csv", "alt.csv", "add.csv"}}); err != nil {
			return fmt.Errorf("demo SDN excerpt: %w", err)
		}
	}
	zhang, err := a.Participants.Create(ctx, usSc, participant.Input{NameLatin: sp("ZHANG Wei"), NameNative: sp("张伟"),
		Nationality: &[]string{}, ResidenceCountry: sp("US"), Employer: sp("Georgetown University"),
		EmployerKind: sp("private_university"), Position: sp("Visiting Scholar"), Email: sp("zhang.wei@demo.example")})
	if err != nil {
		return fmt.Errorf("demo participant ZHANG Wei: %w", err)
	}
	li, err := a.Participants.Create(ctx, cnSc, participant.Input{NameLatin: sp("LI Fangwei"), NameNative: sp("李方伟"),
		Nationality: &[]string{"CN"}, ResidenceCountry: sp("CN"), Employer: sp("Dalian Trading Research Centre"),
		EmployerKind: sp("company"), BirthDate: sp("1972-09-18"), Email: sp("li.fangwei@demo.example")})
	if err != nil {
		return fmt.Errorf("demo participant LI Fangwei: %w", err)
	}
	day := func(offset int) string { return time.Now().AddDate(0, 0, offset).Format("2006-01-02") }
	unfiled, err := a.Dialogues.CreateSession(ctx, usSc, dialogue.SessionInput{DialogueID: &dialogueID, Title: sp(DemoUnfiledSession),
		TitleZH: sp("北京数据治理研讨会（未备案）"), Format: sp("in_person"), City: sp("Beijing"), Province: sp("Beijing"),
		Country: sp("CN"), Timezone: sp("Asia/Shanghai"), StartsAt: sp(day(50) + "T09:00"), EndsAt: sp(day(50) + "T17:00"),
		TopicTags: &[]string{"data"}})
	if err != nil {
		return fmt.Errorf("demo session: %w", err)
	}
	late, err := a.Dialogues.CreateSession(ctx, usSc, dialogue.SessionInput{DialogueID: &dialogueID, Title: sp(DemoLateSession),
		TitleZH: sp("昆明湄公河水文数据圆桌会（备案过晚）"), Format: sp("in_person"), City: sp("Kunming"), Province: sp("Yunnan"),
		Country: sp("CN"), Timezone: sp("Asia/Shanghai"), StartsAt: sp(day(60) + "T09:00"), EndsAt: sp(day(60) + "T17:00"),
		PartnerName: sp("Jinghua University"), PartnerNameZH: sp("京华大学"), PartnerUnitKind: sp("public_institution"),
		FilingNumber: sp("YN-TMP-0421"), FilingDate: sp(day(55)), FilingPeriodStart: sp(day(58)), FilingPeriodEnd: sp(day(62)),
		FilingArea: sp("Yunnan")})
	if err != nil {
		return fmt.Errorf("demo session: %w", err)
	}
	for _, id := range []string{unfiled.ID, late.ID} {
		if _, err := a.Dialogues.Transition(ctx, usSc, id, dialogue.TransitionInput{To: "proposed"}); err != nil {
			return fmt.Errorf("demo session → proposed: %w", err)
		}
	}
	if _, err := a.Dialogues.AddAttendee(ctx, usSc, unfiled.ID, dialogue.AttendeeInput{ParticipantID: zhang.ID, Role: sp("speaker"), Status: sp("confirmed")}); err != nil {
		return fmt.Errorf("demo attendee: %w", err)
	}
	if _, err := a.Dialogues.AddAttendee(ctx, cnSc, unfiled.ID, dialogue.AttendeeInput{ParticipantID: li.ID, Role: sp("delegate"), Status: sp("invited")}); err != nil {
		return fmt.Errorf("demo attendee: %w", err)
	}
	if _, err := a.Screening.Sweep(ctx); err != nil {
		return fmt.Errorf("demo screening: %w", err)
	}
	return nil
}
