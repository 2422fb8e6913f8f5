package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/paper"
)

// Position papers of the demo: for each demo session with attendees (seeded by the dialogues
// extension), a call for papers and a few papers of both sides in English and Chinese, some
// under review. Idempotent: a paper whose title already exists in the session is skipped.
func init() { extensions = append(extensions, seedPapers) }

type demoPaper struct {
	side, title, titleZH, abstract, abstractZH, lang, body string
	keywords                                               []string
	pdf, review                                            bool
	decision                                               string
}

var demoPapers = []demoPaper{
	{side: "US", title: "Confidence-building measures for critical infrastructure", titleZH: "关键基础设施领域的建立信任措施",
		abstract:   "Three measures the two governments could take to reduce the risk of escalation after an incident on critical infrastructure.",
		abstractZH: "两国政府可采取的三项措施，以降低关键基础设施事件后局势升级的风险。", lang: "bilingual",
		keywords: []string{"cyber", "critical infrastructure", "CBMs"}, review: true, decision: paper.StatusAccepted,
		body: "# Confidence-building measures for critical infrastructure\n\n## 1. Notification channels\n\nA standing channel between the two national CERTs...\n\n## 2. Restraint commitments\n\n...\n"},
	{side: "CN", title: "Norms of responsible state behaviour: a Chinese perspective", titleZH: "负责任国家行为规范：中国视角",
		abstract:   "How the 2015 UN GGE norms are read in Chinese scholarship, and where the two readings converge.",
		abstractZH: "中国学界如何理解2015年联合国政府专家组规范，以及中美两种解读的交汇之处。", lang: "zh",
		keywords: []string{"网络规范", "联合国"}, review: true,
		body: "# 负责任国家行为规范：中国视角\n\n## 一、背景\n\n2015年联合国信息安全政府专家组报告……\n\n## 二、分歧与共识\n\n……\n"},
	{side: "US", title: "Incident attribution and public evidence", titleZH: "", pdf: true,
		abstract: "When should a government publish the evidence behind an attribution? A comparison of six cases.", lang: "en",
		keywords: []string{"attribution"}},
	{side: "CN", title: "Data security law and cross-border research data", titleZH: "数据安全法与跨境科研数据",
		abstract: "", abstractZH: "《数据安全法》《个人信息保护法》对中美学术合作中跨境科研数据的影响。", lang: "zh",
		keywords: []string{"数据安全", "PIPL"},
		body:     "# 数据安全法与跨境科研数据\n\n本文讨论……\n"},
}

// demoPDF is a small valid PDF (one page, text in a built-in font).
func demoPDF(title string) []byte {
	title = strings.NewReplacer("(", "", ")", "", "\\", "").Replace(title)
	content := fmt.Sprintf("BT /F1 14 Tf 72 720 Td (%s) Tj ET", title)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

func seedPapers(ctx context.Context, a *app.App, r *Result) error {
	us, cn := r.Users[USOrganizer], r.Users[CNOrganizer]
	usAdmin, cnAdmin := r.Users[USAdmin], r.Users[CNAdmin]
	if us == nil || cn == nil || a.Dialogues == nil || a.Papers == nil {
		return nil
	}
	sessions, err := a.Dialogues.ListSessions(ctx, us.Scope(), dialogue.SessionFilter{Limit: 20})
	if err != nil {
		return fmt.Errorf("demo papers: %w", err)
	}
	for i, se := range sessions {
		if i >= 3 || se.Status == "draft" || se.Status == "declined" || se.Status == "cancelled" {
			continue
		}
		attendees, err := a.Dialogues.Attendees(ctx, us.Scope(), se.ID)
		if err != nil || len(attendees) == 0 {
			continue
		}
		authorOf := map[string]string{}
		for _, at := range attendees {
			if authorOf[at.Side] == "" {
				authorOf[at.Side] = at.ParticipantID
			}
		}
		_, call, err := a.Papers.Session(ctx, us.Scope(), se.ID)
		if err != nil {
			return fmt.Errorf("demo papers: %w", err)
		}
		if call == nil {
			deadline := se.StartsAt.Add(-14 * 24 * time.Hour)
			if deadline.Before(time.Now()) {
				deadline = time.Now().Add(30 * 24 * time.Hour)
			}
			blind := i == 0
			instr := "Position papers of 3,000–6,000 words, in English or Chinese, with an abstract in both languages."
			instrZH := "立场文件3000至6000字，中英文均可，请附中英文摘要。"
			if _, err := a.Papers.SetCall(ctx, us.Scope(), se.ID, paper.CallInput{Deadline: &deadline, Blind: &blind,
				Instructions: &instr, InstructionsZH: &instrZH}); err != nil {
				return fmt.Errorf("demo call for papers: %w", err)
			}
		}
		existing, err := a.Papers.List(ctx, us.Scope(), paper.Filter{SessionID: se.ID, Limit: 200})
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, p := range existing {
			have[p.Title] = true
		}
		for _, dp := range demoPapers {
			author, submitter, reviewer := authorOf[dp.side], us, cnAdmin
			if dp.side == "CN" {
				submitter, reviewer = cn, usAdmin
			}
			if author == "" || have[dp.title] {
				continue
			}
			content, name := []byte(dp.body), "paper.md"
			if dp.pdf {
				content, name = demoPDF(dp.title), "paper.pdf"
			}
			up, err := a.Papers.Store(ctx, submitter.Scope(), strings.NewReader(string(content)), name)
			if err != nil {
				return fmt.Errorf("demo paper file: %w", err)
			}
			kw, authors := dp.keywords, []string{author}
			p, err := a.Papers.Submit(ctx, submitter.Scope(), se.ID, paper.Input{Title: &dp.title, TitleZH: &dp.titleZH,
				Abstract: &dp.abstract, AbstractZH: &dp.abstractZH, Language: &dp.lang, Keywords: &kw, Authors: &authors}, up)
			if err != nil {
				return fmt.Errorf("demo paper %q: %w", dp.title, err)
			}
			if !dp.review || reviewer == nil {
				continue
			}
			if _, err := a.Papers.AssignReviewer(ctx, reviewer.Scope(), p.ID, paper.AssignInput{UserID: reviewer.ID}); err != nil {
				return fmt.Errorf("demo reviewer: %w", err)
			}
			if dp.decision == "" {
				continue
			}
			if _, err := a.Papers.SubmitReview(ctx, reviewer.Scope(), p.ID, paper.ReviewInput{Scores: map[string]int{"relevance": 5, "originality": 4, "clarity": 4},
				Recommendation: dp.decision, Comment: "Clear and useful; the notification channel proposal is concrete enough to discuss."}); err != nil {
				return fmt.Errorf("demo review: %w", err)
			}
			if _, err := a.Papers.Decide(ctx, reviewer.Scope(), p.ID, paper.DecisionInput{Decision: dp.decision, Note: "Accepted for the reading pack."}); err != nil {
				return fmt.Errorf("demo decision: %w", err)
			}
		}
	}
	return nil
}
