package commitment

import "time"

// Clock tells the time; services inject it so that overdue computations are testable.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock always returns the same instant (for tests and reproducible reports).
type FixedClock time.Time

// Now returns the fixed instant.
func (c FixedClock) Now() time.Time { return time.Time(c) }

// DaysOverdue returns by how many calendar days c is overdue on the clock's date in loc
// (nil means UTC): 0 if it has no due date, is not yet due, or its latest assessment in
// history rates it complete. A commitment due on a date is on time all of that day.
func DaysOverdue(c *Commitment, history []Assessment, clock Clock, loc *time.Location) int {
	if c.Due.IsZero() {
		return 0
	}
	if a, ok := Latest(history); ok && a.Progress == ProgressComplete {
		return 0
	}
	if loc == nil {
		loc = time.UTC
	}
	now := clock.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	due := time.Date(c.Due.Year(), c.Due.Month(), c.Due.Day(), 0, 0, 0, 0, time.UTC)
	if !today.After(due) {
		return 0
	}
	return int(today.Sub(due).Hours() / 24)
}

// IsOverdue reports whether DaysOverdue is positive.
func IsOverdue(c *Commitment, history []Assessment, clock Clock, loc *time.Location) bool {
	return DaysOverdue(c, history, clock, loc) > 0
}
