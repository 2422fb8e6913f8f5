package web_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// A session across the US daylight-saving change (8 March 2026 in America/New_York), while
// Asia/Shanghai has no DST: local wall-clock times are read in the session's zone on each side of
// the change, and the page and API show both sides' local times with the date when it differs.
func TestSessionAcrossDSTChangeInOneZone(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		r := env.Do("POST", "/api/v1/sessions", w.usTok, map[string]any{"dialogue_id": w.dialogueID, "title": "Three-day workshop",
			"format": "in_person", "city": "Washington", "country": "US", "timezone": "America/New_York",
			"starts_at": "2026-03-06T09:00", "ends_at": "2026-03-09T17:00"})
		mustStatus(t, r, 201)
		s := r.JSON()
		// 09:00 EST is 14:00Z; 17:00 EDT (after the change) is 21:00Z, not 22:00Z.
		if str(s, "starts_at") != "2026-03-06T14:00:00Z" || str(s, "ends_at") != "2026-03-09T21:00:00Z" {
			t.Fatalf("UTC conversion across DST: %s %s", str(s, "starts_at"), str(s, "ends_at"))
		}
		byZone := map[string]map[string]any{}
		for _, lt := range s["local_times"].([]any) {
			m := lt.(map[string]any)
			if m["role"] == "side" || m["role"] == "session" {
				byZone[str(m, "zone")] = m
			}
		}
		ny, sh := byZone["America/New_York"], byZone["Asia/Shanghai"]
		if ny == nil || sh == nil {
			t.Fatalf("both sides' zones expected: %v", s["local_times"])
		}
		if str(ny, "start") != "2026-03-06T09:00:00-05:00" || str(ny, "end") != "2026-03-09T17:00:00-04:00" {
			t.Fatalf("New York times: %v", ny)
		}
		// Beijing: start 22:00 the same day (13 h ahead), end 05:00 the next day (12 h ahead after the change).
		if str(sh, "start") != "2026-03-06T22:00:00+08:00" || str(sh, "end") != "2026-03-10T05:00:00+08:00" {
			t.Fatalf("Shanghai times: %v", sh)
		}
		// The session page shows both local times and the change.
		br := env.Browser()
		br.Login(w.us.Organizer)
		page := br.Get("/sessions/" + str(s, "id"))
		mustStatus(t, page, 200)
		body := string(page.Body)
		for _, want := range []string{"Session · US side · America/New_York", "Chinese side · Asia/Shanghai", "EST", "EDT",
			"Tue 10 Mar 2026 05:00 CST (&#43;1 day)"} {
			if !strings.Contains(body, want) {
				t.Fatalf("session page lacks %q: %s", want, body[strings.Index(body, "<table class=\"times\""):strings.Index(body, "</table>")])
			}
		}
		// A time in the spring-forward gap is refused with a field error.
		r = env.Do("PATCH", "/api/v1/sessions/"+str(s, "id"), w.usTok, map[string]any{"starts_at": "2026-03-08T02:30"})
		mustStatus(t, r, 422)
		if fieldErrors(r)["starts_at"] != "nonexistent_time" {
			t.Fatalf("gap: %s", r.Body)
		}
	})
}

func parseICS(t *testing.T, body []byte) *ics.Calendar {
	t.Helper()
	if !bytes.Contains(body, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(body, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatalf("iCalendar lines must end with CRLF")
	}
	for _, line := range strings.Split(string(body), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line longer than 75 octets: %q", line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse iCalendar: %v\n%s", err, body)
	}
	return cal
}

