package web_test

import (
	"fmt"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The number of SQL statements behind the session page, the session list (JSON and HTML) and the
// attendee list does not grow with the number of rows (no N+1).
func TestSessionPagesQueryCountConstant(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		sid := w.session(t, w.usTok, nil)
		w.transition(t, w.usTok, sid, "proposed", "", 200)
		br := env.Browser()
		br.Login(w.us.Organizer)
		count := func(do func()) int64 {
			before := env.App.DB.Queries()
			do()
			return env.App.DB.Queries() - before
		}
		measure := func() map[string]int64 {
			return map[string]int64{
				"session page":    count(func() { mustStatus(t, br.Get("/sessions/"+sid), 200) }),
				"session json":    count(func() { mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid, w.usTok, nil), 200) }),
				"attendees json":  count(func() { mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid+"/attendees", w.usTok, nil), 200) }),
				"session list":    count(func() { mustStatus(t, env.Do("GET", "/api/v1/sessions?limit=200", w.usTok, nil), 200) }),
				"sessions page":   count(func() { mustStatus(t, br.Get("/sessions?limit=200"), 200) }),
				"registry json":   count(func() { mustStatus(t, env.Do("GET", "/api/v1/participants?limit=200", w.usTok, nil), 200) }),
				"participant cal": count(func() { mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid+"/calendar.ics", w.usTok, nil), 200) }),
			}
		}
		small := measure()
		for i := 0; i < 40; i++ {
			p := w.participant(t, w.usTok, fmt.Sprintf("Person %02d", i), "")
			mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": p}), 201)
			if i%4 == 0 {
				w.session(t, w.usTok, map[string]any{"title": fmt.Sprintf("S%d", i)})
			}
		}
		large := measure()
		for k, n := range small {
			if large[k] != n {
				t.Errorf("%s: %d statements with few rows, %d with many (N+1)", k, n, large[k])
			}
			t.Logf("%s: %d statements", k, n)
		}
	})
}
