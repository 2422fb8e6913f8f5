package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// DemoDialogueTitle is the title of the demo's co-convened dialogue (the seed's idempotency key).
const DemoDialogueTitle = "US–China Cyber Norms Dialogue"

func init() { extensions = append(extensions, seedDialogues) }

var usPeople = [][3]string{
	{"Ellen Carter", "", "research_institute"}, {"Michael Grant", "", "private_university"}, {"Sarah Kim", "", "ngo"},
	{"David Nguyen", "", "public_university"}, {"Laura Bennett", "", "research_institute"}, {"James O'Neill", "", "ngo"},
	{"Priya Raman", "", "private_university"}, {"Thomas Weber", "", "company"}, {"Angela Ruiz", "", "public_university"},
	{"Kevin ZHAO", "赵凯文", "private_university"}, {"Rachel Stein", "", "research_institute"}, {"Mark Holloway", "", "ngo"},
	{"Helen WU", "吴海伦", "public_university"}, {"Brian Fitzgerald", "", "research_institute"}, {"Nicole Adams", "", "ngo"},
	{"Samuel Lee", "", "private_university"}, {"Catherine Moore", "", "research_institute"}, {"Peter Novak", "", "company"},
	{"Grace CHEN", "陈格蕾", "public_university"}, {"Robert Hayes", "", "ngo"},
}

var cnPeople = [][3]string{
	{"ZHANG Wei", "张伟", "public_university"}, {"LI Na", "李娜", "research_institute"}, {"WANG Fang", "王芳", "public_university"},
	{"LIU Yang", "刘洋", "research_institute"}, {"CHEN Jing", "陈静", "public_university"}, {"YANG Tao", "杨涛", "research_institute"},
	{"ZHAO Lei", "赵磊", "public_university"}, {"HUANG Min", "黄敏", "ngo"}, {"ZHOU Jie", "周杰", "research_institute"},
	{"WU Xiaoming", "吴晓明", "public_university"}, {"XU Li", "徐丽", "research_institute"}, {"SUN Hao", "孙浩", "public_university"},
	{"MA Jun", "马军", "research_institute"}, {"ZHU Hong", "朱红", "public_university"}, {"HU Bin", "胡斌", "research_institute"},
	{"GUO Qiang", "郭强", "public_university"}, {"LIN Xue", "林雪", "ngo"}, {"HE Ping", "何平", "public_university"},
	{"GAO Yan", "高燕", "research_institute"}, {"LUO Gang", "罗刚", "public_university"},
}

func sp(s string) *string { return &s }

