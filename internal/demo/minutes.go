package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/commitment"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/minutes"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

func init() { extensions = append(extensions, seedMinutes) }

// seedMinutes writes agreed minutes for the demo's held session (statements at all three
// attribution levels) and a dozen commitments with assessment histories. It does nothing when
// the held session already has minutes.
func seedMinutes(ctx context.Context, a *app.App, r *Result) error {
	usSc, cnSc := r.Users[USOrganizer].Scope(), r.Users[CNOrganizer].Scope()
	held, err := a.Dialogues.ListSessions(ctx, usSc, dialogue.SessionFilter{Status: dialogue.StatusHeld, Limit: 20})
	if err != nil {
		return err
	}
	if len(held) == 0 {
		return nil // no held demo session (the sessions seed did not run)
	}
	se := held[0]
	m, err := a.Minutes.Get(ctx, usSc, se.ID)
	if err != nil {
		return fmt.Errorf("demo minutes: %w", err)
	}
	if m.Saved {
		return nil
	}
	r.Created = true
	var us, cn []string
	for _, sp := range m.Speakers {
		if sp.Side == "CN" {
			cn = append(cn, sp.ID)
		} else {
			us = append(us, sp.ID)
		}
	}
	if len(us) < 2 || len(cn) < 2 {
		return fmt.Errorf("demo minutes: the held session needs two attendees per side, has %d and %d", len(us), len(cn))
	}
	st := func(id, speaker string, at minutes.Attribution, en, zh string) minutes.Statement {
		return minutes.Statement{ID: id, SpeakerID: speaker, Attribution: at, TextEN: en, TextZH: zh}
	}
	doc := &minutes.Document{Revision: m.Doc.Revision, Version: 1, Status: minutes.StatusDraft, AuthoritativeLanguage: minutes.LangEN,
		Items: []minutes.Item{
			{ID: "item-cables-1", TitleEN: "Protection of submarine cables", TitleZH: "海底光缆的保护",
				NotesEN:           "Participants reviewed recent cable cuts in the region and the repair capacity of both sides.",
				NotesZH:           "与会者回顾了近期该地区的光缆中断事件以及双方的维修能力。",
				KeyPoints:         []minutes.Text{{TextEN: "Repair ships are scarce and slow to permit", TextZH: "维修船只稀缺且许可缓慢"}},
				Decisions:         []minutes.Text{{TextEN: "Compile a joint list of repair points of contact", TextZH: "共同编制维修联络人名单"}},
				ActionItems:       []minutes.ActionItem{{ID: "act-contacts", TextEN: "Exchange repair points of contact", TextZH: "交换维修联络人", Owner: "Both conveners", Due: time.Now().AddDate(0, 0, 14).Format(time.DateOnly)}},
				TranslationStatus: minutes.TranslationVerified,
				Statements: []minutes.Statement{
					st("st-c1", us[0], minutes.AttributionAttributed, "We propose a standing notification channel for cable incidents.", "我们建议为光缆事件建立常设通报渠道。"),
					st("st-c2", cn[0], minutes.AttributionChatham, "Repair permits should be processed within days, not weeks.", "维修许可应在数日内而非数周内处理完毕。"),
					st("st-c3", us[1], minutes.AttributionOffRecord, "Our agencies have not agreed a position on permits yet.", "我方各机构尚未就许可问题达成一致立场。"),
				}},
			{ID: "item-cables-2", TitleEN: "Data localisation and cable landing stations", TitleZH: "数据本地化与光缆登陆站",
				NotesEN: "Discussion of security reviews for landing stations.", NotesZH: "讨论了登陆站的安全审查。",
				KeyPoints:         []minutes.Text{{TextEN: "Security reviews differ widely", TextZH: "安全审查差异很大"}},
				Decisions:         []minutes.Text{{TextEN: "Return to the topic at Round 8", TextZH: "在第八轮继续讨论"}},
				ActionItems:       []minutes.ActionItem{{ID: "act-paper", TextEN: "Commission a comparative paper on landing-station reviews", TextZH: "委托撰写登陆站审查比较论文", Owner: "Jinghua University", Due: time.Now().AddDate(0, 2, 0).Format(time.DateOnly)}},
				TranslationStatus: minutes.TranslationDraft,
				Statements: []minutes.Statement{
					st("st-d1", cn[1], minutes.AttributionAttributed, "Transparency about review criteria would build confidence.", "公开审查标准将有助于建立信任。"),
					st("st-d2", us[0], minutes.AttributionChatham, "Some reviews are used to exclude foreign operators.", "一些审查被用来排除外国运营商。"),
					st("st-d3", cn[0], minutes.AttributionOffRecord, "The ministry may relax the rule next year.", "部委明年可能放宽该规定。"),
				}},
		}}
	if _, err = a.Minutes.Save(ctx, usSc, se.ID, doc); err != nil {
		return fmt.Errorf("demo minutes: %w", err)
	}
	for _, step := range []struct {
		sc tenant.Scope
		to string
	}{{usSc, "circulated"}, {usSc, "agreed"}, {cnSc, "agreed"}} {
		if _, err = a.Minutes.Transition(ctx, step.sc, se.ID, step.to); err != nil {
			return fmt.Errorf("demo minutes %s: %w", step.to, err)
		}
	}
	return seedCommitments(ctx, a, r, se)
}

