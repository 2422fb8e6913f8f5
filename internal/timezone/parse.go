package timezone

import (
	"sort"
	"strings"
	"time"
)

// localLayouts are the forms accepted by ParseLocal: HTML datetime-local values, with or
// without seconds, with "T" or a space between date and time.
var localLayouts = []string{
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
}

// Parsed is a user-entered local time resolved to an instant.
type Parsed struct {
	// UTC is the instant in UTC. For an ambiguous input it is the earlier of the two instants
	// (the first time the wall clock shows it, still on the old offset).
	UTC time.Time
	// Ambiguous is true when the local time occurs twice (clocks fall back); Later then holds
	// the second instant, so a form can ask the user which one they meant.
	Ambiguous bool
	Later     time.Time
}

// ParseLocal parses a local date-time such as "2026-03-10T09:00" as wall-clock time in zone
// and returns the instant in UTC. It refuses text in another form (ErrBadInput), a time that
// does not exist in zone because clocks spring forward over it (ErrNonexistentTime), and flags
// a time that occurs twice because clocks fall back (Parsed.Ambiguous).
func ParseLocal(input, zone string) (Parsed, error) {
	loc, err := Load(zone)
	if err != nil {
		return Parsed{}, err
	}
	return ParseLocalIn(input, loc)
}

// ParseLocalIn is ParseLocal with an already validated location.
func ParseLocalIn(input string, loc *time.Location) (Parsed, error) {
	s := strings.TrimSpace(input)
	var wall time.Time
	var perr error = ErrBadInput
	if len(s) <= len("2006-01-02T15:04:05") {
		for _, layout := range localLayouts {
			if w, err := time.Parse(layout, s); err == nil {
				wall, perr = w, nil
				break
			}
		}
	}
	if perr != nil {
		return Parsed{}, &InputError{Input: input, Zone: loc.String(), Err: ErrBadInput}
	}
	instants := resolve(wall, loc)
	switch len(instants) {
	case 0:
		return Parsed{}, &InputError{Input: input, Zone: loc.String(), Err: ErrNonexistentTime}
	case 1:
		return Parsed{UTC: instants[0]}, nil
	default:
		return Parsed{UTC: instants[0], Ambiguous: true, Later: instants[len(instants)-1]}, nil
	}
}

// resolve returns every instant (sorted, in UTC) at which clocks in loc show wall, the
// wall-clock fields of a time in UTC. It tries each UTC offset in force around that time and
// keeps the offsets that are really in force at the resulting instant.
func resolve(wall time.Time, loc *time.Location) []time.Time {
	offsets := map[int]bool{}
	for _, probe := range []time.Duration{-36 * time.Hour, -12 * time.Hour, 0, 12 * time.Hour, 36 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		offsets[off] = true
	}
	var out []time.Time
	for off := range offsets {
		inst := wall.Add(-time.Duration(off) * time.Second)
		if _, actual := inst.In(loc).Zone(); actual == off {
			out = append(out, inst.UTC())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}