// seedDialogues adds the demo dialogue co-convened by the two demo organizations, six sessions in
// different states and places (Washington, Beijing, Singapore, online) and twenty participants
// per side. It does nothing when the dialogue already exists.
func seedDialogues(ctx context.Context, a *app.App, r *Result) error {
	usSc, cnSc := r.Users[USOrganizer].Scope(), r.Users[CNOrganizer].Scope()
	existing, err := a.Dialogues.ListDialogues(ctx, usSc, "", 200)
	if err != nil {
		return err
	}
	for _, d := range existing {
		if d.Title == DemoDialogueTitle {
			return nil
		}
	}
	r.Created = true
	d, err := a.Dialogues.CreateDialogue(ctx, usSc, dialogue.DialogueInput{Title: sp(DemoDialogueTitle), TitleZH: sp("中美网络空间规范对话"),
		Topic: sp("Norms of responsible state behaviour in cyberspace"), HomeZone: sp("America/New_York")})
	if err != nil {
		return fmt.Errorf("demo dialogue: %w", err)
	}
	inv, err := a.Dialogues.Invite(ctx, usSc, d.ID, dialogue.InviteInput{OrgID: r.CNOrg.ID})
	if err != nil {
		return err
	}
	if _, err := a.Dialogues.AnswerInvitation(ctx, cnSc, inv.ID, true); err != nil {
		return err
	}
	var usIDs, cnIDs []string
	for i, p := range usPeople {
		pp, err := a.Participants.Create(ctx, usSc, participant.Input{NameLatin: sp(p[0]), NameNative: sp(p[1]),
			Nationality: &[]string{"US"}, ResidenceCountry: sp("US"), Employer: sp(usEmployers[i%len(usEmployers)]),
			EmployerKind: sp(p[2]), Position: sp("Senior Fellow"), Email: sp(fmt.Sprintf("us%02d@demo.example", i+1)),
			Languages: &[]string{"en"}})
		if err != nil {
			return fmt.Errorf("demo participant %s: %w", p[0], err)
		}
		usIDs = append(usIDs, pp.ID)
	}
	for i, p := range cnPeople {
		pp, err := a.Participants.Create(ctx, cnSc, participant.Input{NameLatin: sp(p[0]), NameNative: sp(p[1]),
			Nationality: &[]string{"CN"}, ResidenceCountry: sp("CN"), Employer: sp(cnEmployers[i%len(cnEmployers)]),
			EmployerKind: sp(p[2]), Position: sp("研究员"), Email: sp(fmt.Sprintf("cn%02d@demo.example", i+1)),
			Languages: &[]string{"zh", "en"}})
		if err != nil {
			return fmt.Errorf("demo participant %s: %w", p[0], err)
		}
		cnIDs = append(cnIDs, pp.ID)
	}
	// Dates relative to the seed day, in each session's own zone.
	day := func(offset int) string { return time.Now().AddDate(0, 0, offset).Format("2006-01-02") }
	type plan struct {
		by     string // "us" or "cn"
		in     dialogue.SessionInput
		steps  []string
		reason string
		us, cn int // attendees per side
	}
	plans := []plan{
		{"us", dialogue.SessionInput{Title: sp("Round 7: Critical infrastructure and ransomware"), TitleZH: sp("第七轮：关键基础设施与勒索软件"),
			Format: sp("in_person"), City: sp("Washington"), Country: sp("US"), Timezone: sp("America/New_York"),
			StartsAt: sp(day(40) + "T09:00"), EndsAt: sp(day(40) + "T17:00"), Agenda: sp("1. Opening remarks\n2. Incident notification channels\n3. Ransomware and hospitals\n4. Next steps"),
			CapacityUS: ip(12), CapacityCN: ip(12)}, []string{"proposed", "accepted", "scheduled"}, "", 8, 8},
		{"cn", dialogue.SessionInput{Title: sp("Round 8: Confidence-building measures"), TitleZH: sp("第八轮：建立信任措施"),
			Format: sp("in_person"), City: sp("Beijing"), Country: sp("CN"), Timezone: sp("Asia/Shanghai"),
			StartsAt: sp(day(75) + "T09:30"), EndsAt: sp(day(76) + "T12:00"), PartnerName: sp("Jinghua University"),
			PartnerNameZH: sp("京华大学"), PartnerUnitKind: sp("public_institution"), FilingDate: sp(day(30)),
			FilingPeriodStart: sp(day(70)), FilingPeriodEnd: sp(day(80)), FilingArea: sp("Beijing"),
			TopicTags: &[]string{"cyber", "cbm"}, Funding: &[]dialogue.FundingInput{{FunderName: "Atlantic-Pacific Dialogue Center",
				FunderCountry: "US", FunderKind: "ngo", Amount: 4500000, Currency: "USD", RoutedThroughPartnerAccount: true}}},
			[]string{"proposed"}, "", 6, 10},
		{"us", dialogue.SessionInput{Title: sp("Working group: AI and nuclear command and control"), TitleZH: sp("工作组：人工智能与核指挥控制"),
			Format: sp("hybrid"), City: sp("Singapore"), Country: sp("SG"), Timezone: sp("Asia/Singapore"),
			StartsAt: sp(day(20) + "T14:00"), EndsAt: sp(day(20) + "T18:00")}, []string{"proposed", "accepted"}, "", 4, 4},
		{"cn", dialogue.SessionInput{Title: sp("Online consultation: Submarine cables"), TitleZH: sp("线上磋商：海底光缆"),
			Format: sp("online"), Timezone: sp("Asia/Shanghai"), StartsAt: sp(day(-30) + "T20:00"), EndsAt: sp(day(-30) + "T22:00")},
			[]string{"proposed", "accepted", "scheduled", "held"}, "", 5, 5},
		{"us", dialogue.SessionInput{Title: sp("Round 9 (draft): Election infrastructure"), Format: sp("online"),
			Timezone: sp("America/New_York"), StartsAt: sp(day(120) + "T08:00"), EndsAt: sp(day(120) + "T10:00")}, nil, "", 0, 0},
		{"us", dialogue.SessionInput{Title: sp("Side meeting at the Munich conference"), TitleZH: sp("慕尼黑会议期间边会"),
			Format: sp("in_person"), City: sp("Munich"), Country: sp("DE"), Timezone: sp("Europe/Berlin"),
			StartsAt: sp(day(10) + "T18:00"), EndsAt: sp(day(10) + "T20:00")}, []string{"proposed", "cancelled"}, "Venue unavailable", 2, 0},
	}
	for _, p := range plans {
		owner, other := usSc, cnSc
		if p.by == "cn" {
			owner, other = cnSc, usSc
		}
		p.in.DialogueID = &d.ID
		se, err := a.Dialogues.CreateSession(ctx, owner, p.in)
		if err != nil {
			return fmt.Errorf("demo session %s: %w", *p.in.Title, err)
		}
		add := func(sc tenantScope, ids []string, n int, status string) error {
			for i := 0; i < n; i++ {
				if _, err := a.Dialogues.AddAttendee(ctx, sc, se.ID, dialogue.AttendeeInput{ParticipantID: ids[i], Role: sp(roleFor(i)), Status: sp(status)}); err != nil {
					return fmt.Errorf("demo attendee: %w", err)
				}
			}
			return nil
		}
		ownIDs, otherIDs, ownN, otherN := usIDs, cnIDs, p.us, p.cn
		if p.by == "cn" {
			ownIDs, otherIDs, ownN, otherN = cnIDs, usIDs, p.cn, p.us
		}
		if err := add(owner, ownIDs, ownN, "confirmed"); err != nil {
			return err
		}
		for _, step := range p.steps {
			actor := owner
			if step == "accepted" || step == "declined" {
				actor = other
			}
			if _, err := a.Dialogues.Transition(ctx, actor, se.ID, dialogue.TransitionInput{To: step, Reason: p.reason}); err != nil {
				return fmt.Errorf("demo session %s → %s: %w", *p.in.Title, step, err)
			}
			if step == "proposed" {
				if err := add(other, otherIDs, otherN, "invited"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

var usEmployers = []string{"Atlantic-Pacific Dialogue Center", "Georgetown University", "Stanford University", "Brookings Institution", "Carnegie Endowment"}
var cnEmployers = []string{"京华大学国际问题研究院", "China Institute of International Studies", "Tsinghua University", "Fudan University", "Shanghai Institutes for International Studies"}

func roleFor(i int) string {
	switch i {
	case 0:
		return "convener"
	case 1:
		return "rapporteur"
	case 2, 3:
		return "speaker"
	}
	return "delegate"
}

func ip(n int) *int { return &n }

type tenantScope = tenant.Scope
