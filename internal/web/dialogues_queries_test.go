package web_test

import (
	"fmt"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// The number of SQL statements behind the session page, the session list (JSON and HTML), the
// attendee list and the registry (list and search) does not grow with the number of rows (no N+1):
// the same with 10 and with 100 attendees, participants and sessions.
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
				"registry search": count(func() { mustStatus(t, env.Do("GET", "/api/v1/participants?q=person&limit=200", w.usTok, nil), 200) }),
				"participant cal": count(func() { mustStatus(t, env.Do("GET", "/api/v1/sessions/"+sid+"/calendar.ics", w.usTok, nil), 200) }),
			}
		}
		grow := func(from, to int) {
			for i := from; i < to; i++ {
				p := w.participant(t, w.usTok, fmt.Sprintf("Person %03d", i), "")
				mustStatus(t, env.Do("POST", "/api/v1/sessions/"+sid+"/attendees", w.usTok, map[string]any{"participant_id": p}), 201)
				w.session(t, w.usTok, map[string]any{"title": fmt.Sprintf("S%03d", i)})
			}
		}
		grow(0, 10)
		small := measure()
		grow(10, 100)
		large := measure()
		for k, n := range small {
			if large[k] != n {
				t.Errorf("%s: %d statements with 10 rows, %d with 100 (N+1)", k, n, large[k])
			}
			t.Logf("%s: %d statements", k, n)
		}
	})
}
