package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/dialogue"
	"github.com/tracktwo/tracktwo/internal/participant"
)

// Issue 3's part of the route matrix: tenant B's ids for the new path parameters, the public
// routes (secret-token URLs), and B's data in the before/after snapshot.
func init() {
	for _, k := range []string{"GET /feeds/:token", "GET /rsvp/:token", "POST /rsvp/:token"} {
		publicRoutes[k] = true
	}
	matrixFixtureFuncs = append(matrixFixtureFuncs, issue3Fixtures)
	matrixSnapshotFuncs = append(matrixSnapshotFuncs, issue3Snapshot)
}

func issue3Fixtures(t *testing.T, w *world) map[string]string {
	ctx := context.Background()
	b := w.b.Organizer.Scope()
	svc, parts := w.env.App.Dialogues, w.env.App.Participants
	title := "Beta dialogue"
	d, err := svc.CreateDialogue(ctx, b, dialogue.DialogueInput{Title: &title})
	if err != nil {
		t.Fatal(err)
	}
	// An invitation of B's dialogue to a third organization (not tenant A).
	gamma := w.env.NewTenant("gamma", "US")
	inv, err := svc.Invite(ctx, b, d.ID, dialogue.InviteInput{OrgID: gamma.Org.ID})
	if err != nil {
		t.Fatal(err)
	}
	st, zone, start, end, format := "Beta session", "Asia/Shanghai", "2030-05-01T09:00", "2030-05-01T12:00", "online"
	se, err := svc.CreateSession(ctx, b, dialogue.SessionInput{DialogueID: &d.ID, Title: &st, Timezone: &zone, StartsAt: &start,
		EndsAt: &end, Format: &format})
	if err != nil {
		t.Fatal(err)
	}
	name := "BETA Person"
	p, err := parts.Create(ctx, b, participant.Input{NameLatin: &name})
	if err != nil {
		t.Fatal(err)
	}
	att, err := svc.AddAttendee(ctx, b, se.ID, dialogue.AttendeeInput{ParticipantID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	feed, err := svc.CreateFeed(ctx, b, dialogue.FeedInput{Kind: "user"})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"dialogues/:id":            d.ID,
		"conveners/:org_id":        w.b.Org.ID,
		"dialogue-invitations/:id": inv.ID,
		"sessions/:id":             se.ID,
		"attendees/:attendee_id":   att.ID,
		"calendar-feeds/:id":       feed.ID,
		"participants/:id":         p.ID,
		"feeds/:token":             strings.TrimSuffix(feed.URL[strings.LastIndex(feed.URL, "/")+1:], ".ics"),
		"rsvp/:token":              att.RSVPURL[strings.LastIndex(att.RSVPURL, "/")+1:],
	}
}

func issue3Snapshot(t *testing.T, w *world, tok string) string {
	var b strings.Builder
	for _, p := range []string{"/api/v1/dialogues", "/api/v1/sessions?status=draft", "/api/v1/participants", "/api/v1/calendar-feeds",
		"/api/v1/dialogue-invitations"} {
		r := w.env.Do("GET", p, tok, nil)
		b.WriteString(p + " " + string(r.Body) + "\n")
	}
	return b.String()
}