func TestCalendarFilesAndFeeds(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		long := strings.Repeat("Confidence-building measures in cyberspace; 网络空间建立信任措施, ", 3)
		sid := w.session(t, w.usTok, map[string]any{"title": long, "city": "Beijing", "country": "CN", "timezone": "Asia/Shanghai"})
		w.transition(t, w.usTok, sid, "proposed", "", 200)

		r := env.Do("GET", "/api/v1/sessions/"+sid+"/calendar.ics", w.cnTok, nil)
		mustStatus(t, r, 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("headers: %v", r.Header)
		}
		cal := parseICS(t, r.Body)
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("events: %d", len(evs))
		}
		ev := evs[0]
		if ev.Id() != sid+"@tracktwo.test" {
			t.Fatalf("UID %q", ev.Id())
		}
		start := ev.GetProperty(ics.ComponentPropertyDtStart)
		if start == nil || start.ICalParameters["TZID"][0] != "Asia/Shanghai" || start.Value != "20300312T090000" {
			t.Fatalf("DTSTART %+v", start)
		}
		for _, p := range []ics.ComponentProperty{ics.ComponentPropertyDtstamp, ics.ComponentPropertyDtEnd, ics.ComponentPropertySummary,
			ics.ComponentPropertyLocation, ics.ComponentPropertyUrl, ics.ComponentPropertyOrganizer} {
			if ev.GetProperty(p) == nil {
				t.Fatalf("missing %s", p)
			}
		}
		if got := ev.GetProperty(ics.ComponentPropertySummary).Value; !strings.Contains(got, "网络空间建立信任措施") {
			t.Fatalf("summary after unfolding: %q", got)
		}
		if len(cal.Timezones()) != 1 {
			t.Fatalf("want one VTIMEZONE")
		}
		if st := ev.GetProperty(ics.ComponentPropertyStatus); st == nil || st.Value != "TENTATIVE" {
			t.Fatalf("proposed → TENTATIVE: %+v", st)
		}
		mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid+"/calendar.ics", w.xxTok, nil), 404)

		// Feeds: per user, per organization, per dialogue; secret URLs, revocable, re-checked.
		feed := func(tok string, body map[string]any, want int) string {
			r := env.Do("POST", "/api/v1/calendar-feeds", tok, body)
			mustStatus(t, r, want)
			return strings.TrimPrefix(str(r.JSON(), "url"), "http://tracktwo.test")
		}
		userFeed := feed(w.cnTok, map[string]any{"kind": "user"}, 201)
		feed(w.cnTok, map[string]any{"kind": "org"}, 403)
		orgFeed := feed(w.cnAdminTok, map[string]any{"kind": "org"}, 201)
		dlgFeed := feed(w.cnTok, map[string]any{"kind": "dialogue", "dialogue_id": w.dialogueID}, 201)
		feed(w.xxTok, map[string]any{"kind": "dialogue", "dialogue_id": w.dialogueID}, 422)
		for _, u := range []string{userFeed, orgFeed, dlgFeed} {
			r := env.Do("GET", u, "", nil)
			mustStatus(t, r, 200)
			if n := len(parseICS(t, r.Body).Events()); n != 1 {
				t.Fatalf("%s: %d events", u, n)
			}
		}
		// A cancelled session stays in the feed as STATUS:CANCELLED.
		w.transition(t, w.usTok, sid, "cancelled", "Postponed", 200)
		ev = parseICS(t, env.Do("GET", dlgFeed, "", nil).Body).Events()[0]
		if ev.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" {
			t.Fatal("cancelled session must be STATUS:CANCELLED")
		}
		mustStatus(t, env.Do("GET", "/feeds/not-a-real-token-but-long-enough.ics", "", nil), 404)

		// Revocation ends a feed at once.
		r = env.Do("GET", "/api/v1/calendar-feeds", w.cnTok, nil)
		var userFeedID string
		for _, it := range items(r) {
			if str(it, "kind") == "user" {
				userFeedID = str(it, "id")
			}
		}
		mustStatus(t, env.Do("DELETE", "/api/v1/calendar-feeds/"+userFeedID, w.xxTok, nil), 404)
		mustStatus(t, env.Do("DELETE", "/api/v1/calendar-feeds/"+userFeedID, w.cnTok, nil), 204)
		mustStatus(t, env.Do("GET", userFeed, "", nil), 404)
		// Removing the co-convener ends its dialogue feed on the next fetch (A4, A5); its org feed
		// no longer lists the dialogue's sessions.
		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+w.dialogueID+"/conveners/"+w.cn.Org.ID, w.usAdminTok, nil), 204)
		mustStatus(t, env.Do("GET", dlgFeed, "", nil), 404)
		r = env.Do("GET", orgFeed, "", nil)
		mustStatus(t, r, 200)
		if n := len(parseICS(t, r.Body).Events()); n != 0 {
			t.Fatalf("org feed after removal lists %d events", n)
		}
		_ = time.Now
	})
}
