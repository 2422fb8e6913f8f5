package screening

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/screening/rules"
)

// RuleSource is where the rule set comes from, for reloads.
type RuleSource interface {
	// Version returns the version the next Load would give (rules.RuleSet.Version), cheaply.
	Version() (string, error)
	// Load reads and validates the whole rule set.
	Load() (*rules.RuleSet, error)
	// String names the source in logs.
	String() string
}

// DirRules is the rule files of a directory (config rules_dir).
type DirRules string

// Version hashes the directory's rule files.
func (d DirRules) Version() (string, error) { return rules.DirVersion(string(d)) }

// Load loads and validates the directory's rule files.
func (d DirRules) Load() (*rules.RuleSet, error) { return rules.Load(string(d)) }

func (d DirRules) String() string { return string(d) }

// ReloadRules loads the rule set from src and, when the whole set is valid and differs from the
// one in force, swaps it in atomically and asks the background worker to re-screen every
// session (flags keep their review history; the new version is in every fingerprint). A set with
// any problem is refused: each problem is logged as file:line:column: rule: field: reason, the
// rules in force stay, and the error is returned. It reports whether the rules changed.
func (s *Service) ReloadRules(ctx context.Context, src RuleSource) (bool, error) {
	rs, err := src.Load()
	if err != nil {
		problems := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			problems = j.Unwrap()
		}
		for _, p := range problems {
			s.log.ErrorContext(ctx, "rules reload refused: "+p.Error(), "source", src.String())
		}
		s.log.ErrorContext(ctx, "rules reload refused; the rules in force stay", "source", src.String(),
			"problems", len(problems), "version_in_force", s.ruleSet().Version())
		return false, fmt.Errorf("rules (%s): %w", src, err)
	}
	old := s.ruleSet()
	if old != nil && rs.Version() == old.Version() {
		return false, nil
	}
	if !s.rules.CompareAndSwap(old, rs) {
		return false, errors.New("rules: another reload swapped the rule set meanwhile")
	}
	from := ""
	if old != nil {
		from = old.Version()
	}
	s.log.WarnContext(ctx, "rules reloaded; re-screening every session", "source", src.String(), "rules", rs.Len(),
		"version", rs.Version(), "previous", from)
	if s.tx != nil && s.audit != nil {
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Append(ctx, audit.Entry{Action: "rules.reload", TargetType: "rules", TargetID: rs.Version(),
				Details: map[string]any{"previous": from, "rules": rs.Len(), "source": src.String()}})
		})
		if err != nil {
			s.log.ErrorContext(ctx, "rules reload: audit event not recorded", "err", err)
		}
	}
	s.Kick()
	return true, nil
}

// WatchRules reloads the rules when src's files change (checked every interval; 0: never) and
// whenever hup delivers (SIGHUP), until ctx ends. A refused version is not retried (nor logged
// again) until the files change once more or a SIGHUP asks for it.
func (s *Service) WatchRules(ctx context.Context, src RuleSource, every time.Duration, hup <-chan os.Signal) {
	var tick <-chan time.Time
	if every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	refused, readErr := "", ""
	for {
		force := false
		select {
		case <-ctx.Done():
			return
		case <-tick:
		case <-hup:
			force = true
			s.log.InfoContext(ctx, "SIGHUP: reloading the rules", "source", src.String())
		}
		v, err := src.Version()
		if err != nil && !force {
			if err.Error() != readErr {
				s.log.ErrorContext(ctx, "rules: cannot read the rule files; the rules in force stay", "source", src.String(), "err", err)
				readErr = err.Error()
			}
			continue
		}
		readErr = ""
		if !force && (v == s.ruleSet().Version() || v == refused) {
			continue
		}
		if _, err := s.ReloadRules(ctx, src); err != nil {
			refused = v
		} else {
			refused = ""
		}
	}
}

// StaleSessions counts the sessions whose flags were computed with another rule set than the one
// in force (or never): what a start or a reload leaves to the background sweep.
func (s *Service) StaleSessions(ctx context.Context) (int, error) {
	if s.flags == nil {
		return 0, nil
	}
	return s.flags.CountStale(ctx, s.ruleSet().Version())
}