// seedCommitments adds twelve commitments of the demo dialogue with interim and final
// assessments, one recalibration, and due dates in the past, within a month and later.
func seedCommitments(ctx context.Context, a *app.App, r *Result, se dialogue.Session) error {
	usSc, cnSc := r.Users[USOrganizer].Scope(), r.Users[CNOrganizer].Scope()
	day := func(offset int) string { return time.Now().AddDate(0, 0, offset).Format(time.DateOnly) }
	type plan struct {
		en, zh  string
		parties []string
		due     int
		marks   [][3]int // progress index, US score, CN score (9 = not scored)
	}
	us, cn := "US", "CN"
	plans := []plan{
		{"Accelerate official cyber exchanges", "加快官方网络交流", []string{us, cn}, -60, [][3]int{{2, 1, 0}, {3, 1, 1}}},
		{"Prosecute unauthorised access to computer systems", "起诉未经授权访问计算机系统的行为", []string{us, cn}, -20, [][3]int{{1, 0, -1}}},
		{"Exchange repair points of contact for submarine cables", "交换海底光缆维修联络人", []string{us, cn}, 14, [][3]int{{2, 1, 0}}},
		{"Publish landing-station review criteria", "公布登陆站审查标准", []string{cn}, 25, nil},
		{"Hold a tabletop exercise on cable incidents", "举行光缆事件桌面推演", []string{us, cn}, 90, [][3]int{{1, 9, 9}}},
		{"Notify incidents affecting hospitals within 72 hours", "在72小时内通报影响医院的事件", []string{us, cn}, -5, [][3]int{{2, 0, 0}, {4, 1, 1}}},
		{"Create a joint glossary of cyber terms", "编制网络术语联合词汇表", []string{r.USOrg.ID, r.CNOrg.ID}, 30, [][3]int{{3, 1, 1}}},
		{"Refrain from attacks on financial market infrastructure", "不攻击金融市场基础设施", []string{us, cn}, 180, [][3]int{{0, 9, 9}}},
		{"Share ransomware indicators through CERTs", "通过计算机应急响应组共享勒索软件指标", []string{us, cn}, -90, [][3]int{{2, 1, -1}, {2, 1, 0}}},
		{"Invite observers to each other's exercises", "邀请对方观察演习", []string{cn}, 120, [][3]int{{1, 9, -1}}},
		{"Fund two visiting fellowships", "资助两个访问学者职位", []string{r.USOrg.ID}, 10, [][3]int{{3, 1, 9}}},
		{"Translate the norms report into Chinese", "将规范报告译成中文", []string{r.USOrg.ID, r.CNOrg.ID}, -1, [][3]int{{4, 1, 1}}},
	}
	for i, p := range plans {
		sc := usSc
		if i%2 == 1 {
			sc = cnSc
		}
		en, zh, due := p.en, p.zh, day(p.due)
		parties := p.parties
		action := ""
		if i == 2 {
			action = "act-contacts"
		}
		c, err := a.Commitments.Create(ctx, sc, commitment.Input{SessionID: &se.ID, TitleEN: &en, TitleZH: &zh, Parties: &parties,
			Due: &due, Owner: ptr("Conveners of both sides"), ActionItemID: &action, Verifiability: ptr([]string{"high", "medium", "low"}[i%3])})
		if err != nil {
			return fmt.Errorf("demo commitment %q: %w", en, err)
		}
		var prevID string
		for k, mk := range p.marks {
			in := commitment.AssessmentInput{Stage: "interim", Progress: string(commitment.ProgressScale[mk[0]]),
				Evidence: fmt.Sprintf("Readouts and public statements reviewed (%d).", k+1), Assessor: "Demo assessment panel",
				AssessedAt: day(-120 + 40*k + i), EvidenceLinks: []string{"https://example.org/evidence/" + fmt.Sprint(i+1)}}
			if k == len(p.marks)-1 && k > 0 && i%3 == 0 {
				in.Stage = "final"
			}
			if i == 8 && k == 1 {
				in.Supersedes, in.Reason = prevID, "New evidence of CN participation in the CERT exchange"
			}
			for j, party := range p.parties {
				score := mk[1]
				if j == 1 || party == cn || party == r.CNOrg.ID {
					score = mk[2]
				}
				if score != 9 {
					in.Compliance = append(in.Compliance, commitment.PartyScore{Party: party, Score: commitment.Score(score)})
				}
			}
			st, err := a.Commitments.Assess(ctx, sc, c.ID, in)
			if err != nil {
				return fmt.Errorf("demo assessment of %q: %w", en, err)
			}
			prevID = st.ID
		}
	}
	return nil
}
