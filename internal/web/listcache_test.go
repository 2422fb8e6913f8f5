package web_test

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestSessionListCacheFollowsEveryChange: the JSON session list serves repeated pages from its
// cache, and every change a list can show (a session's title and status, a new session, a
// dialogue's title, a co-convener's removal) is in the very next answer, for both organizations.
func TestSessionListCacheFollowsEveryChange(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		w := newI3World(t, b)
		env := w.env
		list := func(tok string) map[string]map[string]any {
			t.Helper()
			r := env.Do("GET", "/api/v1/sessions?limit=20", tok, nil)
			mustStatus(t, r, 200)
			out := map[string]map[string]any{}
			for _, it := range items(r) {
				out[str(it, "id")] = it
			}
			return out
		}
		expect := func(who, tok, sid, field, want string) {
			t.Helper()
			got, ok := list(tok)[sid]
			switch {
			case want == "" && ok:
				t.Fatalf("%s still sees session %s: %v", who, sid, got)
			case want != "" && !ok:
				t.Fatalf("%s does not see session %s", who, sid)
			case want != "" && str(got, field) != want:
				t.Fatalf("%s sees %s = %q, want %q", who, field, str(got, field), want)
			}
		}

		sid := w.session(t, w.usTok, map[string]any{"title": "Norms of restraint"})
		expect("US", w.usTok, sid, "title", "Norms of restraint")
		expect("CN before the proposal", w.cnTok, sid, "", "") // a draft stays with its organization
		hitsBefore := listCacheHits(t, env)
		expect("US again", w.usTok, sid, "title", "Norms of restraint")
		if listCacheHits(t, env) <= hitsBefore {
			t.Fatal("an unchanged list was rebuilt instead of served from the cache")
		}

		w.transition(t, w.usTok, sid, "proposed", "", 200)
		expect("CN after the proposal", w.cnTok, sid, "status", "proposed")
		expect("US after the proposal", w.usTok, sid, "status", "proposed")

		mustStatus(t, env.Do("PATCH", "/api/v1/sessions/"+sid, w.cnTok, map[string]any{"title": "Norms of restraint in cyberspace"}), 200)
		expect("US after CN's edit", w.usTok, sid, "title", "Norms of restraint in cyberspace")
		expect("CN after its edit", w.cnTok, sid, "title", "Norms of restraint in cyberspace")

		mustStatus(t, env.Do("PATCH", "/api/v1/dialogues/"+w.dialogueID, w.usTok, map[string]any{"title": "Cyber Norms Dialogue, second round"}), 200)
		expect("CN after the dialogue's new title", w.cnTok, sid, "dialogue_title", "Cyber Norms Dialogue, second round")

		other := w.session(t, w.cnTok, map[string]any{"title": "Maritime incidents"})
		w.transition(t, w.cnTok, other, "proposed", "", 200)
		expect("US after CN's new session", w.usTok, other, "title", "Maritime incidents")

		mustStatus(t, env.Do("DELETE", "/api/v1/dialogues/"+w.dialogueID+"/conveners/"+w.cn.Org.ID, w.usAdminTok, nil), 204)
		expect("CN after its removal", w.cnTok, sid, "", "")
		expect("US after removing CN", w.usTok, other, "status", "proposed")
	})
}

var listCacheHitLine = regexp.MustCompile(`(?m)^tracktwo_list_cache_lookups_total\{list="sessions",result="hit"\} (\d+)`)

// listCacheHits reads how many session-list pages the cache has served, from /metrics.
func listCacheHits(t *testing.T, env *testkit.Env) int {
	t.Helper()
	r := env.Do("GET", "/metrics", "", nil)
	mustStatus(t, r, 200)
	m := listCacheHitLine.FindSubmatch(r.Body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
